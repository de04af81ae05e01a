import { Inject, Injectable } from '@nestjs/common';
import {
  deterministicId,
  donationStreamId,
  rewardStockStreamId,
  rewardSupportStreamId,
  rewardTiersStreamId,
  type DonationAcceptedV1,
  type EventMetadata,
  type RecordedEvent,
  type RewardSupportCountedV1,
} from '#contracts';
import {
  claimReward,
  countRewardSupport,
  evolveDonation,
  initialDonationState,
  rewardableMinor,
  evolveRewardStock,
  evolveRewardSupport,
  evolveRewardTiers,
  initialRewardStockState,
  initialRewardSupportState,
  initialRewardTiersState,
  tiersReached,
  type RewardTier,
} from '#domain';
import { LEDGER_STORE, loadState, withRevisionRetry, type LedgerStore } from '#ledger';

/**
 * Turns an accepted donation into rewards: counts its accepted part towards the donor's total
 * in the campaign, then claims every tier it reaches on that tier's stock stream. Every append
 * carries an id derived from the acceptance (and the tier), and every stream is appended with
 * the revision read, so redeliveries add nothing and racing donors never share a unit.
 */
@Injectable()
export class RewardGrantingService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async onDonationAccepted(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>): Promise<void> {
    const accepted = event.payload;
    const tiers = await loadState(this.ledger, rewardTiersStreamId(accepted.campaignId), evolveRewardTiers, initialRewardTiersState);
    const countedMinor = await this.rewardableOf(event);
    const supportTotalMinor = await this.countSupport(event, countedMinor);
    const reached = tiersReached(tiers.state.tiers, {
      currency: accepted.currency,
      acceptedAmountMinor: countedMinor,
      supportTotalMinor,
    });
    for (const tier of reached) await this.claim(event, tier);
  }

  private metadataFor(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>): EventMetadata {
    return {
      occurredAt: new Date().toISOString(),
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
      committeeId: event.payload.committeeId,
      donorId: event.payload.donorId,
      actor: 'rewards',
      ...(event.metadata.traceId ? { traceId: event.metadata.traceId } : {}),
    };
  }

  /**
   * The accepted part, less what went back before the acceptance was handled (a refund that
   * overtook the decision): such money never counts, so it is never granted and revoked.
   * Money going back later is the revocation's business.
   */
  private async rewardableOf(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>): Promise<bigint> {
    const acceptedMinor = BigInt(event.payload.acceptedAmountMinor);
    const donation = await loadState(this.ledger, donationStreamId(event.payload.donationId), evolveDonation, initialDonationState);
    if (donation.state.status === 'none') return acceptedMinor;
    const rewardable = rewardableMinor(donation.state);
    return rewardable < acceptedMinor ? rewardable : acceptedMinor;
  }

  /** The donor's accepted total in the campaign as of this donation (counted once, however often delivered). */
  private async countSupport(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>, acceptedMinor: bigint): Promise<bigint> {
    const { campaignId, donorId, donationId, currency } = event.payload;
    const streamId = rewardSupportStreamId(campaignId, donorId);
    return withRevisionRetry(async () => {
      const support = await loadState(this.ledger, streamId, evolveRewardSupport, initialRewardSupportState);
      const counted = support.events.find((e) => (e.payload as RewardSupportCountedV1).donationId === donationId);
      if (counted) return BigInt((counted.payload as RewardSupportCountedV1).totalAfterMinor);
      const events = countRewardSupport(
        {
          type: 'CountRewardSupport',
          eventId: deterministicId('reward-support-counted', event.eventId),
          metadata: this.metadataFor(event),
          data: { campaignId, donorId, donationId, acceptedAmountMinor: acceptedMinor, currency },
        },
        support.state,
      );
      if (events.length === 0) return support.state.totalMinor;
      await this.ledger.append(streamId, events, support.revision ?? 'no_stream');
      return BigInt(events[0].payload.totalAfterMinor);
    });
  }

  private async claim(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>, tier: RewardTier): Promise<void> {
    const streamId = rewardStockStreamId(tier.campaignId, tier.tierId);
    await withRevisionRetry(async () => {
      const stock = await loadState(this.ledger, streamId, evolveRewardStock, initialRewardStockState);
      const metadata = this.metadataFor(event);
      const events = claimReward(
        {
          type: 'ClaimReward',
          eventId: deterministicId('reward-claim', event.eventId, tier.tierId),
          grantId: deterministicId('reward-grant', event.eventId, tier.tierId),
          metadata,
          tier,
          donorId: event.payload.donorId,
          donationId: event.payload.donationId,
          at: metadata.occurredAt,
        },
        stock.state,
      );
      if (events.length > 0) await this.ledger.append(streamId, events, stock.revision ?? 'no_stream');
    });
  }
}
