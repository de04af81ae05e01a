import type { NewEvent } from './envelope.js';

/**
 * Facts of the rewards context. Tier definitions live on one stream per campaign; each tier's
 * inventory (grants, waitlist, revocations, fulfilment) on a stream of its own, appended with
 * an expected revision so that concurrent grants can never exceed the stock; each supporter's
 * accepted money per campaign on a stream of its own, the measure of cumulative tiers.
 */

/** single: one donation's accepted amount reaches the threshold; cumulative: the donor's accepted total in the campaign does. */
export const THRESHOLD_KINDS = ['single', 'cumulative'] as const;
export type ThresholdKind = (typeof THRESHOLD_KINDS)[number];

export const REWARD_KINDS = ['item', 'ticket', 'mention'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const FULFILMENT_STATUSES = ['shipped', 'delivered', 'redeemed'] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** What a tier promises; the same shape in its definition and in every change. */
export interface RewardTierTerms {
  name: string;
  thresholdKind: ThresholdKind;
  /** Decimal string of minor units of the campaign's currency. */
  thresholdMinor: string;
  rewardKind: RewardKind;
  /** What the reward is worth on the market, in minor units: it may reduce what counts as a donation (PPERA). */
  fairMarketValueMinor: string;
  /** How many may be granted at most, or null for no limit. */
  stockLimit: number | null;
}

export interface RewardTierDefinedV1 {
  tierId: string;
  campaignId: string;
  committeeId: string;
  currency: string;
  terms: RewardTierTerms;
  /** 1 for the definition, then one more per change; grants record the version they were made under. */
  tierVersion: number;
  definedBy: string;
}

/** New terms from now on; grants made under an earlier version keep it. */
export interface RewardTierChangedV1 {
  tierId: string;
  campaignId: string;
  terms: RewardTierTerms;
  tierVersion: number;
  changedBy: string;
}

/** A donor's accepted money counted towards the campaign's cumulative tiers, once per accepted donation. */
export interface RewardSupportCountedV1 {
  campaignId: string;
  donorId: string;
  donationId: string;
  acceptedAmountMinor: string;
  currency: string;
  totalAfterMinor: string;
}

export interface RewardGrantedV1 {
  grantId: string;
  campaignId: string;
  committeeId: string;
  tierId: string;
  tierVersion: number;
  donorId: string;
  /** The accepted donation that reached the tier. */
  donationId: string;
  rewardKind: RewardKind;
  fairMarketValueMinor: string;
  currency: string;
  /** Grants of this tier so far, this one included: never above the stock limit. */
  grantedCount: number;
  grantedAt: string;
}

/** The donor reached the tier when no stock was left: next in line, at `waitlistPosition` (1 = first). */
export interface RewardWaitlistedV1 {
  campaignId: string;
  tierId: string;
  tierVersion: number;
  donorId: string;
  donationId: string;
  waitlistPosition: number;
  waitlistedAt: string;
}

export type RewardTierDefined = NewEvent<'RewardTierDefined', RewardTierDefinedV1>;
export type RewardTierChanged = NewEvent<'RewardTierChanged', RewardTierChangedV1>;
export type RewardSupportCounted = NewEvent<'RewardSupportCounted', RewardSupportCountedV1>;
export type RewardGranted = NewEvent<'RewardGranted', RewardGrantedV1>;
export type RewardWaitlisted = NewEvent<'RewardWaitlisted', RewardWaitlistedV1>;

export type RewardTierEvent = RewardTierDefined | RewardTierChanged;
export type RewardSupportEvent = RewardSupportCounted;
export type RewardStockEvent = RewardGranted | RewardWaitlisted;

/*
 * Stream ids start with `reward-` so that the relay publishes them on the rewards topic.
 * Campaign and tier ids never contain a dot (CLIENT_ID_PATTERN), so `.` joins them unambiguously.
 */
export const rewardTiersStreamId = (campaignId: string): string => `reward-tiers-${campaignId}`;
export const rewardStockStreamId = (campaignId: string, tierId: string): string => `reward-stock-${campaignId}.${tierId}`;
export const rewardSupportStreamId = (campaignId: string, donorId: string): string => `reward-support-${campaignId}.${donorId}`;
