import { parseMinor, TOPICS, type DonationAcceptedV1, type RecordedEvent } from '#contracts';
import { storedEntities, type EntityProjection } from '../store/stored-entities.js';
import { RewardSupporterRow } from './reward-supporter.entity.js';

/** One supporter's accepted money in one campaign: what reward tiers will be measured against. */
export function evolveRewardSupporter(row: RewardSupporterRow | null, event: RecordedEvent): RewardSupporterRow | null {
  if (event.type !== 'DonationAccepted') return row;
  const payload = event.payload as DonationAcceptedV1;
  return {
    campaignId: payload.campaignId,
    donorId: payload.donorId,
    currency: payload.currency,
    acceptedTotalMinor: (parseMinor(String(row?.acceptedTotalMinor ?? '0')) + parseMinor(payload.acceptedAmountMinor)).toString(),
    acceptedDonations: (row?.acceptedDonations ?? 0) + 1,
    lastDonationId: payload.donationId,
  };
}

export const rewardSupporters: EntityProjection<RewardSupporterRow> = {
  name: 'reward-supporters',
  topics: [TOPICS.donations],
  canHandle: ['DonationAccepted'],
  keyOf: (event) => {
    const { campaignId, donorId } = event.payload as DonationAcceptedV1;
    return { campaignId, donorId };
  },
  evolve: evolveRewardSupporter,
};

/** Each supporter's accepted money per campaign, stored as reward_supporters rows. */
export const rewardSupportersProjection = storedEntities(rewardSupporters, RewardSupporterRow);
