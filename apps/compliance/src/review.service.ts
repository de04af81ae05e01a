import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  committeeStreamId,
  deterministicId,
  donationStreamId,
  donorAggregateStreamId,
  reviewStreamId,
  upcast,
  type EventMetadata,
  type ReviewDecisionEvent,
  type ReviewEvent,
} from '#contracts';
import { amountOf } from '#compliance-rules';
import {
  combinedAggregate,
  committeeFold,
  decideReview,
  DONOR_ID_PATTERN,
  donorAggregateFold,
  initialCommitteeState,
  reviewFold,
  reviewItemsOf,
  reviewSubjectOf,
  type DecideReview,
  type ReviewDecisionInput,
  type ReviewState,
  type ReviewSubject,
  contributionPack,
  type CommitteeState,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, loadStreams, streamLoad, type LedgerStore, type Loaded } from '#ledger';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { READ_MODELS } from '#platform';
import { ReviewIndexRow } from './review/review-index.entity.js';
import { linkedDonorsOf } from './linked-donors.js';
import { ReviewEffects } from './review-effects.js';

/** A stream read for its events only (a donation's, which reviewSubjectOf reads whole). */
const eventsOnly = { evolve: (state: null) => state, initialState: (): null => null };

export interface LoadedReview {
  subject: ReviewSubject | null;
  review: ReviewState;
  revision: number | null;
  events: ReviewEvent[];
}

export interface DecisionContext {
  officer: string;
  correlationId: string;
  /** The officer's request's W3C traceparent, when it sent one: the decision carries it on. */
  traceId?: string;
  now: string;
}

/**
 * Officers' use cases: read the donation and its review stream from the ledger, decide, and
 * append the decision with the review stream's revision, so an excess is remedied once however
 * many officers press the button. The decision's effect on donors' aggregates follows with ids
 * derived from it (and again from the bus, should this process stop in between).
 */
