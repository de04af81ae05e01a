import type { EntityManager } from 'typeorm';
import { parseMinor, type DonationAcceptedV1, type RecordedEvent } from '#contracts';
import type { StoredProjection } from '../projection.js';
import { RewardSupporterRow } from './reward-supporter.entity.js';

/** Each supporter's accepted money per campaign: what reward tiers will be measured against. */
export const rewardSupportersProjection: StoredProjection = {
  name: 'reward-supporters',
  canHandle: ['DonationAccepted'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const payload = event.payload as DonationAcceptedV1;
    const repo = manager.getRepository(RewardSupporterRow);
    const row = await repo.findOneBy({ campaignId: payload.campaignId, donorId: payload.donorId });
    await repo.save({
      campaignId: payload.campaignId,
      donorId: payload.donorId,
      currency: payload.currency,
      acceptedTotalMinor: (parseMinor(String(row?.acceptedTotalMinor ?? '0')) + parseMinor(payload.acceptedAmountMinor)).toString(),
      acceptedDonations: (row?.acceptedDonations ?? 0) + 1,
      lastDonationId: payload.donationId,
    });
  },
};
