import { Inject, Injectable } from '@nestjs/common';
import {
  donationStreamId,
  rewardStockStreamId,
  rewardSupportStreamId,
  rewardTiersStreamId,
  type EventMetadata,
  type RecordedEvent,
  type SupportReversalReason,
} from '#contracts';
import {
  donationFold,
  reverseRewardSupport,
  reviewRewardHold,
  rewardableMinor,
  rewardStockFold,
  rewardSupportFold,
  type RewardSupportState,
  type RewardTier,
  rewardTiersFold,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';

/** The facts that take money out of what counts towards rewards. */
export const REVERSING_EVENT_TYPES = ['DonationRefunded', 'ChargebackReceived', 'DonationRejected'] as const;

const REASON: Readonly<Record<(typeof REVERSING_EVENT_TYPES)[number], SupportReversalReason>> = {
  DonationRefunded: 'refund',
  ChargebackReceived: 'chargeback',
  DonationRejected: 'rejection',
};

/**
 * Takes rewards back when money goes back: reverses the donor's support by what the donation no
 * longer counts for, then reviews the donor's hold on every tier of the campaign. Both steps
 * run on every delivery (the first is then a no-op), so a crash between them is finished by
 * the redelivery; every id derives from the causing event.
 */
@Injectable()
export class RewardRevocationService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async onReversal(event: RecordedEvent): Promise<void> {
    const reason = REASON[event.type as keyof typeof REASON];
    if (!reason) return;
    const { donationId } = event.payload as { donationId: string };
    const donation = await loadState(this.ledger, donationStreamId(donationId), donationFold);
    if (donation.state.status === 'none') return;
    const record = donation.state;
    const { campaignId, committeeId, currency, donor } = record.received;
    const metadata: EventMetadata = {
      occurredAt: new Date().toISOString(),
      correlationId: event.metadata.correlationId,
      causationId: event.eventId,
      committeeId,
      donorId: donor.donorId,
      actor: 'rewards',
    };
    const support = await this.reverseSupport(event.eventId, metadata, { campaignId, donorId: donor.donorId, donationId, currency, reason }, rewardableMinor(record));
    const tiers = await loadState(this.ledger, rewardTiersStreamId(campaignId), rewardTiersFold);
    for (const tier of tiers.state.tiers) {
      await this.review(event.eventId, reason, metadata, tier, tiers.state.termsByVersion[tier.tierId] ?? {}, donor.donorId, support);
    }
  }

  private async reverseSupport(
    causationEventId: string,
    metadata: EventMetadata,
    data: { campaignId: string; donorId: string; donationId: string; currency: string; reason: SupportReversalReason },
    donationShouldCountMinor: bigint,
  ): Promise<RewardSupportState> {
    const streamId = rewardSupportStreamId(data.campaignId, data.donorId);
    const { after } = await handleCommand(this.ledger, streamId, rewardSupportFold, (support) =>
      reverseRewardSupport({ type: 'ReverseRewardSupport', causationEventId, metadata, data, donationShouldCountMinor }, support),
    );
    return after;
  }

  /** The stock stream is appended at the revision read: a revocation and a racing grant or fulfilment are decided one after the other. */
  private async review(
    causationEventId: string,
    reason: SupportReversalReason,
    metadata: EventMetadata,
    tier: RewardTier,
    termsByVersion: Record<number, RewardTier['terms']>,
    donorId: string,
    support: RewardSupportState,
  ): Promise<void> {
    const streamId = rewardStockStreamId(tier.campaignId, tier.tierId);
    await handleCommand(this.ledger, streamId, rewardStockFold, (stock) =>
      reviewRewardHold({ type: 'ReviewRewardHold', causationEventId, reason, metadata, tier, termsByVersion, donorId, support, at: metadata.occurredAt }, stock),
    );
  }
}
