import { Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import {
  amountsOf,
  committeeFold,
  countedAmounts,
  partnerReversals,
  type CommitteeState,
  donationFold,
  type DonationRecord,
  donorAggregateFold,
  type DonorAggregateState,
  reverseContribution,
} from '#domain';
import { BoundedAggregateCache, handleCommand, LEDGER_STORE, type FollowUpAppend, loadState, loadStateAsOf, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { BatchEventPattern, BusConsumer, consumerGroup } from '#platform';
import { contributionWrites, decideTogether, type Received } from './contribution-batch.js';
import { linkedDonorsOf, partnerAggregatesOf } from './linked-donors.js';

const COMMITTEES_KEPT = 10_000;
const AGGREGATES_KEPT = 200_000;

/**
 * Decides each received donation. The donor's aggregate stream is appended with the revision
 * read, so two donations by one donor decided at once cannot both use the same headroom: the
 * loser re-reads and decides again. Refunds and chargebacks give back to the aggregate what
 * the donation no longer counts for, once each however often they are delivered.
 */
@BusConsumer()
export class ComplianceHandler {
  /** Committees change seldom and are read on every decision: kept, caught up on each read. */
  private readonly committees = new BoundedAggregateCache<CommitteeState>(COMMITTEES_KEPT);
  /** Donors' aggregates of the partitions this process decides: kept, caught up, and checked by the append's revision. */
  private readonly aggregates = new BoundedAggregateCache<DonorAggregateState>(AGGREGATES_KEPT);

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  /**
   * A partition's batch, in order: each run of received donations is decided together (one
   * read, one atomic append; see decideTogether), and a refund or chargeback between them is
   * handled in its place. What the batch could not decide together is decided one at a time.
   */
  @BatchEventPattern(TOPICS.donations, consumerGroup('compliance'))
  async onDonationEvents(@Payload() events: RecordedEvent[]): Promise<void> {
    let run: Received[] = [];
    for (const event of events) {
      if (event.type === 'DonationReceived') run.push(event as Received);
      if (event.type === 'DonationRefunded' || event.type === 'ChargebackReceived') {
        await this.decideRun(run);
        run = [];
        await this.reverse(event as RecordedEvent<'DonationRefunded' | 'ChargebackReceived', DonationRefundedV1 | ChargebackReceivedV1>);
      }
    }
    await this.decideRun(run);
  }

  private async decideRun(run: Received[]): Promise<void> {
    if (run.length === 0) return;
    if (run.length === 1 || !this.ledger.atomicMultiStreamAppend) {
      for (const event of run) await this.decide(event);
      return;
    }
    const { undecided, refundedFirst } = await decideTogether(this.ledger, { committees: this.committees, aggregates: this.aggregates }, run);
    for (const event of undecided) await this.decide(event);
    for (const { event, donation } of refundedFirst) await this.reverseFirst(donation, event);
  }

  async decide(event: RecordedEvent<'DonationReceived', DonationReceivedV4>): Promise<void> {
    const donation = event.payload;
    const aggregateStream = donorAggregateStreamId(donation.committeeId, donation.donor.donorId);
    // The three reads at once: one round trip's wait instead of three, per decision (see
    // firstReads). The aggregate read first is a guess like any other: its revision guards the append.
    const [current, committee, firstAggregate] = await this.firstReads(donation.donationId, donation.committeeId, aggregateStream);
    // Decided once; a refund that came first does not stop the decision (it is reversed after).
    if (current.state.status === 'none' || current.state.decision !== null) return;
    let committeeRead = committee;
    let attempt = 0;
    await handleCommand(
      this.ledger,
      aggregateStream,
      donorAggregateFold,
      async (aggregate) => {
        // After a lost race the committee is read again too: a gift paying an election's net
        // debts is guarded by the committee's revision, and a rival may have paid them first.
        if (attempt++ > 0) [committeeRead] = await loadStreams(this.ledger, [streamLoad(committeeStreamId(donation.committeeId), committeeFold, this.committees)]);
        const registered = committeeRead.state;
        if (registered.status !== 'registered') throw new Error(`committee ${donation.committeeId} of donation ${donation.donationId} is not registered`);
        // The count on the aggregate, guarded by the revision read; then acceptance (with its held
        // excess and best-efforts request), flag or rejection, in one append to the donation's
        // stream. They share their first id, so the stream can only ever hold one decision. If
        // another decider of this same donation counted it first (same id), handleCommand decides
        // again from what it stored, so the decision recorded carries its figures, never ours.
        // Donors an officer linked to this one count together with it (issue 14, item 12).
        const linked = await linkedDonorsOf(this.ledger, donation.committeeId, donation.donor.donorId, aggregate, this.aggregates);
        // A partnership's or LLC's gift: each share counts on its partner's own aggregate, guarded by
        // the revision read there too (11 CFR 110.1(e), (g); issue 14, item 6).
        const partners = await partnerAggregatesOf(this.ledger, donation, this.aggregates);
        const writes = contributionWrites(event, registered, aggregate, linked.map((l) => l.state), new Map(partners.map((p) => [p.donorId, p.together])));
        const followUps: FollowUpAppend[] = [{ streamId: donationStreamId(donation.donationId), events: writes.recorded }];
        for (const share of writes.partners) {
          const partner = partners.find((p) => p.donorId === share.donorId);
          if (partner) followUps.push({ streamId: partner.streamId, events: share.events, expected: partner.revision ?? 'no_stream' });
        }
        if (writes.committee.length > 0) {
          followUps.push({ streamId: committeeStreamId(donation.committeeId), events: writes.committee, expected: committeeRead.revision ?? 'no_stream' });
        }
        return { events: writes.counted, followUps };
      },
      // The first read was made beside the donation's and the committee's (see firstReads).
      { alreadyRead: firstAggregate, cache: this.aggregates },
    );
    await this.reverseFirst(current.state, event);
  }

  /**
   * Money that went back before the decision is reversed now that something is counted; a
   * refund appended after the donation was read is reversed by its own handler.
   */
  private async reverseFirst(donation: DonationRecord, event: Received): Promise<void> {
    const { refundedAmountMinor, chargedBackAmountMinor } = donation;
    if (refundedAmountMinor + chargedBackAmountMinor > 0n) {
      await this.reverseCounted(donation, event, refundedAmountMinor > 0n ? 'refund' : 'chargeback');
    }
  }

  /**
   * The donation, its committee and the donor's aggregate in one read of the ledger
   * (scripts/bench/compliance-reads.mjs measured three reads one after another before). The
   * committee and the aggregate are caught up from the states this process kept: only what
   * was appended since is read, whoever appended it. Nothing orders the three: the decision's
   * ids are deterministic and the aggregate is appended with the revision read.
   */
  private firstReads(donationId: string, committeeId: string, aggregateStream: string) {
    return loadStreams(this.ledger, [
      streamLoad(donationStreamId(donationId), donationFold),
      streamLoad(committeeStreamId(committeeId), committeeFold, this.committees),
      streamLoad(aggregateStream, donorAggregateFold, this.aggregates),
    ]);
  }

  /**
   * A refund or chargeback: the donor's aggregate gives back what the donation no longer counts
   * for. The donation is read as it stood when this refund or chargeback was recorded, so each
   * is reversed for its own amount and reason, however far behind this handler runs: read
   * whole, a refund handled after a later chargeback was recorded would reverse both as "refund"
   * and leave the chargeback nothing.
   */
  async reverse(event: RecordedEvent<'DonationRefunded' | 'ChargebackReceived', DonationRefundedV1 | ChargebackReceivedV1>): Promise<void> {
    const streamId = donationStreamId(event.payload.donationId);
    const donation =
      event.streamId === streamId
        ? await loadStateAsOf(this.ledger, streamId, donationFold, event.revision)
        : await loadState(this.ledger, streamId, donationFold);
    if (donation.state.status === 'none') return;
    const reason = event.type === 'DonationRefunded' ? 'refund' : 'chargeback';
    await this.reverseCounted(donation.state, event, reason);
  }

  /** `cause` is the refund or chargeback (or the decision it came before): ids, correlation and trace derive from it. */
  private async reverseCounted(donation: DonationRecord, cause: RecordedEvent, reason: 'refund' | 'chargeback'): Promise<void> {
    const { donationId, committeeId, currency, donor } = donation.received;
    const amounts = amountsOf(donation);
    const aggregateStream = donorAggregateStreamId(committeeId, donor.donorId);
    await handleCommand(
      this.ledger,
      aggregateStream,
      donorAggregateFold,
      (aggregate) =>
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
      { cache: this.aggregates },
    );
    await this.reversePartners(donation, cause, reason);
  }

  /**
   * A partnership's or LLC's gift gone back in part or whole: each partner it was attributed to
   * gets back, on their own aggregate, their part of what it no longer counts for (partnerReversals).
   */
  private async reversePartners(donation: DonationRecord, cause: RecordedEvent, reason: 'refund' | 'chargeback'): Promise<void> {
    const { donationId, committeeId, currency, donor } = donation.received;
    const shares = donor.attribution?.shares ?? [];
    if (shares.length === 0) return;
    const streams = shares.map((s) => donorAggregateStreamId(committeeId, s.donorId));
    const loaded = await loadStreams(this.ledger, streams.map((id) => streamLoad(id, donorAggregateFold, this.aggregates)));
    const partners = shares.map((s, i) => ({ donorId: s.donorId, state: loaded[i].state as DonorAggregateState }));
    const base = { type: 'ReverseContribution' as const, donationId, committeeId, currency, causationEventId: cause.eventId, reason, correlationId: cause.metadata.correlationId, decidedAt: new Date().toISOString() };
    for (const { donorId, command } of partnerReversals(base, countedAmounts(amountsOf(donation)).countedMinor, partners)) {
      await handleCommand(this.ledger, donorAggregateStreamId(committeeId, donorId), donorAggregateFold, (aggregate) => withTrace(reverseContribution(command, aggregate), cause.metadata.traceId), { cache: this.aggregates });
    }
  }
}
