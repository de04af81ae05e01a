import {
  CURRENT_VERSIONS,
  parseMinor,
  type DonationEvent,
  type DonorDetail,
  type DonationReceived,
  type EventMetadata,
  type ReturnAction,
  type MatchKeys,
  type InKindGift,
  type DonorAttribution,
  type ImpermissibleDonationDealtWith,
} from '#contracts';
import type { CampaignState } from '../committee/campaign.decider.js';
import type { DonationAmounts } from './donation-amounts.js';
import { committeeTimeZoneAt, type CommitteeState } from '../committee/committee.decider.js';
import { dayInZone, nextElectionOn } from '#compliance-rules';
import { JURISDICTION_RULES } from '../committee/jurisdiction.js';
import { checkReceiptWindow } from './receipt-window.js';
import { datesReceived, evolveDates, type DonationDates } from './donation-dates.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';

/** The payload DonationReceived is written with now: the decider names no version, so a new one changes nothing here. */
type DonationReceivedPayload = DonationReceived['payload'];

/**
 * Where a donation stands, as its owner and compliance officers read it. `partly_accepted`:
 * compliance kept less than was received; `refunded`: everything received went back;
 * `charged_back`: the bank took money back, whatever else happened.
 */
export type DonationStatus =
  | 'received'
  | 'accepted'
  | 'partly_accepted'
  | 'flagged'
  | 'rejected'
  | 'partly_refunded'
  | 'refunded'
  | 'charged_back';

/** What compliance decided; null until it has. */
export type ComplianceDecision = 'accepted' | 'flagged' | 'rejected';

export type PaymentStatus = 'pending' | 'captured' | 'failed';

export interface DonationHistoryEntry {
  eventId: string;
  type: DonationEvent['type'];
  /** When the ledger recorded it (when it happened, for a fact not yet recorded). */
  at: string;
  /** The donation's status once this fact was in. */
  status: DonationStatus;
  /** The money the fact moved, where it moved any. */
  amountMinor: bigint | null;
}

export interface DonationRecord {
  status: DonationStatus;
  received: DonationReceivedPayload;
  decision: ComplianceDecision | null;
  acceptedAmountMinor: bigint;
  refundedAmountMinor: bigint;
  chargedBackAmountMinor: bigint;
  payment: { status: PaymentStatus; capturedAmountMinor: bigint; failure: string | null };
  /**
   * The payment provider's facts recorded so far, by ledger event id, each as a fingerprint
   * of its content: a redelivery matches one, a conflicting reuse of a provider event id does not.
   */
  paymentFacts: Map<string, string>;
  rejection: { code: string; detail: string } | null;
  flags: { code: string; detail: string }[];
  /** Whether reports must itemize it; null until accepted (or when decided before this was recorded). */
  itemized: boolean | null;
  /** PPERA: why an accepted donation is reportable (`figures.reportingMark` of its acceptance); null otherwise. */
  reportingMark: string | null;
  /** The excess of a partly accepted donation, to be refunded, redesignated or reattributed by `dueOn`. */
  excessHeld: { amountMinor: bigint; dueOn: string } | null;
  /** Details of the donor to ask for by `dueOn`, the donation being itemized. */
  bestEffortsRequest: { missingDetails: DonorDetail[]; dueOn: string } | null;
  /** A donation the party may not keep (PPERA s.56): what must become of the money, by `dueOn`. */
  returnRequired: { code: string; action: ReturnAction; amountMinor: bigint; dueOn: string } | null;
  /** How and when such a donation was dealt with (ImpermissibleDonationDealtWith); null until an officer records it. */
  dealtWith: DonationDealtWith | null;
  /** Received, accepted and deposited, as corrected (donation-dates.decider.ts). */
  dates: DonationDates;
  history: DonationHistoryEntry[];
}

export type DonationState = { status: 'none' } | DonationRecord;

export type DonationDealtWith = Pick<ImpermissibleDonationDealtWith['payload'], 'manner' | 'dealtWithOn' | 'reference' | 'reason' | 'recordedBy'>;

