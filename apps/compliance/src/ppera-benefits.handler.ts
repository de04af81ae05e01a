import { Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { committeeStreamId, donationStreamId, donorAggregateStreamId, TOPICS, type RecordedEvent } from '#contracts';
import { lawOf, lawOfProfile } from '#compliance-rules';
import {
  committeeFold,
  donationFold,
  donorAggregateFold,
  recordContributionBenefit,
  type RewardBenefitFacts,
  committeeRulePack,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';
import { BusConsumer, consumerGroup } from '#platform';

/**
 * Under PPERA, what a donor got in return for a donation does not count as given: a reward
 * granted (RewardGranted) lowers what the donation counts for on the donor's aggregate, and
 * a reward revoked (RewardRevoked, where the rewards service records it) restores it, so the
 * donor's next donation is decided on the value the law counts. Appended with the revision
 * read, like every change to the aggregate; under a law that does not net rewards (the FEC, the
 * Canada Elections Act) a reward changes nothing.
 */
const NOT_PPERA_KEPT = 10_000;

@BusConsumer()
export class PperaBenefitsHandler {
  /**
   * Registered committees that are not PPERA's. A jurisdiction is fixed at registration, so
   * a US committee's rewards are passed over without reading its stream each time.
   */
  private readonly notPpera = new Set<string>();

  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  @EventPattern(TOPICS.rewards, consumerGroup('compliance'))
  async onRewardEvent(@Payload() event: RecordedEvent): Promise<void> {
    if (event.type === 'RewardGranted') await this.record(event as RecordedEvent<string, RewardBenefitFacts>, 'granted');
    if (event.type === 'RewardRevoked') await this.record(event as RecordedEvent<string, RewardBenefitFacts>, 'revoked');
  }

  async record(event: RecordedEvent<string, RewardBenefitFacts>, change: 'granted' | 'revoked'): Promise<void> {
    const reward = event.payload;
    if (this.notPpera.has(reward.committeeId)) return;
    const committee = await loadState(this.ledger, committeeStreamId(reward.committeeId), committeeFold);
    if (committee.state.status !== 'registered') return;
    if (!lawOfProfile(committee.state.jurisdiction).rewardsLowerTheCountedValue) {
      if (this.notPpera.size >= NOT_PPERA_KEPT) this.notPpera.clear();
      this.notPpera.add(reward.committeeId);
      return;
    }
    const donation = await loadState(this.ledger, donationStreamId(reward.donationId), donationFold);
    if (donation.state.status === 'none') return;
    // The numbers of the day the donation was received, as its decision used.
    const pack = committeeRulePack(committee.state, donation.state.received.receivedAt);
    if (!lawOf(pack).rewardsLowerTheCountedValue) return;
    const aggregateStream = donorAggregateStreamId(reward.committeeId, reward.donorId);
    await handleCommand(this.ledger, aggregateStream, donorAggregateFold, (aggregate) =>
      recordContributionBenefit(
        { type: 'RecordContributionBenefit', change, reward, pack, causationEventId: event.eventId, correlationId: event.metadata.correlationId, decidedAt: new Date().toISOString() },
        aggregate,
      ),
    );
  }
}
