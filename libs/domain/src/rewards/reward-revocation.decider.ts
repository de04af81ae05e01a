import {
  CURRENT_VERSIONS,
  deterministicId,
  type EventMetadata,
  type RewardGranted,
  type RewardRevocationFlagged,
  type RewardRevoked,
  type RewardSupportReversed,
  type RewardTierTerms,
  type RewardWaitlistLeft,
  type SupportReversalReason,
} from '#contracts';
import { countedAmounts } from '../donation/donation-amounts.js';
import { amountsOf, type DonationRecord } from '../donation/donation.decider.js';
import { assertNever } from '../shared/rejection.js';
import { activeGrantOf, donationRemainingMinor, unitsOut, type RewardStockState, type RewardSupportState } from './reward-granting.decider.js';
import type { RewardTier } from './reward-tier.decider.js';

/* ------------------------------------------------------------ support */

/**
 * What a donation counts for towards rewards as its own stream tells it now: the accepted
 * money compliance still counts once refunds and chargebacks are taken (the same rule as the
 * donor's aggregate and the totals), and nothing once it was rejected after all.
 */
export function rewardableMinor(donation: DonationRecord): bigint {
  if (donation.decision === 'rejected') return 0n;
  return countedAmounts(amountsOf(donation)).countedMinor;
}

export interface ReverseRewardSupport {
  type: 'ReverseRewardSupport';
  /** The refund, chargeback or rejection: the reversal's id derives from it and from what was reversed before. */
  causationEventId: string;
  metadata: EventMetadata;
  data: { campaignId: string; donorId: string; donationId: string; currency: string; reason: SupportReversalReason };
  /**
   * What the donation should still count for now, as its own stream tells it: the counted
   * amount once refunds and chargebacks are taken (donation-amounts.ts), or 0 once rejected.
   */
  donationShouldCountMinor: bigint;
}

/**
 * Takes back from the donor's support what a donation no longer counts for. Handling the same
 * refund twice, or a refund an earlier reversal already covered, reverses nothing more; a
 * donation never counted (not accepted yet) has nothing to reverse, and when it is accepted
 * it is counted net of what went back before.
 */
export function reverseRewardSupport(command: ReverseRewardSupport, state: RewardSupportState): RewardSupportReversed[] {
  const { data } = command;
  if (!Object.hasOwn(state.counted, data.donationId)) return [];
  const remaining = donationRemainingMinor(state, data.donationId);
  const target = command.donationShouldCountMinor < 0n ? 0n : command.donationShouldCountMinor;
  const dueMinor = remaining - target;
  if (dueMinor <= 0n) return [];
  const reversedBefore = state.reversed[data.donationId] ?? 0n;
  return [
    {
      eventId: deterministicId('reward-support-reversed', command.causationEventId, data.donationId, reversedBefore.toString(10)),
      type: 'RewardSupportReversed',
      version: CURRENT_VERSIONS.RewardSupportReversed,
      payload: {
        ...data,
        reversedAmountMinor: dueMinor.toString(10),
        donationRemainingMinor: target.toString(10),
        totalAfterMinor: (state.totalMinor - dueMinor).toString(10),
      },
      metadata: command.metadata,
    },
  ];
}

/* ------------------------------------------------------------ stock */

export interface ReviewRewardHold {
  type: 'ReviewRewardHold';
  causationEventId: string;
  reason: SupportReversalReason;
  metadata: EventMetadata;
  tier: RewardTier;
  /** Every version of the tier's terms: a grant or a place in line is judged under the terms it was made under. */
  termsByVersion: Record<number, RewardTierTerms>;
  donorId: string;
  /** The donor's support after the reversal. */
  support: RewardSupportState;
  at: string;
}

export type RewardHoldEvent = RewardRevoked | RewardRevocationFlagged | RewardGranted | RewardWaitlistLeft;

function stillQualifies(command: ReviewRewardHold, held: { donationId: string; tierVersion: number }): boolean {
  const terms = command.termsByVersion[held.tierVersion] ?? command.tier.terms;
  const threshold = BigInt(terms.thresholdMinor);
  switch (terms.thresholdKind) {
    case 'single':
      return donationRemainingMinor(command.support, held.donationId) >= threshold;
    case 'cumulative':
      return command.support.totalMinor >= threshold;
    default:
      return assertNever(terms.thresholdKind);
  }
}

