import type { NewEvent } from '../shared/envelope.js';

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
  /**
   * Units of this tier out after this grant (grants less those revoked with their unit returned),
   * this one included: never above the stock limit.
   */
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

/** Why money stopped counting towards rewards: it went back, or compliance refused it after all. */
export const SUPPORT_REVERSAL_REASONS = ['refund', 'chargeback', 'rejection'] as const;
export type SupportReversalReason = (typeof SUPPORT_REVERSAL_REASONS)[number];

/**
 * Part of a counted donation no longer counts (refunded, charged back, or rejected after
 * review), once per causing fact. `donationRemainingMinor` is what the donation still counts
 * for, the measure of single-donation tiers; `totalAfterMinor` the donor's new total.
 */
export interface RewardSupportReversedV1 {
  campaignId: string;
  donorId: string;
  donationId: string;
  reversedAmountMinor: string;
  currency: string;
  reason: SupportReversalReason;
  donationRemainingMinor: string;
  totalAfterMinor: string;
}

/**
 * The donor no longer qualifies for a grant. `stockReturned`: the unit goes back to stock
 * (the grant was not fulfilled); otherwise it left already and a RewardRevocationFlagged in the
 * same append asks staff to act. Carries what compliance needs to undo the market value.
 */
export interface RewardRevokedV1 {
  grantId: string;
  campaignId: string;
  committeeId: string;
  tierId: string;
  donorId: string;
  donationId: string;
  rewardKind: RewardKind;
  fairMarketValueMinor: string;
  currency: string;
  reason: SupportReversalReason;
  /** The refund, chargeback or rejection's ledger event id. */
  causationEventId: string;
  stockReturned: boolean;
  revokedAt: string;
}

/** A revoked grant had been fulfilled (shipped, delivered, redeemed): staff must recover or write it off. */
export interface RewardRevocationFlaggedV1 {
  grantId: string;
  campaignId: string;
  tierId: string;
  donorId: string;
  fulfilmentStatus: FulfilmentStatus;
  reason: SupportReversalReason;
  flaggedAt: string;
}

/** A waitlisted donor's money went back before a unit was free: they leave the line. */
export interface RewardWaitlistLeftV1 {
  campaignId: string;
  tierId: string;
  donorId: string;
  donationId: string;
  reason: SupportReversalReason;
  leftAt: string;
}

/** Staff recorded a step of handing the reward over. */
export interface RewardFulfilmentRecordedV1 {
  grantId: string;
  campaignId: string;
  tierId: string;
  donorId: string;
  status: FulfilmentStatus;
  /** Free text for staff (a tracking number, the door it was redeemed at), or null. */
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export type RewardTierDefined = NewEvent<'RewardTierDefined', RewardTierDefinedV1>;
export type RewardTierChanged = NewEvent<'RewardTierChanged', RewardTierChangedV1>;
export type RewardSupportCounted = NewEvent<'RewardSupportCounted', RewardSupportCountedV1>;
export type RewardGranted = NewEvent<'RewardGranted', RewardGrantedV1>;
export type RewardWaitlisted = NewEvent<'RewardWaitlisted', RewardWaitlistedV1>;
export type RewardSupportReversed = NewEvent<'RewardSupportReversed', RewardSupportReversedV1>;
export type RewardRevoked = NewEvent<'RewardRevoked', RewardRevokedV1>;
export type RewardRevocationFlagged = NewEvent<'RewardRevocationFlagged', RewardRevocationFlaggedV1>;
export type RewardWaitlistLeft = NewEvent<'RewardWaitlistLeft', RewardWaitlistLeftV1>;
export type RewardFulfilmentRecorded = NewEvent<'RewardFulfilmentRecorded', RewardFulfilmentRecordedV1>;

export type RewardTierEvent = RewardTierDefined | RewardTierChanged;
export type RewardSupportEvent = RewardSupportCounted | RewardSupportReversed;
export type RewardStockEvent =
  | RewardGranted
  | RewardWaitlisted
  | RewardRevoked
  | RewardRevocationFlagged
  | RewardWaitlistLeft
  | RewardFulfilmentRecorded;

/*
 * Stream ids start with `reward-` so that the relay publishes them on the rewards topic.
 * Campaign and tier ids never contain a dot (CLIENT_ID_PATTERN), so `.` joins them unambiguously.
 */
export const rewardTiersStreamId = (campaignId: string): string => `reward-tiers-${campaignId}`;
export const rewardStockStreamId = (campaignId: string, tierId: string): string => `reward-stock-${campaignId}.${tierId}`;
export const rewardSupportStreamId = (campaignId: string, donorId: string): string => `reward-support-${campaignId}.${donorId}`;
