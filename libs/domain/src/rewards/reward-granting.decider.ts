import {
  CURRENT_VERSIONS,
  type EventMetadata,
  type FulfilmentStatus,
  type RewardKind,
  type RewardGranted,
  type RewardStockEvent,
  type RewardSupportCounted,
  type RewardSupportEvent,
  type RewardWaitlisted,
} from '#contracts';
import { assertNever } from '../shared/rejection.js';
import type { RewardTier } from './reward-tier.decider.js';
import type { Fold } from '../shared/fold.js';
import { isBigint, isRecord, isRecordOf, plainSnapshot } from '../shared/snapshot-json.js';

/* ------------------------------------------------------------ support */

/** A donor's accepted money in one campaign, which accepted donations it counts, and what of each was reversed. */
export interface RewardSupportState {
  totalMinor: bigint;
  counted: Record<string, bigint>;
  reversed: Record<string, bigint>;
}

export const initialRewardSupportState = (): RewardSupportState => ({ totalMinor: 0n, counted: {}, reversed: {} });

/** What one donation still counts for towards rewards: the measure of single-donation tiers. */
export const donationRemainingMinor = (state: RewardSupportState, donationId: string): bigint =>
  (state.counted[donationId] ?? 0n) - (state.reversed[donationId] ?? 0n);

export function evolveRewardSupport(state: RewardSupportState, event: RewardSupportEvent): RewardSupportState {
  switch (event.type) {
    case 'RewardSupportCounted': {
      const { donationId, acceptedAmountMinor, totalAfterMinor } = event.payload;
      return { ...state, totalMinor: BigInt(totalAfterMinor), counted: { ...state.counted, [donationId]: BigInt(acceptedAmountMinor) } };
    }
    case 'RewardSupportReversed': {
      const { donationId, reversedAmountMinor, totalAfterMinor } = event.payload;
      const reversed = (state.reversed[donationId] ?? 0n) + BigInt(reversedAmountMinor);
      return { ...state, totalMinor: BigInt(totalAfterMinor), reversed: { ...state.reversed, [donationId]: reversed } };
    }
    default:
      return assertNever(event);
  }
}

/** A donor's support of a campaign, as granting and revocation fold it. */
export const rewardSupportFold: Fold<RewardSupportState, RewardSupportEvent> = {
  evolve: evolveRewardSupport,
  initialState: initialRewardSupportState,
  snapshot: plainSnapshot('reward-support/1', (s) => isRecord(s) && isBigint(s.totalMinor) && isRecordOf(s.counted, isBigint) && isRecordOf(s.reversed, isBigint)),
};

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
  rewardKind: RewardKind;
  fairMarketValueMinor: string;
  currency: string;
  /** The furthest step of fulfilment recorded, or null while the reward has not left. */
  fulfilment: FulfilmentStatus | null;
  /** null while the grant stands; once revoked, whether its unit went back to stock. */
  revoked: { stockReturned: boolean; flagged: boolean } | null;
}

export interface RewardWaitlistEntry {
  donorId: string;
  donationId: string;
  tierVersion: number;
  waitlistPosition: number;
}

/** One tier's inventory: every grant made (revoked ones too), and who waits for one, in order. */
export interface RewardStockState {
  grants: RewardGrantRecord[];
  waitlist: RewardWaitlistEntry[];
  /** The last waitlist position handed out: positions only grow, so order survives promotions. */
  lastWaitlistPosition: number;
}

export const initialRewardStockState = (): RewardStockState => ({ grants: [], waitlist: [], lastWaitlistPosition: 0 });

/** Units out of stock: every grant but those revoked with their unit returned (a fulfilled one's unit is gone). */
export const unitsOut = (state: RewardStockState): number => state.grants.filter((grant) => grant.revoked?.stockReturned !== true).length;

/** The donor's standing grant of this tier, if any. */
export const activeGrantOf = (state: RewardStockState, donorId: string): RewardGrantRecord | undefined =>
  state.grants.find((grant) => grant.donorId === donorId && grant.revoked === null);

const updateGrant = (state: RewardStockState, grantId: string, change: (grant: RewardGrantRecord) => RewardGrantRecord): RewardStockState => ({
  ...state,
  grants: state.grants.map((grant) => (grant.grantId === grantId ? change(grant) : grant)),
});

export function evolveRewardStock(state: RewardStockState, event: RewardStockEvent): RewardStockState {
  switch (event.type) {
    case 'RewardGranted': {
      const { grantId, donorId, donationId, tierVersion, rewardKind, fairMarketValueMinor, currency } = event.payload;
      const grant: RewardGrantRecord = { grantId, donorId, donationId, tierVersion, rewardKind, fairMarketValueMinor, currency, fulfilment: null, revoked: null };
      // A grant to a waitlisted donor is their promotion: they leave the line.
      return { ...state, grants: [...state.grants, grant], waitlist: state.waitlist.filter((entry) => entry.donorId !== donorId) };
    }
    case 'RewardWaitlisted': {
      const { donorId, donationId, tierVersion, waitlistPosition } = event.payload;
      const entry = { donorId, donationId, tierVersion, waitlistPosition };
      return { ...state, waitlist: [...state.waitlist, entry], lastWaitlistPosition: Math.max(state.lastWaitlistPosition, waitlistPosition) };
    }
    case 'RewardWaitlistLeft':
      return { ...state, waitlist: state.waitlist.filter((entry) => entry.donorId !== event.payload.donorId) };
    case 'RewardRevoked':
      return updateGrant(state, event.payload.grantId, (grant) => ({ ...grant, revoked: { stockReturned: event.payload.stockReturned, flagged: false } }));
    case 'RewardRevocationFlagged':
      return updateGrant(state, event.payload.grantId, (grant) => ({ ...grant, revoked: { stockReturned: false, flagged: true } }));
    case 'RewardFulfilmentRecorded':
      return updateGrant(state, event.payload.grantId, (grant) => ({ ...grant, fulfilment: event.payload.status }));
    default:
      return assertNever(event);
  }
}

/** A tier's stock (grants and waitlist), the stream that is never oversold. */
export const rewardStockFold: Fold<RewardStockState, RewardStockEvent> = {
  evolve: evolveRewardStock,
  initialState: initialRewardStockState,
  snapshot: plainSnapshot('reward-stock/1', (s) => isRecord(s) && Array.isArray(s.grants) && s.grants.every(isRecord) && Array.isArray(s.waitlist) && s.waitlist.every(isRecord) && typeof s.lastWaitlistPosition === 'number'),
};

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
  const holds = activeGrantOf(state, donorId) !== undefined || state.waitlist.some((entry) => entry.donorId === donorId);
  if (holds) return [];
  const { stockLimit } = tier.terms;
  const common = { campaignId: tier.campaignId, tierId: tier.tierId, tierVersion: tier.tierVersion, donorId, donationId };
  const out = unitsOut(state);
  if (stockLimit === null || out < stockLimit) {
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
          grantedCount: out + 1,
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
      payload: { ...common, waitlistPosition: state.lastWaitlistPosition + 1, waitlistedAt: at },
      metadata: command.metadata,
    },
  ];
}