export const initialDonationState = (): DonationState => ({ status: 'none' });

export const amountsOf = (donation: DonationRecord): DonationAmounts => ({
  receivedMinor: parseMinor(donation.received.amountMinor),
  acceptedMinor: donation.acceptedAmountMinor,
  refundedMinor: donation.refundedAmountMinor,
  chargedBackMinor: donation.chargedBackAmountMinor,
});

/** The status follows from the amounts and the decision alone, whatever order the facts came in. */
export function statusOf(donation: Omit<DonationRecord, 'status'>): DonationStatus {
  const receivedMinor = parseMinor(donation.received.amountMinor);
  if (donation.chargedBackAmountMinor > 0n) return 'charged_back';
  if (donation.refundedAmountMinor > 0n) return donation.refundedAmountMinor >= receivedMinor ? 'refunded' : 'partly_refunded';
  switch (donation.decision) {
    case null:
      return 'received';
    case 'accepted':
      return donation.acceptedAmountMinor < receivedMinor ? 'partly_accepted' : 'accepted';
    case 'flagged':
    case 'rejected':
      return donation.decision;
    default:
      return assertNever(donation.decision);
  }
}

/** Same content of two facts of one type: their payload fields and when they happened, key order aside. */
export function paymentFactFingerprint(event: Pick<DonationEvent, 'type' | 'payload' | 'metadata'>): string {
  const payload = event.payload as unknown as Record<string, unknown>;
  const fields = Object.keys(payload)
    .sort()
    .map((key) => `${key}=${JSON.stringify(payload[key])}`);
  return [event.type, event.metadata.occurredAt, ...fields].join('\u001f');
}

function received(event: DonationReceived, at: string): DonationRecord {
  const record: Omit<DonationRecord, 'status'> = {
    received: event.payload,
    decision: null,
    acceptedAmountMinor: 0n,
    refundedAmountMinor: 0n,
    chargedBackAmountMinor: 0n,
    payment: { status: 'pending', capturedAmountMinor: 0n, failure: null },
    paymentFacts: new Map(),
    rejection: null,
    flags: [],
    itemized: null,
    reportingMark: null,
    excessHeld: null,
    bestEffortsRequest: null,
    returnRequired: null,
    dealtWith: null,
    dates: datesReceived(event.payload.receivedAt),
    history: [],
  };
  const status = statusOf(record);
  return { ...record, status, history: [{ eventId: event.eventId, type: event.type, at, status, amountMinor: parseMinor(event.payload.amountMinor) }] };
}

/** The record once `event` is in, before its status and history are brought up to date. */
function applied(state: DonationRecord, event: Exclude<DonationEvent, DonationReceived>): DonationRecord {
  const fact = (): Map<string, string> => new Map(state.paymentFacts).set(event.eventId, paymentFactFingerprint(event));
  switch (event.type) {
    case 'DonationAccepted':
      return {
        ...state,
        decision: 'accepted',
        acceptedAmountMinor: parseMinor(event.payload.acceptedAmountMinor),
        itemized: event.payload.itemized,
        reportingMark: event.payload.figures.reportingMark ?? null,
        dates: { ...state.dates, acceptedAt: acceptedAtAfter(state.dates, event.metadata.occurredAt) },
      };
    case 'DonationFlagged':
      return { ...state, decision: 'flagged', flags: [...state.flags, ...event.payload.reasons] };
    case 'DonationRejected':
      return { ...state, decision: 'rejected', rejection: { code: event.payload.code, detail: event.payload.detail } };
    case 'DonationRefunded':
      return { ...state, refundedAmountMinor: state.refundedAmountMinor + parseMinor(event.payload.amountMinor), paymentFacts: fact() };
    case 'ChargebackReceived':
      return { ...state, chargedBackAmountMinor: state.chargedBackAmountMinor + parseMinor(event.payload.amountMinor), paymentFacts: fact() };
    case 'PaymentCaptured':
      return { ...state, payment: { status: 'captured', capturedAmountMinor: parseMinor(event.payload.amountMinor), failure: null }, paymentFacts: fact() };
    case 'PaymentFailed':
      return { ...state, payment: { ...state.payment, status: 'failed', failure: event.payload.reason }, paymentFacts: fact() };
    case 'ExcessiveContributionHeld':
      return { ...state, excessHeld: { amountMinor: parseMinor(event.payload.excessAmountMinor), dueOn: event.payload.dueOn } };
    case 'BestEffortsRequestOpened':
      return { ...state, bestEffortsRequest: { missingDetails: event.payload.missingDetails, dueOn: event.payload.dueOn } };
    case 'DonationReturnRequired': {
      const { code, action, amountMinor, dueOn } = event.payload;
      return { ...state, returnRequired: { code, action, amountMinor: parseMinor(amountMinor), dueOn } };
    }
    case 'ImpermissibleDonationDealtWith': {
      const { manner, dealtWithOn, reference, reason, recordedBy } = event.payload;
      return { ...state, dealtWith: { manner, dealtWithOn, reference, reason, recordedBy } };
    }
    case 'DonationDeposited':
    case 'DonationDateCorrected':
      return { ...state, dates: evolveDates(state.dates, event, event.metadata.occurredAt) };
    default:
      return assertNever(event);
  }
}

