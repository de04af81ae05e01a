import type { NewEvent } from './envelope.js';

export const DONOR_TYPES = ['individual', 'company', 'trade_union', 'other'] as const;
export type DonorType = (typeof DONOR_TYPES)[number];

export const PAYMENT_METHODS = ['card', 'bank_transfer', 'check', 'cash', 'in_kind'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface DonorAttestations {
  usCitizenOrPermanentResident?: boolean;
  ownFunds?: boolean;
  notFederalContractor?: boolean;
}

export interface DonorSnapshot {
  /** Keyed hash of the donor's normalised identity: how compliance matches donors without plaintext. */
  donorId: string;
  type: DonorType;
  /** Personal data sealed with the donor's own key (see libs/ledger pii), or null when anonymous. */
  sealedPii: string | null;
  attestations: DonorAttestations;
}

/** v2: amounts are decimal strings of minor units and every donation names its election. */
export interface DonationReceivedV2 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  amountMinor: string;
  currency: string;
  donor: DonorSnapshot;
  payment: { method: PaymentMethod; pspReference: string | null };
  /** Election the donation counts towards (designated by the donor or the committee default). */
  electionId: string | null;
  receivedAt: string;
}

export interface DonationAcceptedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  electionId: string | null;
  acceptedAmountMinor: string;
  currency: string;
  /** Donor's aggregate for the election after this donation, as compliance counted it. */
  aggregateAfterMinor: string;
  ruleIds: string[];
  rulePackVersion: string;
}

export interface DonationFlaggedV1 {
  donationId: string;
  campaignId: string;
  reasons: { code: string; detail: string }[];
  ruleIds: string[];
  rulePackVersion: string;
}

export interface DonationRejectedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  code: string;
  detail: string;
  /** The figures the rule compared, for the auditor. */
  figures: Record<string, string>;
  ruleIds: string[];
  rulePackVersion: string;
}

export interface DonationRefundedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  reason: string;
  decidedBy: string;
  pspReference: string | null;
}

export interface ChargebackReceivedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  reason: string;
}

/**
 * The payment provider took the donor's money. `pspEventId` is the provider's id of the
 * webhook event it came from; the ledger event id derives from it, so however often the
 * provider delivers the event it is recorded once.
 */
export interface PaymentCapturedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  pspEventId: string;
}

/** The payment provider could not take the money (declined, expired, cancelled). */
export interface PaymentFailedV1 {
  donationId: string;
  campaignId: string;
  amountMinor: string;
  currency: string;
  pspReference: string;
  pspEventId: string;
  reason: string;
}

export type DonationReceived = NewEvent<'DonationReceived', DonationReceivedV2>;
export type DonationAccepted = NewEvent<'DonationAccepted', DonationAcceptedV1>;
export type DonationFlagged = NewEvent<'DonationFlagged', DonationFlaggedV1>;
export type DonationRejected = NewEvent<'DonationRejected', DonationRejectedV1>;
export type DonationRefunded = NewEvent<'DonationRefunded', DonationRefundedV1>;
export type ChargebackReceived = NewEvent<'ChargebackReceived', ChargebackReceivedV1>;
export type PaymentCaptured = NewEvent<'PaymentCaptured', PaymentCapturedV1>;
export type PaymentFailed = NewEvent<'PaymentFailed', PaymentFailedV1>;

export type DonationEvent =
  | DonationReceived
  | DonationAccepted
  | DonationFlagged
  | DonationRejected
  | DonationRefunded
  | ChargebackReceived
  | PaymentCaptured
  | PaymentFailed;

export const donationStreamId = (donationId: string): string => `donation-${donationId}`;