@Injectable()
export class ReviewService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly effects: ReviewEffects,
    @Optional() @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault | null = null,
  ) {}

  async load(donationId: string): Promise<LoadedReview> {
    const [donation, review] = await Promise.all([
      this.ledger.readStream(donationStreamId(donationId)),
      loadState(this.ledger, reviewStreamId(donationId), reviewFold),
    ]);
    return { subject: reviewSubjectOf(donation.map((e) => upcast(e))), review: review.state, revision: review.revision, events: review.events as unknown as ReviewEvent[] };
  }

  /** Several donations with their reviews, every stream in one read of the ledger; in the order asked. */
  async loadMany(donationIds: readonly string[]): Promise<LoadedReview[]> {
    const loaded: readonly Loaded<unknown>[] = await loadStreams(
      this.ledger,
      donationIds.flatMap((id) => [streamLoad(donationStreamId(id), eventsOnly), streamLoad(reviewStreamId(id), reviewFold)]),
    );
    return donationIds.map((_, i) => {
      const [donation, review] = [loaded[2 * i], loaded[2 * i + 1] as Loaded<ReviewState>];
      return { subject: reviewSubjectOf(donation.events), review: review.state, revision: review.revision, events: review.events as unknown as ReviewEvent[] };
    });
  }

  async decide(donationId: string, input: ReviewDecisionInput, ctx: DecisionContext): Promise<ReviewDecisionEvent> {
    const { events } = await handleCommand(this.ledger, reviewStreamId(donationId), reviewFold, async (review) => {
      const subject = reviewSubjectOf((await this.ledger.readStream(donationStreamId(donationId))).map((e) => upcast(e)));
      return [decideReview(await this.command(subject, input, ctx), subject, review)];
    });
    const decision = events[0];
    await this.effects.apply(decision);
    await this.refreshIndex(donationId);
    return decision;
  }

  private async command(subject: ReviewSubject | null, input: ReviewDecisionInput, ctx: DecisionContext): Promise<DecideReview> {
    const committeeId = subject?.received.committeeId ?? 'unknown';
    const committee = subject ? (await loadState(this.ledger, committeeStreamId(committeeId), committeeFold)).state : initialCommitteeState();
    const electionIds = committee.status === 'registered' ? committee.elections.map((e) => e.electionId) : [];
    const metadata: EventMetadata = { occurredAt: ctx.now, correlationId: ctx.correlationId, causationId: ctx.correlationId, committeeId, donorId: subject?.received.donor.donorId, actor: ctx.officer, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) };
    return {
      type: 'DecideReview',
      // An officer's command causes nothing before it: a fresh id, checked by the expected revision.
      eventId: deterministicId('review-decision', donationId(subject), ctx.correlationId, ctx.now),
      metadata,
      item: input.item,
      decision: input.decision,
      officer: ctx.officer,
      reason: input.reason,
      amountMinor: input.amountMinor,
      toElectionId: input.toElectionId,
      toDonorId: input.toDonorId,
      toDonorKnown: input.decision === 'reattribute' && subject !== null && committee.status === 'registered' ? await this.knows(committee.tenantId, subject.received.committeeId, input.toDonorId) : false,
      electionIds,
      target: subject?.held ? await this.target(subject, input, committee.status === 'registered' ? committee : null) : null,
    };
  }

  /**
   * Whether the committee's tenant knows a donor: it holds (or held, until an erasure) that
   * donor's personal data, or the donor has given to this committee. Donor ids are keyed per
   * tenant, so another tenant's donor is as unknown here as an id nobody ever had.
   */
  private async knows(tenantId: string, committeeId: string, donorId: string | null): Promise<boolean> {
    if (donorId === null || !DONOR_ID_PATTERN.test(donorId)) return false;
    if (this.vault && (await this.vault.status(donorId, tenantId)) !== 'unknown') return true;
    return (await this.ledger.readStream(donorAggregateStreamId(committeeId, donorId), { maxCount: 1 })).length > 0;
  }

  /** The receiving donor's aggregate for the election the excess would count towards, and its limit. */
  private async target(subject: ReviewSubject, input: ReviewDecisionInput, committee: (CommitteeState & { status: 'registered' }) | null): Promise<DecideReview['target']> {
    const held = subject.held!;
    const donorId = input.decision === 'reattribute' ? input.toDonorId : held.donorId;
    const electionId = input.decision === 'redesignate' ? input.toElectionId : held.electionId;
    if (!donorId || !electionId || !committee) return null;
    const aggregate = await loadState(this.ledger, donorAggregateStreamId(held.committeeId, donorId), donorAggregateFold);
    // Donors an officer linked to the receiving one count together with it (issue 14, item 12).
    const linked = await linkedDonorsOf(this.ledger, held.committeeId, donorId, aggregate.state);
    const together = combinedAggregate(aggregate.state, linked.map((l) => l.state));
    const { pack } = contributionPack(committee, electionId, subject.received.receivedAt);
    return { aggregateMinor: together.byElection.get(electionId) ?? 0n, limitMinor: amountOf(pack, 'individualLimitPerElection') };
  }

  /** Keeps the queue's index of this donation in step with the ledger; run twice, it writes the same. */
  async refreshIndex(donationId: string): Promise<void> {
    await this.refreshIndexes([donationId]);
  }

  /**
   * Keeps the queue's index of these donations in step with the ledger: their streams in one
   * read, their rows in one upsert. Run twice, it writes the same.
   */
  async refreshIndexes(donationIds: readonly string[]): Promise<void> {
    const ids = [...new Set(donationIds)];
    if (ids.length === 0) return;
    const rows = (await this.loadMany(ids)).flatMap(({ subject, review }, i): ReviewIndexRow[] => {
      if (!subject) return [];
      const open = reviewItemsOf(subject, review).filter((item) => item.open);
      const nextDueOn = open.map((item) => item.dueOn).sort()[0] ?? null;
      return [{ donationId: ids[i], committeeId: subject.received.committeeId, openItems: open.length, nextDueOn }];
    });
    if (rows.length > 0) await this.readModels.getRepository(ReviewIndexRow).upsert(rows, ['donationId']);
  }

  /** Donations of a committee with something open, soonest deadline first. */
  async openDonationIds(committeeId: string, limit: number): Promise<string[]> {
    const rows = await this.readModels
      .getRepository(ReviewIndexRow)
      .createQueryBuilder('r')
      .where('r.committee_id = :committeeId AND r.open_items > 0', { committeeId })
      .orderBy('r.next_due_on', 'ASC')
      .addOrderBy('r.donation_id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((r) => r.donationId);
  }
}

const donationId = (subject: ReviewSubject | null): string => subject?.received.donationId ?? 'none';
