import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  committeeStreamId,
  donationStreamId,
  donorAggregateStreamId,
  TOPICS,
  type ChargebackReceivedV1,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type RecordedEvent,
  withTrace,
} from '#contracts';
import { electionsOfCycle, rulePackFor } from '#compliance-rules';
import {
  amountsOf,
  decideContribution,
  decisionEvents,
  evolveCommittee,
  evolveDonation,
  initialCommitteeState,
  initialDonationState,
  reverseContribution,
  UNDESIGNATED,
  type DonationRecord,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { BusConsumer, consumerGroup } from '#platform';
import { donorAggregateFold } from './stream-folds.js';

/**
 * Decides each received donation. The donor's aggregate stream is appended with the revision
 * read, so two donations by one donor decided at once cannot both use the same headroom: the
 * loser re-reads and decides again. Refunds and chargebacks give back to the aggregate what
 * the donation no longer counts for, once each however often they are delivered.
 */
@BusConsumer()
export class ComplianceHandler {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  @EventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (event.type === 'DonationReceived') await this.decide(event as RecordedEvent<'DonationReceived', DonationReceivedV4>);
    if (event.type === 'DonationRefunded' || event.type === 'ChargebackReceived') {
      await this.reverse(event as RecordedEvent<'DonationRefunded' | 'ChargebackReceived', DonationRefundedV1 | ChargebackReceivedV1>);
    }
  }

  async decide(event: RecordedEvent<'DonationReceived', DonationReceivedV4>): Promise<void> {
    const donation = event.payload;
    const aggregateStream = donorAggregateStreamId(donation.committeeId, donation.donor.donorId);
    // The three reads at once: one round trip's wait instead of three, per decision (see
    // firstReads). The aggregate read first is a guess like any other: its revision guards the append.
    const [current, committee, firstAggregate] = await this.firstReads(donation.donationId, donation.committeeId, aggregateStream);
    // Decided once; a refund that came first does not stop the decision (it is reversed after).
    if (current.state.status === 'none' || current.state.decision !== null) return;
    if (committee.state.status !== 'registered') throw new Error(`committee ${donation.committeeId} of donation ${donation.donationId} is not registered`);
    // The numbers in force the day the donation was received, never today's: a replay of a
    // 2024 donation decides under the 2023-24 pack.
    const pack = rulePackFor(committee.state.jurisdiction, donation.receivedAt);
    const cycleElectionIds = electionsOfCycle(committee.state.elections, donation.electionId ?? UNDESIGNATED);
    await handleCommand(
      this.ledger,
      aggregateStream,
      donorAggregateFold,
      (aggregate) => {
        const decision = decideContribution(
          {
            type: 'DecideContribution',
            donation,
            causationEventId: event.eventId,
            correlationId: event.metadata.correlationId,
            pack,
            cycleElectionIds,
            decidedAt: new Date().toISOString(),
          },
          aggregate,
        );
        // The count on the aggregate, guarded by the revision read; then acceptance (with its held
        // excess and best-efforts request), flag or rejection, in one append to the donation's
        // stream. They share their first id, so the stream can only ever hold one decision. If
        // another decider of this same donation counted it first (same id), handleCommand decides
        // again from what it stored, so the decision recorded carries its figures, never ours.
        const counted = decision.outcome === 'accept' && decision.counted ? [decision.counted] : [];
        const recorded = withTrace(decisionEvents(decision), event.metadata.traceId);
        return { events: withTrace(counted, event.metadata.traceId), followUps: [{ streamId: donationStreamId(donation.donationId), events: recorded }] };
      },
      // The first read was made beside the donation's and the committee's (see firstReads).
      { alreadyRead: firstAggregate },
    );
    // Money that went back before the decision is reversed now that something is counted; a
    // refund appended after the state above was read is reversed by its own handler.
    const { refundedAmountMinor, chargedBackAmountMinor } = current.state;
    if (refundedAmountMinor + chargedBackAmountMinor > 0n) {
      await this.reverseCounted(current.state, event, refundedAmountMinor > 0n ? 'refund' : 'chargeback');
    }
  }

  /**
   * Read one after another, these were three round trips to the ledger before every decision
   * (scripts/bench/compliance-reads.mjs measures it). Nothing orders them: each is a snapshot,
   * the donation's decision ids are deterministic and the aggregate is appended with the
   * revision read, so reading them together changes no outcome, only the wait.
   */
  private firstReads(donationId: string, committeeId: string, aggregateStream: string) {
    return Promise.all([
      loadState(this.ledger, donationStreamId(donationId), evolveDonation, initialDonationState),
      loadState(this.ledger, committeeStreamId(committeeId), evolveCommittee, initialCommitteeState),
      loadState(this.ledger, aggregateStream, donorAggregateFold.evolve, donorAggregateFold.initialState),
    ]);
  }

  /** A refund or chargeback: the donor's aggregate gives back what the donation no longer counts for. */
  async reverse(event: RecordedEvent<'DonationRefunded' | 'ChargebackReceived', DonationRefundedV1 | ChargebackReceivedV1>): Promise<void> {
    const donation = await loadState(this.ledger, donationStreamId(event.payload.donationId), evolveDonation, initialDonationState);
    if (donation.state.status === 'none') return;
    const reason = event.type === 'DonationRefunded' ? 'refund' : 'chargeback';
    await this.reverseCounted(donation.state, event, reason);
  }

  /** `cause` is the refund or chargeback (or the decision it came before): ids, correlation and trace derive from it. */
  private async reverseCounted(donation: DonationRecord, cause: RecordedEvent, reason: 'refund' | 'chargeback'): Promise<void> {
    const { donationId, committeeId, currency, donor } = donation.received;
    const amounts = amountsOf(donation);
    const aggregateStream = donorAggregateStreamId(committeeId, donor.donorId);
    await handleCommand(this.ledger, aggregateStream, donorAggregateFold, (aggregate) =>
      withTrace(
        reverseContribution(
          {
            type: 'ReverseContribution',
            donationId,
            committeeId,
            donorId: donor.donorId,
            currency,
            receivedMinor: amounts.receivedMinor,
            refundedMinor: amounts.refundedMinor,
            chargedBackMinor: amounts.chargedBackMinor,
            causationEventId: cause.eventId,
            reason,
            correlationId: cause.metadata.correlationId,
            decidedAt: new Date().toISOString(),
          },
          aggregate,
        ),
        cause.metadata.traceId,
      ),
    );
  }
}
