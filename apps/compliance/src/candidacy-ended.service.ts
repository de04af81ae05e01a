import { Inject, Injectable } from '@nestjs/common';
import { committeeStreamId, donationStreamId, donorAggregateStreamId, type CandidacyEndedV1, type ContributionCountedV1, type EventMetadata, type ExcessiveContributionHeld, type RecordedEvent } from '#contracts';
import { candidacyEndedHeldEvent, committeeFold, contributionPack, donationFold, donorAggregateFold, type CommitteeState, type DonationState, type DonorAggregateState } from '#domain';
import { LEDGER_STORE, loadState, loadStreams, streamLoad, type LedgerStore, type Loaded } from '#ledger';
import { ReviewService } from './review.service.js';

type Registered = Extract<CommitteeState, { status: 'registered' }>;

/**
 * Once an officer records that the candidate will not run in an election (lost the primary,
 * withdrew), the gifts already counted toward it are held for their refund (11 CFR 102.9(e)(3),
 * candidacyEndedHeldEvent); gifts that come later are held on receipt by the contribution rule.
 * A donation that already holds an excess is passed over: it carries one remedy at a time.
 */
@Injectable()
export class CandidacyEndedService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly reviews: ReviewService,
  ) {}

  async holdAfterEnd(event: RecordedEvent<'CandidacyEnded', CandidacyEndedV1>): Promise<ExcessiveContributionHeld[]> {
    const { committeeId, electionId } = event.payload;
    const committee = await loadState(this.ledger, committeeStreamId(committeeId), committeeFold);
    if (committee.state.status !== 'registered') return [];
    const donorIds = await this.donorsCountedFor(committeeId, electionId);
    const aggregates = (await loadStreams(this.ledger, donorIds.map((id) => streamLoad(donorAggregateStreamId(committeeId, id), donorAggregateFold)))) as readonly Loaded<DonorAggregateState>[];
    const counted = aggregates.flatMap((a) => [...a.state.counted].filter(([, c]) => c.electionId === electionId));
    const donations = (await loadStreams(this.ledger, counted.map(([id]) => streamLoad(donationStreamId(id), donationFold)))) as readonly Loaded<DonationState>[];
    const metadata: EventMetadata = { occurredAt: event.metadata.occurredAt, correlationId: event.metadata.correlationId, causationId: event.eventId, committeeId, actor: event.metadata.actor, ...(event.metadata.traceId ? { traceId: event.metadata.traceId } : {}) };
    const events = counted.flatMap(([, c], i) => {
      const donation = donations[i].state;
      if (donation.status === 'none' || donation.excessHeld !== null) return [];
      const { pack } = contributionPack(committee.state as Registered, electionId, donation.received.receivedAt);
      const held = candidacyEndedHeldEvent({ eventId: event.eventId, payload: event.payload }, { received: donation.received, keptMinor: c.amountMinor - c.reversedMinor, pack }, metadata);
      return held ? [held] : [];
    });
    if (events.length > 0) await this.ledger.appendMany(events.map((e) => ({ streamId: donationStreamId(e.payload.donationId), events: [e], expected: 'any' as const })));
    await this.reviews.refreshIndexes(events.map((e) => e.payload.donationId));
    return events;
  }

  /**
   * The donors who have money counted toward the election, from the committee's donor
   * aggregates read by event type: a rare officer's act, whose cost is the committee's counts.
   */
  private async donorsCountedFor(committeeId: string, electionId: string): Promise<string[]> {
    const filter = { eventTypes: ['ContributionCounted'], streamPrefixes: [donorAggregateStreamId(committeeId, '')] };
    const donors = new Set<string>();
    for (let after: number | null = null; ; ) {
      const page = await this.ledger.readAll({ after, maxCount: 500, filter });
      if (page.length === 0) return [...donors];
      for (const e of page) {
        const counted = e.payload as ContributionCountedV1;
        if (counted.electionId === electionId) donors.add(counted.donorId);
      }
      after = page[page.length - 1].position;
    }
  }
}
