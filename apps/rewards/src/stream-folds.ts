import {
  evolveDonation,
  evolveRewardStock,
  evolveRewardSupport,
  evolveRewardTiers,
  initialDonationState,
  initialRewardStockState,
  initialRewardSupportState,
  initialRewardTiersState,
} from '#domain';

/** How rewards' commands fold the streams they guard (handleCommand's StreamFold). */
export const rewardTiersFold = { evolve: evolveRewardTiers, initialState: initialRewardTiersState };
export const rewardStockFold = { evolve: evolveRewardStock, initialState: initialRewardStockState };
export const rewardSupportFold = { evolve: evolveRewardSupport, initialState: initialRewardSupportState };
/** A donation as rewards reads it: what of it went back before its acceptance was handled. */
export const donationFold = { evolve: evolveDonation, initialState: initialDonationState };
