import { evolveRewardStock, evolveRewardSupport, evolveRewardTiers, initialRewardStockState, initialRewardSupportState, initialRewardTiersState } from '#domain';

/** How rewards' commands fold the streams they guard (handleCommand's StreamFold). */
export const rewardTiersFold = { evolve: evolveRewardTiers, initialState: initialRewardTiersState };
export const rewardStockFold = { evolve: evolveRewardStock, initialState: initialRewardStockState };
export const rewardSupportFold = { evolve: evolveRewardSupport, initialState: initialRewardSupportState };
