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
  evolveDonorAggregate,
  initialCommitteeState,
  initialDonationState,
  initialDonorAggregate,
  reverseContribution,
  UNDESIGNATED,
  type DonationRecord,
} from '#domain';
import { isWrongExpectedRevision, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { sleep } from '#messaging';
import { BusConsumer, consumerGroup } from '#platform';

const MAX_CONFLICT_RETRIES = 50;
/** The longest wait after a first conflict, doubled on each one after up to CONFLICT_BACKOFF_CAP_MS. */
const CONFLICT_BACKOFF_BASE_MS = 4;
const CONFLICT_BACKOFF_CAP_MS = 250;

/**
 * How long to wait before deciding again after losing a race for a donor's aggregate. The
 * deciders that lost together must not all come back together, or they collide again and
 * one busy donor starves everyone behind them (retrying at once took the embedded bench to
 * a p99 of 8.8 s): the wait grows with each loss and is drawn at random below its ceiling
 * (full jitter), so the losers come back one by one.
 */
export const conflictBackoffMs = (attempt: number): number =>
  Math.round(Math.random() * Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16)));

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
    for (let attempt = 1; ; attempt++) {
      const aggregate = attempt === 1 ? firstAggregate : await loadState(this.ledger, aggregateStream, evolveDonorAggregate, initialDonorAggregate);
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
        aggregate.state,
      );
      try {
        if (decision.outcome === 'accept' && decision.counted) {
          const counted = await this.ledger.append(aggregateStream, withTrace([decision.counted], event.metadata.traceId), aggregate.revision ?? 'no_stream');
          // Another decider of this same donation counted it first (the id is the same): decide
          // again from what it stored, so the decision recorded carries its figures, never ours.
          if (counted.duplicate) continue;
        }
        // Acceptance (with its held excess and best-efforts request), flag or rejection, in one
        // append; they share their first id, so the stream can only ever hold one decision.
        await this.ledger.append(donationStreamId(donation.donationId), withTrace(decisionEvents(decision), event.metadata.traceId), 'any');
        break;
      } catch (error) {
        if (!isWrongExpectedRevision(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await sleep(conflictBackoffMs(attempt));
      }
    }
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
      loadState(this.ledger, aggregateStream, evolveDonorAggregate, initialDonorAggregate),
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
    for (let attempt = 1; ; attempt++) {
      const aggregate = await loadState(this.ledger, aggregateStream, evolveDonorAggregate, initialDonorAggregate);
      const events = reverseContribution(
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
        aggregate.state,
      );
      if (events.length === 0) return;
      try {
        await this.ledger.append(aggregateStream, withTrace(events, cause.metadata.traceId), aggregate.revision ?? 'no_stream');
        return;
      } catch (error) {
        if (!isWrongExpectedRevision(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await sleep(conflictBackoffMs(attempt));
      }
    }
  }
}
