import { Inject, Injectable } from '@nestjs/common';
import {
  committeeStreamId,
  CURRENT_VERSIONS,
  deterministicId,
  donationStreamId,
  donorAggregateStreamId,
  parseMinor,
  upcast,
  type DonationReceivedV4,
  type ExcessCounted,
  type NewEvent,
  type RecordedEvent,
  type ReviewDecisionEvent,
} from '#contracts';
import { electionsOfCycle, RULE_IDS } from '#compliance-rules';
import {
  committeeFold,
  decideContribution,
  decisionEvents,
  electionFactsOf,
  donorAggregateFold,
  type DonorAggregateState,
  returnOfRejectedSource,
  reverseContribution,
  UNDESIGNATED,
  contributionPack,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type FollowUpAppend, type LedgerStore } from '#ledger';

/** A stream read as its (upcast) events, for a rule that reads a donation's whole history. */
const streamEvents = { evolve: (events: RecordedEvent[], event: RecordedEvent): RecordedEvent[] => [...events, event], initialState: (): RecordedEvent[] => [] };

/**
 * What an officer's decision changes on donors' aggregates, so the next decision sees it:
 * a redesignated excess counts towards the other election, a reattributed one towards the joint
 * holder, a rejected structuring suspect no longer counts, an approved questionable source
 * is counted (under the limits, as any donation), and a refused one is rejected with its
 * return due (on the donation's stream). Every event's id derives from the decision,
 * so applying one decision again, from the API or from the bus, appends nothing new.
 */
@Injectable()
export class ReviewEffects {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async apply(decision: ReviewDecisionEvent | RecordedEvent): Promise<void> {
    const event = decision as ReviewDecisionEvent;
    switch (event.type) {
      case 'ExcessRedesignated':
        return this.countExcess(event, event.payload.donorId, event.payload.toElectionId, 'redesignation');
      case 'ExcessReattributed':
        return this.countExcess(event, event.payload.toDonorId, event.payload.electionId, 'reattribution');
      case 'ReviewItemRejected':
        if (event.payload.item === 'structuring') await this.uncount(event);
        if (event.payload.item === 'questionable_source') await this.returnRefused(event);
        return;
      case 'ReviewItemApproved':
        if (event.payload.item === 'questionable_source') await this.count(event);
        return;
      default:
        return;
    }
  }

  private async received(donationId: string): Promise<DonationReceivedV4> {
    const events = await this.ledger.readStream(donationStreamId(donationId));
    const received = events.find((e) => e.type === 'DonationReceived');
    if (!received) throw new Error(`review decision on unknown donation ${donationId}`);
    return upcast<RecordedEvent<'DonationReceived', DonationReceivedV4>>(received).payload;
  }

  private async appendToAggregate(streamId: string, build: (state: DonorAggregateState) => NewEvent[]): Promise<void> {
    await handleCommand(this.ledger, streamId, donorAggregateFold, (state, aggregate) =>
      build(state).filter((e) => !aggregate.events.some((known) => known.eventId === e.eventId)),
    );
  }

  private async countExcess(decision: ReviewDecisionEvent, donorId: string, electionId: string, remedy: 'redesignation' | 'reattribution'): Promise<void> {
    const payload = decision.payload as { donationId: string; committeeId: string; amountMinor: string; currency: string };
    const received = await this.received(payload.donationId);
    const counted: ExcessCounted = {
      eventId: deterministicId('excess-counted', decision.eventId),
      type: 'ExcessCounted',
      version: CURRENT_VERSIONS.ExcessCounted,
      payload: { donationId: payload.donationId, donorId, electionId, amountMinor: payload.amountMinor, currency: payload.currency, remedy, decisionEventId: decision.eventId, paymentMethod: received.payment.method },
      metadata: { ...decision.metadata, causationId: decision.eventId, donorId },
    };
    await this.appendToAggregate(donorAggregateStreamId(payload.committeeId, donorId), () => [counted]);
  }

  /** A questionable source the officer refused: rejected on the donation's stream, its return due (returnOfRejectedSource). */
  private async returnRefused(decision: Extract<ReviewDecisionEvent, { type: 'ReviewItemRejected' }>): Promise<void> {
    await handleCommand(this.ledger, donationStreamId(decision.payload.donationId), streamEvents, (events) => returnOfRejectedSource(decision, events));
  }

  /** A structuring suspect the officer refused: the donor's aggregate gives back all it counted. */
  private async uncount(decision: Extract<ReviewDecisionEvent, { type: 'ReviewItemRejected' }>): Promise<void> {
    const received = await this.received(decision.payload.donationId);
    const receivedMinor = parseMinor(received.amountMinor);
    await this.appendToAggregate(donorAggregateStreamId(received.committeeId, received.donor.donorId), (state) =>
      reverseContribution(
        {
          type: 'ReverseContribution',
          donationId: received.donationId,
          committeeId: received.committeeId,
          donorId: received.donor.donorId,
          currency: received.currency,
          receivedMinor,
          refundedMinor: receivedMinor,
          chargedBackMinor: 0n,
          causationEventId: decision.eventId,
          reason: 'refund',
          correlationId: decision.metadata.correlationId,
          decidedAt: decision.metadata.occurredAt,
        },
        state,
      ),
    );
  }

  /**
   * A questionable source cleared: decided again as any donation, without the rule that flagged
   * it, under the pack of its day. The decision's ids derive from the approval, so it is counted
   * once; the acceptance (and any excess held) goes on the donation's stream after the count.
   */
  private async count(decision: Extract<ReviewDecisionEvent, { type: 'ReviewItemApproved' }>): Promise<void> {
    const received = await this.received(decision.payload.donationId);
    const committeeStream = committeeStreamId(received.committeeId);
    let committee = await loadState(this.ledger, committeeStream, committeeFold);
    if (committee.state.status !== 'registered') return;
    const { pack, notes } = contributionPack(committee.state, received.electionId, received.receivedAt);
    const cleared = { ...pack, rules: pack.rules.filter((rule) => rule !== RULE_IDS.questionableSource) };
    const cycleElectionIds = electionsOfCycle(committee.state.elections, received.electionId ?? UNDESIGNATED);
    const streamId = donorAggregateStreamId(received.committeeId, received.donor.donorId);
    let attempt = 0;
    await handleCommand(this.ledger, streamId, donorAggregateFold, async (aggregate) => {
      // After a lost race the committee is read again: paying an election's net debts is guarded by its revision.
      if (attempt++ > 0) committee = await loadState(this.ledger, committeeStream, committeeFold);
      const election = committee.state.status === 'registered' ? electionFactsOf(committee.state, received.electionId) : null;
      const result = decideContribution(
        {
          type: 'DecideContribution',
          donation: received,
          causationEventId: decision.eventId,
          correlationId: decision.metadata.correlationId,
          pack: cleared,
          packNotes: notes,
          permissibilityVerified: true,
          cycleElectionIds,
          ...(election ? { election } : {}),
          decidedAt: decision.metadata.occurredAt,
        },
        aggregate,
      );
      const counted = result.outcome === 'accept' && result.counted ? [result.counted] : [];
      const followUps: FollowUpAppend[] = [{ streamId: donationStreamId(received.donationId), events: decisionEvents(result) }];
      if (result.outcome === 'accept' && result.netDebtsApplied) followUps.push({ streamId: committeeStream, events: [result.netDebtsApplied], expected: committee.revision ?? 'no_stream' });
      return { events: counted, followUps };
    });
  }
}