/**
 * After a donor's support went down: revokes the donor's grant of the tier if they no longer
 * qualify, or takes them out of the line. An unfulfilled grant's unit returns to stock and, in
 * the same append, goes to the first donor in line; a fulfilled one is gone, so staff are
 * flagged instead. Ids derive from the cause and the tier, so a redelivery decides nothing new
 * (and finds nothing left to revoke).
 */
export function reviewRewardHold(command: ReviewRewardHold, state: RewardStockState): RewardHoldEvent[] {
  const grant = activeGrantOf(state, command.donorId);
  if (grant && !stillQualifies(command, grant)) return revoke(command, state, grant);
  const queued = state.waitlist.find((entry) => entry.donorId === command.donorId);
  if (queued && !stillQualifies(command, queued)) {
    const { tier } = command;
    return [
      {
        eventId: deterministicId('reward-waitlist-left', command.causationEventId, tier.tierId),
        type: 'RewardWaitlistLeft',
        version: CURRENT_VERSIONS.RewardWaitlistLeft,
        payload: { campaignId: tier.campaignId, tierId: tier.tierId, donorId: command.donorId, donationId: queued.donationId, reason: command.reason, leftAt: command.at },
        metadata: command.metadata,
      },
    ];
  }
  return [];
}

function revoke(command: ReviewRewardHold, state: RewardStockState, grant: NonNullable<ReturnType<typeof activeGrantOf>>): RewardHoldEvent[] {
  const { tier, causationEventId, reason, at } = command;
  const stockReturned = grant.fulfilment === null;
  const revoked: RewardRevoked = {
    eventId: deterministicId('reward-revoked', causationEventId, tier.tierId),
    type: 'RewardRevoked',
    version: CURRENT_VERSIONS.RewardRevoked,
    payload: {
      grantId: grant.grantId,
      campaignId: tier.campaignId,
      committeeId: tier.committeeId,
      tierId: tier.tierId,
      donorId: grant.donorId,
      donationId: grant.donationId,
      rewardKind: grant.rewardKind,
      fairMarketValueMinor: grant.fairMarketValueMinor,
      currency: grant.currency,
      reason,
      causationEventId,
      stockReturned,
      revokedAt: at,
    },
    metadata: command.metadata,
  };
  if (grant.fulfilment !== null) {
    const flagged: RewardRevocationFlagged = {
      eventId: deterministicId('reward-revocation-flagged', causationEventId, tier.tierId),
      type: 'RewardRevocationFlagged',
      version: CURRENT_VERSIONS.RewardRevocationFlagged,
      payload: { grantId: grant.grantId, campaignId: tier.campaignId, tierId: tier.tierId, donorId: grant.donorId, fulfilmentStatus: grant.fulfilment, reason, flaggedAt: at },
      metadata: command.metadata,
    };
    return [revoked, flagged];
  }
  const next = state.waitlist[0];
  const { stockLimit } = tier.terms;
  // The unit returned is the one the grant held: out of stock less one, under the limit in force now.
  const outAfter = unitsOut(state) - 1;
  if (!next || (stockLimit !== null && outAfter >= stockLimit)) return [revoked];
  return [revoked, promote(command, next, outAfter + 1)];
}

function promote(command: ReviewRewardHold, next: RewardStockState['waitlist'][number], grantedCount: number): RewardGranted {
  const { tier, causationEventId, at } = command;
  return {
    eventId: deterministicId('reward-promoted', causationEventId, tier.tierId),
    type: 'RewardGranted',
    version: CURRENT_VERSIONS.RewardGranted,
    payload: {
      grantId: deterministicId('reward-grant-promoted', causationEventId, tier.tierId, next.donorId),
      campaignId: tier.campaignId,
      committeeId: tier.committeeId,
      tierId: tier.tierId,
      tierVersion: tier.tierVersion,
      donorId: next.donorId,
      donationId: next.donationId,
      rewardKind: tier.terms.rewardKind,
      fairMarketValueMinor: tier.terms.fairMarketValueMinor,
      currency: tier.currency,
      grantedCount,
      grantedAt: at,
    },
    // The promoted donor's own key on the bus, so their grant stays in order with their waitlisting.
    metadata: { ...command.metadata, donorId: next.donorId },
  };
}
