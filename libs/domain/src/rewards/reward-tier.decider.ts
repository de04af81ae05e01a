import {
  CURRENT_VERSIONS,
  type EventMetadata,
  type RewardTierChanged,
  type RewardTierDefined,
  type RewardTierEvent,
  type RewardTierTerms,
} from '#contracts';
import { assertNever, reject } from '../shared/rejection.js';
import type { Fold } from '../shared/fold.js';

/** A tier as it stands now: its latest terms and their version. */
export interface RewardTier {
  tierId: string;
  campaignId: string;
  committeeId: string;
  currency: string;
  terms: RewardTierTerms;
  tierVersion: number;
}

/** The tiers of one campaign, in the order they were defined, and every version of each one's terms. */
export interface RewardTiersState {
  tiers: RewardTier[];
  /** tierId → tierVersion → terms: a grant is judged under the terms it was made under. */
  termsByVersion: Record<string, Record<number, RewardTierTerms>>;
}

export const initialRewardTiersState = (): RewardTiersState => ({ tiers: [], termsByVersion: {} });

const withTerms = (state: RewardTiersState, tierId: string, tierVersion: number, terms: RewardTierTerms): RewardTiersState['termsByVersion'] => ({
  ...state.termsByVersion,
  [tierId]: { ...state.termsByVersion[tierId], [tierVersion]: terms },
});

export function evolveRewardTiers(state: RewardTiersState, event: RewardTierEvent): RewardTiersState {
  switch (event.type) {
    case 'RewardTierDefined': {
      const { tierId, campaignId, committeeId, currency, terms, tierVersion } = event.payload;
      return { tiers: [...state.tiers, { tierId, campaignId, committeeId, currency, terms, tierVersion }], termsByVersion: withTerms(state, tierId, tierVersion, terms) };
    }
    case 'RewardTierChanged': {
      const { tierId, terms, tierVersion } = event.payload;
      return {
        tiers: state.tiers.map((tier) => (tier.tierId === tierId ? { ...tier, terms, tierVersion } : tier)),
        termsByVersion: withTerms(state, tierId, tierVersion, terms),
      };
    }
    default:
      return assertNever(event);
  }
}

/** A campaign's reward tiers. */
export const rewardTiersFold: Fold<RewardTiersState, RewardTierEvent> = { evolve: evolveRewardTiers, initialState: initialRewardTiersState };

export const tierOf = (state: RewardTiersState, tierId: string): RewardTier | null =>
  state.tiers.find((tier) => tier.tierId === tierId) ?? null;

/** Upper bound of a stock limit: far above any real inventory, and safe in every integer type we use. */
export const MAX_STOCK_LIMIT = 1_000_000_000;

/** Terms are refused in a fixed order: threshold, then market value, then stock. */
function checkTerms(terms: RewardTierTerms): void {
  if (BigInt(terms.thresholdMinor) <= 0n) reject('reward_tier_invalid', 'thresholdMinor must be positive');
  if (BigInt(terms.fairMarketValueMinor) < 0n) reject('reward_tier_invalid', 'fairMarketValueMinor must not be negative');
  const { stockLimit } = terms;
  if (stockLimit !== null && (!Number.isSafeInteger(stockLimit) || stockLimit < 0 || stockLimit > MAX_STOCK_LIMIT)) {
    reject('reward_tier_invalid', `stockLimit must be an integer from 0 to ${MAX_STOCK_LIMIT}, or null for no limit`);
  }
}

export interface DefineRewardTier {
  type: 'DefineRewardTier';
  eventId: string;
  metadata: EventMetadata;
  data: { tierId: string; campaignId: string; committeeId: string; currency: string; terms: RewardTierTerms; definedBy: string };
}

export function defineRewardTier(command: DefineRewardTier, state: RewardTiersState): RewardTierDefined[] {
  const { data } = command;
  if (tierOf(state, data.tierId)) reject('reward_tier_already_exists', `tier ${data.tierId} is already defined in campaign ${data.campaignId}`);
  checkTerms(data.terms);
  return [
    {
      eventId: command.eventId,
      type: 'RewardTierDefined',
      version: CURRENT_VERSIONS.RewardTierDefined,
      payload: { ...data, terms: { ...data.terms }, tierVersion: 1 },
      metadata: command.metadata,
    },
  ];
}

export interface ChangeRewardTier {
  type: 'ChangeRewardTier';
  eventId: string;
  metadata: EventMetadata;
  data: { tierId: string; campaignId: string; terms: RewardTierTerms; changedBy: string };
  /** Units of the tier out with donors now (grants not revoked with their unit back), read from its stock stream. */
  unitsOut: number;
}

const sameTerms = (a: RewardTierTerms, b: RewardTierTerms): boolean =>
  a.name === b.name &&
  a.thresholdKind === b.thresholdKind &&
  BigInt(a.thresholdMinor) === BigInt(b.thresholdMinor) &&
  a.rewardKind === b.rewardKind &&
  BigInt(a.fairMarketValueMinor) === BigInt(b.fairMarketValueMinor) &&
  a.stockLimit === b.stockLimit;

/**
 * New terms apply from the change on; asking for the terms already in force changes nothing.
 * A stock limit below the units already out with donors is refused: those grants were made and
 * stay made, and a limit under them would leave grants that no stock accounts for. (A limit of
 * 0, for a new tier or a changed one with nothing out, is explicit: every claim joins the
 * waiting line, in order, until the limit is raised.)
 */
export function changeRewardTier(command: ChangeRewardTier, state: RewardTiersState): RewardTierChanged[] {
  const { data } = command;
  const tier = tierOf(state, data.tierId);
  if (!tier) reject('reward_tier_not_found', `campaign ${data.campaignId} has no tier ${data.tierId}`);
  checkTerms(data.terms);
  if (data.terms.stockLimit !== null && data.terms.stockLimit < command.unitsOut) {
    reject('stock_limit_below_granted', `tier ${data.tierId} has ${command.unitsOut} units out with donors; its stock limit cannot go below that`);
  }
  if (sameTerms(tier.terms, data.terms)) return [];
  return [
    {
      eventId: command.eventId,
      type: 'RewardTierChanged',
      version: CURRENT_VERSIONS.RewardTierChanged,
      payload: { ...data, terms: { ...data.terms }, tierVersion: tier.tierVersion + 1 },
      metadata: command.metadata,
    },
  ];
}