/** An acceptance dates the donation, unless an officer has corrected its date of acceptance: the correction stands. */
const acceptedAtAfter = (dates: DonationDates, occurredAt: string): string =>
  dates.acceptedAt !== null && dates.corrections.some((c) => c.date === 'accepted') ? dates.acceptedAt : occurredAt;

function movedAmount(event: Exclude<DonationEvent, DonationReceived>): bigint | null {
  switch (event.type) {
    case 'DonationAccepted':
      return parseMinor(event.payload.acceptedAmountMinor);
    case 'DonationRefunded':
    case 'ChargebackReceived':
    case 'PaymentCaptured':
      return parseMinor(event.payload.amountMinor);
    case 'ExcessiveContributionHeld':
      return parseMinor(event.payload.excessAmountMinor);
    case 'DonationReturnRequired':
      return parseMinor(event.payload.amountMinor);
    default:
      return null;
  }
}

export function evolveDonation(state: DonationState, event: DonationEvent & { recordedAt?: string }): DonationState {
  const at = event.recordedAt ?? event.metadata.occurredAt;
  if (event.type === 'DonationReceived') return received(event, at);
  if (state.status === 'none') return state;
  const next = applied(state, event);
  const status = statusOf(next);
  return { ...next, status, history: [...state.history, { eventId: event.eventId, type: event.type, at, status, amountMinor: movedAmount(event) }] };
}

/** A donation's stream as intake, its webhooks and compliance fold it. */
export const donationFold: Fold<DonationState, DonationEvent & { recordedAt?: string }> = { evolve: evolveDonation, initialState: initialDonationState };

export interface ReceiveDonation {
  type: 'ReceiveDonation';
  eventId: string;
  metadata: EventMetadata;
  /** `matchKeys`: the keyed hashes structuring detection compares; none when absent (an instalment of a plan). */
  data: Omit<DonationReceivedPayload, 'amountMinor' | 'committeeId' | 'matchKeys'> & { amountMinor: bigint; matchKeys?: MatchKeys };
  campaign: CampaignState;
  committee: CommitteeState;
}

/**
 * Takes a donation in. A repeat of the same donation (same id, same content) yields no new
 * event; the same id with different content is refused. Whether the law lets the committee
 * keep it is compliance's decision, made on the received fact.
 */
