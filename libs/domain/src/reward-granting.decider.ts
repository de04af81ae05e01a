import {
  CURRENT_VERSIONS,
  type EventMetadata,
  type RewardGranted,
  type RewardStockEvent,
  type RewardSupportCounted,
  type RewardSupportEvent,
  type RewardWaitlisted,
} from '#contracts';
import { assertNever } from './rejection.js';
import type { RewardTier } from './reward-tier.decider.js';

/* ------------------------------------------------------------ support */

/** A donor's accepted money in one campaign, and which accepted donations it already counts. */
export interface RewardSupportState {
  totalMinor: bigint;
  counted: Record<string, bigint>;
}

export const initialRewardSupportState = (): RewardSupportState => ({ totalMinor: 0n, counted: {} });

export function evolveRewardSupport(state: RewardSupportState, event: RewardSupportEvent): RewardSupportState {
  switch (event.type) {
    case 'RewardSupportCounted': {
      const { donationId, acceptedAmountMinor, totalAfterMinor } = event.payload;
      return { totalMinor: BigInt(totalAfterMinor), counted: { ...state.counted, [donationId]: BigInt(acceptedAmountMinor) } };
    }
    default:
      return assertNever(event.type);
  }
}

export interface CountRewardSupport {
  type: 'CountRewardSupport';
  eventId: string;
  metadata: EventMetadata;
  data: { campaignId: string; donorId: string; donationId: string; acceptedAmountMinor: bigint; currency: string };
}

/** Counts an accepted donation once: a second acceptance of the same donation (a redelivery) adds nothing. */
export function countRewardSupport(command: CountRewardSupport, state: RewardSupportState): RewardSupportCounted[] {
  const { data } = command;
  if (Object.hasOwn(state.counted, data.donationId) || data.acceptedAmountMinor <= 0n) return [];
  return [
    {
      eventId: command.eventId,
      type: 'RewardSupportCounted',
      version: CURRENT_VERSIONS.RewardSupportCounted,
      payload: {
        ...data,
        acceptedAmountMinor: data.acceptedAmountMinor.toString(),
        totalAfterMinor: (state.totalMinor + data.acceptedAmountMinor).toString(),
      },
      metadata: command.metadata,
    },
  ];
}

/* ------------------------------------------------------------ which tiers */

/**
 * The tiers an accepted donation qualifies its donor for: a single-donation tier when this
 * donation's accepted part reaches the threshold, a cumulative tier when the donor's accepted
 * total in the campaign does. Whether the donor already holds the tier is the stock's answer.
 */
export function tiersReached(
  tiers: readonly RewardTier[],
  donation: { currency: string; acceptedAmountMinor: bigint; supportTotalMinor: bigint },
): RewardTier[] {
  return tiers.filter((tier) => {
    if (tier.currency !== donation.currency) return false;
    const threshold = BigInt(tier.terms.thresholdMinor);
    switch (tier.terms.thresholdKind) {
      case 'single':
        return donation.acceptedAmountMinor >= threshold;
      case 'cumulative':
        return donation.supportTotalMinor >= threshold;
      default:
        return assertNever(tier.terms.thresholdKind);
    }
  });
}

/* ------------------------------------------------------------ stock */

export interface RewardGrantRecord {
  grantId: string;
  donorId: string;
  donationId: string;
  tierVersion: number;
}

/** One tier's inventory: who holds a grant, and who waits for one, in order. */
export interface RewardStockState {
  grants: RewardGrantRecord[];
  waitlist: { donorId: string; donationId: string; waitlistPosition: number }[];
}

export const initialRewardStockState = (): RewardStockState => ({ grants: [], waitlist: [] });

export function evolveRewardStock(state: RewardStockState, event: RewardStockEvent): RewardStockState {
  switch (event.type) {
    case 'RewardGranted': {
      const { grantId, donorId, donationId, tierVersion } = event.payload;
      return { ...state, grants: [...state.grants, { grantId, donorId, donationId, tierVersion }] };
    }
    case 'RewardWaitlisted': {
      const { donorId, donationId, waitlistPosition } = event.payload;
      return { ...state, waitlist: [...state.waitlist, { donorId, donationId, waitlistPosition }] };
    }
    default:
      return assertNever(event);
  }
}

export interface ClaimReward {
  type: 'ClaimReward';
  /** Derived from the causing event and the tier, so a redelivered acceptance claims nothing twice. */
  eventId: string;
  grantId: string;
  metadata: EventMetadata;
  tier: RewardTier;
  donorId: string;
  donationId: string;
  at: string;
}

/**
 * Grants the tier to the donor while stock remains under the tier's current terms, else puts
 * the donor at the end of the waitlist; a donor who already holds or awaits the tier gets
 * nothing more. The caller appends with the revision it read, so the count it saw is the
 * count there is.
 */
export function claimReward(command: ClaimReward, state: RewardStockState): (RewardGranted | RewardWaitlisted)[] {
  const { tier, donorId, donationId, at } = command;
  const holds = state.grants.some((grant) => grant.donorId === donorId) || state.waitlist.some((entry) => entry.donorId === donorId);
  if (holds) return [];
  const { stockLimit } = tier.terms;
  const common = { campaignId: tier.campaignId, tierId: tier.tierId, tierVersion: tier.tierVersion, donorId, donationId };
  if (stockLimit === null || state.grants.length < stockLimit) {
    return [
      {
        eventId: command.eventId,
        type: 'RewardGranted',
        version: CURRENT_VERSIONS.RewardGranted,
        payload: {
          grantId: command.grantId,
          ...common,
          committeeId: tier.committeeId,
          rewardKind: tier.terms.rewardKind,
          fairMarketValueMinor: tier.terms.fairMarketValueMinor,
          currency: tier.currency,
          grantedCount: state.grants.length + 1,
          grantedAt: at,
        },
        metadata: command.metadata,
      },
    ];
  }
  return [
    {
      eventId: command.eventId,
      type: 'RewardWaitlisted',
      version: CURRENT_VERSIONS.RewardWaitlisted,
      payload: { ...common, waitlistPosition: state.waitlist.length + 1, waitlistedAt: at },
      metadata: command.metadata,
    },
  ];
}
