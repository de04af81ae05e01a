import {
  parseMinor,
  type BestEffortsRequestOpenedV1,
  type DonationFlaggedV2,
  type DonationReceivedV4,
  type EventMetadata,
  type ExcessiveContributionHeldV1,
  type RecordedEvent,
  type ReviewDecisionEvent,
  type ReviewEvent,
  type ReviewItemKind,
  type StructuringSuspectedV1,
} from '#contracts';
import { assertNever } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';

/** What the donation's own stream says an officer may have to decide about. */
export interface ReviewSubject {
  received: DonationReceivedV4;
  acceptedMinor: bigint;
  flagged: DonationFlaggedV2 | null;
  held: ExcessiveContributionHeldV1 | null;
  bestEfforts: BestEffortsRequestOpenedV1 | null;
}

/** Reads the donation's stream (upcast) for review; null when there is no such donation. */
export function reviewSubjectOf(events: readonly RecordedEvent[]): ReviewSubject | null {
  const received = events.find((e) => e.type === 'DonationReceived');
  if (!received) return null;
  const payload = <T>(type: string): T | null => (events.find((e) => e.type === type)?.payload as T | undefined) ?? null;
  const accepted = events.filter((e) => e.type === 'DonationAccepted').map((e) => parseMinor((e.payload as { acceptedAmountMinor: string }).acceptedAmountMinor));
  return {
    received: received.payload as DonationReceivedV4,
    acceptedMinor: accepted.length ? accepted[accepted.length - 1] : 0n,
    flagged: payload<DonationFlaggedV2>('DonationFlagged'),
    held: payload<ExcessiveContributionHeldV1>('ExcessiveContributionHeld'),
    bestEfforts: payload<BestEffortsRequestOpenedV1>('BestEffortsRequestOpened'),
  };
}

/** The review stream folded: the suspicion, which items an officer closed, and how much excess was remedied. */
export interface ReviewState {
  suspected: StructuringSuspectedV1 | null;
  closed: ReadonlyMap<ReviewItemKind, { decision: ReviewDecisionEvent['type']; officer: string }>;
  remediedExcessMinor: bigint;
  informationRequests: number;
}

export const initialReviewState = (): ReviewState => ({ suspected: null, closed: new Map(), remediedExcessMinor: 0n, informationRequests: 0 });

export function evolveReview(state: ReviewState, event: ReviewEvent): ReviewState {
  const close = (item: ReviewItemKind, officer: string) => new Map(state.closed).set(item, { decision: event.type as ReviewDecisionEvent['type'], officer });
  switch (event.type) {
    case 'StructuringSuspected':
      return { ...state, suspected: event.payload };
    case 'ReviewItemApproved':
      return { ...state, closed: close(event.payload.item, event.payload.officer) };
    case 'ReviewItemRejected': {
      const refunded = event.payload.item === 'excess' ? parseMinor(event.payload.refundAmountMinor) : 0n;
      const remedied = state.remediedExcessMinor + refunded;
      return { ...state, remediedExcessMinor: remedied, closed: event.payload.item === 'excess' ? state.closed : close(event.payload.item, event.payload.officer) };
    }
    case 'ExcessRedesignated':
    case 'ExcessReattributed':
      return { ...state, remediedExcessMinor: state.remediedExcessMinor + parseMinor(event.payload.amountMinor) };
    case 'ReviewInformationRequested': {
      const next = { ...state, informationRequests: state.informationRequests + 1 };
      // A best-efforts request is closed by making it; other items wait for the answer.
      return event.payload.item === 'best_efforts' ? { ...next, closed: close('best_efforts', event.payload.officer) } : next;
    }
    default:
      return assertNever(event);
  }
}

/** A donation's review stream as the officers' commands fold it. */
export const reviewFold: Fold<ReviewState, ReviewEvent> = { evolve: evolveReview, initialState: initialReviewState };

export interface ReviewItem {
  kind: ReviewItemKind;
  /** Last day (UTC) to act, YYYY-MM-DD. */
  dueOn: string;
  open: boolean;
  /** The excess still held (excess), the donation's amount (otherwise). */
  amountMinor: bigint;
  closedBy: { decision: string; officer: string } | null;
}

export const remainingExcessMinor = (subject: ReviewSubject, review: ReviewState): bigint =>
  subject.held ? parseMinor(subject.held.excessAmountMinor) - review.remediedExcessMinor : 0n;

/** Every item of one donation, open or closed. */
export function reviewItemsOf(subject: ReviewSubject, review: ReviewState): ReviewItem[] {
  const amount = parseMinor(subject.received.amountMinor);
  const item = (kind: ReviewItemKind, dueOn: string, amountMinor: bigint, open: boolean): ReviewItem => ({ kind, dueOn, amountMinor, open, closedBy: review.closed.get(kind) ?? null });
  const items: ReviewItem[] = [];
  if (subject.flagged) {
    const earliest = subject.flagged.deadlines.map((d) => d.dueOn).sort()[0] ?? subject.received.receivedAt.slice(0, 10);
    items.push(item('questionable_source', earliest, amount, !review.closed.has('questionable_source')));
  }
  if (review.suspected) items.push(item('structuring', review.suspected.reviewDueOn, amount, !review.closed.has('structuring')));
  if (subject.held) {
    const remaining = remainingExcessMinor(subject, review);
    items.push(item('excess', subject.held.dueOn, remaining, remaining > 0n));
  }
  if (subject.bestEfforts) items.push(item('best_efforts', subject.bestEfforts.dueOn, amount, !review.closed.has('best_efforts')));
  return items;
}

export const REVIEW_DECISIONS = ['approve', 'reject', 'redesignate', 'reattribute', 'request_information'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface DecideReview {
  type: 'DecideReview';
  eventId: string;
  metadata: EventMetadata;
  item: ReviewItemKind;
  decision: ReviewDecision;
  officer: string;
  reason: string;
  /** Of the excess to remedy; all that is left when null. */
  amountMinor: bigint | null;
  toElectionId: string | null;
  toDonorId: string | null;
  /**
   * Whether the committee's own tenant knows `toDonorId`: a donor it has taken a donation from or
   * holds personal data of. A reattribution may only name such a donor; an id that does not
   * exist, or that only another tenant has seen, is refused before anything is appended.
   */
  toDonorKnown: boolean;
  /** The committee's elections (a redesignation must name one). */
  electionIds: readonly string[];
  /**
   * Where a redesignated or reattributed excess would count: that election's aggregate for the
   * receiving donor and its limit (null: none). The service reads it from the aggregate stream.
   */
  target: { aggregateMinor: bigint; limitMinor: bigint | null } | null;
}