export function receiveDonation(command: ReceiveDonation, state: DonationState): DonationReceived[] {
  const { data, campaign, committee } = command;
  if (campaign.status !== 'opened') reject('campaign_not_found', `campaign ${data.campaignId} does not exist`);
  if (committee.status !== 'registered') reject('committee_not_found', `committee ${campaign.committeeId} is not registered`);
  const payload = receivedPayload(command, campaign.committeeId, electionFor(command.data.electionId, committee, command.data.receivedAt));
  if (state.status !== 'none') {
    if (sameDonation(state.received, payload)) return [];
    reject('donation_already_exists', `donation ${data.donationId} exists with different content`);
  }
  if (data.amountMinor <= 0n) reject('amount_must_be_positive', 'amountMinor must be greater than zero');
  if (data.currency !== campaign.currency) {
    reject('currency_mismatch', `campaign ${campaign.campaignId} takes ${campaign.currency}, not ${data.currency}`);
  }
  checkReceiptWindow({ receivedAt: data.receivedAt, now: command.metadata.occurredAt, opensAt: campaign.opensAt, closesAt: campaign.closesAt });
  return [
    { eventId: command.eventId, type: 'DonationReceived', version: CURRENT_VERSIONS.DonationReceived, payload, metadata: command.metadata },
  ];
}

/** The election a donation to `committee` counts towards: the one designated, or the committee's default. */
export function electionFor(designated: string | null, committee: CommitteeState & { status: 'registered' }, receivedAt: string): string | null {
  if (designated !== null) {
    if (!committee.elections.some((e) => e.electionId === designated)) {
      reject('election_unknown', `election ${designated} is not one of committee ${committee.committeeId}'s`);
    }
    return designated;
  }
  if (!JURISDICTION_RULES[committee.jurisdiction].donationsCountTowardsAnElection) return committee.defaultElectionId;
  // A committee without a default asks its donors to designate; one with a default attributes an
  // undesignated gift as the law does, to the next election on its local day of receipt, and only
  // when none of its elections is still ahead to the default.
  if (committee.defaultElectionId === null) reject('election_required', 'this committee has no default election: designate one');
  const next = nextElectionOn(committee.elections, dayInZone(receivedAt, committeeTimeZoneAt(committee, receivedAt)));
  return next ?? committee.defaultElectionId;
}

export const NO_MATCH_KEYS: MatchKeys = Object.freeze({ paymentInstrument: null, address: null, email: null, device: null });

/** The payload is the command's data as given, less what the decider settles: committee, amount as text, election, match keys. */
export function receivedPayload(command: Pick<ReceiveDonation, 'data'>, committeeId: string, electionId: string | null): DonationReceivedPayload {
  const { donationId, campaignId, amountMinor, currency, matchKeys, ...given } = command.data;
  return { donationId, campaignId, committeeId, amountMinor: amountMinor.toString(10), currency, ...given, electionId, matchKeys: matchKeys ?? NO_MATCH_KEYS };
}

const sameGift = (a: InKindGift | null, b: InKindGift | null): boolean =>
  a === b || (a !== null && b !== null && a.nature === b.nature && a.description === b.description && a.valuationBasis === b.valuationBasis);

/** The same attribution: basis, and each partner with their share (their sealed details differ per sealing). */
const sameAttribution = (a: DonorAttribution | undefined, b: DonorAttribution | undefined): boolean =>
  a === b ||
  (a !== undefined && b !== undefined && a.basis === b.basis && a.shares.length === b.shares.length && a.shares.every((s, i) => s.donorId === b.shares[i].donorId && s.amountMinor === b.shares[i].amountMinor));

/** Same donation: every field the donor or PSP chose. Sealed PII differs per encryption (random IV). */
function sameDonation(a: DonationReceivedPayload, b: DonationReceivedPayload): boolean {
  return (
    a.publicAcknowledgement?.showAmount === b.publicAcknowledgement?.showAmount &&
    a.campaignId === b.campaignId &&
    a.amountMinor === b.amountMinor &&
    a.currency === b.currency &&
    a.donor.donorId === b.donor.donorId &&
    sameAttribution(a.donor.attribution, b.donor.attribution) &&
    a.payment.method === b.payment.method &&
    a.payment.pspReference === b.payment.pspReference &&
    sameGift(a.payment.inKind, b.payment.inKind) &&
    a.electionId === b.electionId
  );
}
