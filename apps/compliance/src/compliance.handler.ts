import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  committeeStreamId,
  donationStreamId,
  donorAggregateStreamId,
  TOPICS,
  type DonationReceivedV2,
  type RecordedEvent,
} from '#contracts';
import { rulePackFor } from '#compliance-rules';
import {
  decideContribution,
  evolveCommittee,
  evolveDonation,
  evolveDonorAggregate,
  initialCommitteeState,
  initialDonationState,
  initialDonorAggregate,
} from '#domain';
import { isWrongExpectedRevision, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { BusConsumer, consumerGroup } from '#platform';

const MAX_CONFLICT_RETRIES = 50;

/**
 * Decides each received donation. The donor's aggregate stream is appended with the revision
 * read, so two donations by one donor decided at once cannot both use the same headroom: the
 * loser re-reads and decides again.
 */
@BusConsumer()
export class ComplianceHandler {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  @EventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (event.type === 'DonationReceived') await this.decide(event as RecordedEvent<'DonationReceived', DonationReceivedV2>);
  }

  async decide(event: RecordedEvent<'DonationReceived', DonationReceivedV2>): Promise<void> {
    const donation = event.payload;
    const current = await loadState(this.ledger, donationStreamId(donation.donationId), evolveDonation, initialDonationState);
    if (current.state.status !== 'received') return;
    const committee = await loadState(this.ledger, committeeStreamId(donation.committeeId), evolveCommittee, initialCommitteeState);
    if (committee.state.status !== 'registered') throw new Error(`committee ${donation.committeeId} of donation ${donation.donationId} is not registered`);
    const pack = rulePackFor(committee.state.jurisdiction, donation.receivedAt);
    const aggregateStream = donorAggregateStreamId(donation.committeeId, donation.donor.donorId);
    for (let attempt = 1; ; attempt++) {
      const aggregate = await loadState(this.ledger, aggregateStream, evolveDonorAggregate, initialDonorAggregate);
      const decision = decideContribution(
        { type: 'DecideContribution', donation, causationEventId: event.eventId, correlationId: event.metadata.correlationId, pack, decidedAt: new Date().toISOString() },
        aggregate.state,
      );
      try {
        if (decision.outcome === 'accept' && decision.counted) {
          await this.ledger.append(aggregateStream, [decision.counted], aggregate.revision ?? 'no_stream');
        }
        const outcome = decision.outcome === 'accept' ? decision.accepted : decision.rejected;
        await this.ledger.append(donationStreamId(donation.donationId), [outcome], 'any');
        return;
      } catch (error) {
        if (!isWrongExpectedRevision(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }
}
