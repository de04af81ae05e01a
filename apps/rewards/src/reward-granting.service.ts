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
  donationFold,
  rewardableMinor,
  rewardStockFold,
  rewardSupportFold,
  type RewardTier,
  rewardTiersFold,
  tiersReached,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';

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
    const tiers = await loadState(this.ledger, rewardTiersStreamId(accepted.campaignId), rewardTiersFold);
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
    const donation = await loadState(this.ledger, donationStreamId(event.payload.donationId), donationFold);
    if (donation.state.status === 'none') return acceptedMinor;
    const rewardable = rewardableMinor(donation.state);
    return rewardable < acceptedMinor ? rewardable : acceptedMinor;
  }

  /** The donor's accepted total in the campaign as of this donation (counted once, however often delivered). */
  private async countSupport(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>, acceptedMinor: bigint): Promise<bigint> {
    const { campaignId, donorId, donationId, currency } = event.payload;
    const streamId = rewardSupportStreamId(campaignId, donorId);
    const counted = (events: readonly RecordedEvent[]) => events.find((e) => (e.payload as RewardSupportCountedV1).donationId === donationId);
    const result = await handleCommand(this.ledger, streamId, rewardSupportFold, (support, loaded) =>
      counted(loaded.events)
        ? []
        : countRewardSupport(
            {
              type: 'CountRewardSupport',
              eventId: deterministicId('reward-support-counted', event.eventId),
              metadata: this.metadataFor(event),
              data: { campaignId, donorId, donationId, acceptedAmountMinor: acceptedMinor, currency },
            },
            support,
          ),
    );
    if (result.events.length > 0) return BigInt(result.events[0].payload.totalAfterMinor);
    const already = counted(result.loaded.events);
    return already ? BigInt((already.payload as RewardSupportCountedV1).totalAfterMinor) : result.before.totalMinor;
  }

  private async claim(event: RecordedEvent<'DonationAccepted', DonationAcceptedV1>, tier: RewardTier): Promise<void> {
    const streamId = rewardStockStreamId(tier.campaignId, tier.tierId);
    await handleCommand(this.ledger, streamId, rewardStockFold, (stock) => {
      const metadata = this.metadataFor(event);
      return claimReward(
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
        stock,
      );
    });
  }
}
