import type { NewEvent } from './envelope.js';
import type { DonationAcceptedV1, DonationFlaggedV1 } from './donation.events.v1.js';
import type { DonationReceivedV2, DonorSnapshotV1 } from './donation.events.v2.js';

export const DONOR_TYPES = ['individual', 'company', 'trade_union', 'other'] as const;
export type DonorType = (typeof DONOR_TYPES)[number];

export const PAYMENT_METHODS = ['card', 'bank_transfer', 'check', 'cash', 'in_kind'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface DonorAttestations {
  usCitizenOrPermanentResident?: boolean;
  ownFunds?: boolean;
  notFederalContractor?: boolean;
}

/**
 * Which of the details a report must carry the donor gave, as facts without the details
 * themselves (those stay sealed): compliance decides itemization and best-efforts requests
 * on these without holding any personal data. `mailingAddress`: first line, city and postal
 * code all given.
 */
export interface DonorDetailsGiven {
  mailingAddress: boolean;
  occupation: boolean;
  employer: boolean;
}

/** v2 of the donor snapshot (DonationReceived v3, RecurringPlanCreated v2): v1 plus `detailsGiven`. */
export interface DonorSnapshot extends DonorSnapshotV1 {
  /** null when not known: a donation or plan recorded before v2 of the snapshot. */
  detailsGiven: DonorDetailsGiven | null;
}

/** v3: the donor snapshot says which reportable details the donor gave (`donor.detailsGiven`). */
export interface DonationReceivedV3 extends Omit<DonationReceivedV2, 'donor'> {
  donor: DonorSnapshot;
}

/**
 * The donor's explicit consent, given with the donation, to be named on the campaign's public
 * donor wall. The display name is sealed with the donor's own key like the rest of their
 * personal data (a record whose `name` is the display name), so erasing the donor erases it.
 */
export interface PublicAcknowledgement {
  sealedDisplayName: string;
  /** Whether the wall may show the amount too; never assumed. */
  showAmount: boolean;
}

/** v4: the donor's consent to the donor wall, or null when they gave none (and for every earlier version). */
export interface DonationReceivedV4 extends DonationReceivedV3 {
  publicAcknowledgement: PublicAcknowledgement | null;
}

/** v2: the figures compared, and whether the donation must be itemized. */
export interface DonationAcceptedV2 extends DonationAcceptedV1 {
  /** The figures the rules compared, for the auditor (decimal strings). Empty for a v1 decision. */
  figures: Record<string, string>;
  /** Whether reports must itemize it (the donor's cycle aggregate passed the threshold); null for a v1 decision. */
  itemized: boolean | null;
}

/** Something the committee must do about a flagged donation, by the end of a day (UTC). */
export interface FlagDeadline {
  /** e.g. 'deposit_or_return', 'obtain_evidence_or_refund'. */
  action: string;
  /** Last day to act, YYYY-MM-DD, counted from the day the donation was received. */
  dueOn: string;
}

/** v2: the figures compared and the deadlines the flag runs on. */
export interface DonationFlaggedV2 extends DonationFlaggedV1 {
  figures: Record<string, string>;
  /** Empty for a v1 flag. */
  deadlines: FlagDeadline[];
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

/**
 * Compliance kept part of an excessive contribution and holds the rest, which the committee
 * must refund, redesignate to another election or reattribute to a joint account holder by
 * `dueOn` (11 CFR 103.3(b)(3): 60 days from receipt). Recorded beside the DonationAccepted
 * of the part kept, in the same append.
 */
export interface ExcessiveContributionHeldV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  electionId: string;
  receivedAmountMinor: string;
  acceptedAmountMinor: string;
  excessAmountMinor: string;
  currency: string;
  /** The remedies the law allows for this excess. */
  remedies: ExcessRemedy[];
  /** Last day (UTC) to remedy the excess, YYYY-MM-DD. */
  dueOn: string;
  figures: Record<string, string>;
  ruleIds: string[];
  rulePackVersion: string;
}

export const EXCESS_REMEDIES = ['refund', 'redesignation', 'reattribution'] as const;
export type ExcessRemedy = (typeof EXCESS_REMEDIES)[number];

/** Details a report must carry that a donor may leave out: what a best-efforts request asks for. */
export const DONOR_DETAILS = ['mailing_address', 'occupation', 'employer'] as const;
export type DonorDetail = (typeof DONOR_DETAILS)[number];

/**
 * The donation is itemized and the donor left out details a report must carry: the committee
 * must ask for them at least once by `dueOn` (11 CFR 104.7(b): within 30 days of receipt).
 * Open until a later fact (the officer's) records the request made.
 */
export interface BestEffortsRequestOpenedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  missingDetails: DonorDetail[];
  /** Last day (UTC) to make the request, YYYY-MM-DD. */
  dueOn: string;
  ruleIds: string[];
  rulePackVersion: string;
}

export type DonationReceived = NewEvent<'DonationReceived', DonationReceivedV4>;
export type DonationAccepted = NewEvent<'DonationAccepted', DonationAcceptedV2>;
export type DonationFlagged = NewEvent<'DonationFlagged', DonationFlaggedV2>;
export type DonationRejected = NewEvent<'DonationRejected', DonationRejectedV1>;
export type DonationRefunded = NewEvent<'DonationRefunded', DonationRefundedV1>;
export type ChargebackReceived = NewEvent<'ChargebackReceived', ChargebackReceivedV1>;
export type PaymentCaptured = NewEvent<'PaymentCaptured', PaymentCapturedV1>;
export type PaymentFailed = NewEvent<'PaymentFailed', PaymentFailedV1>;
export type ExcessiveContributionHeld = NewEvent<'ExcessiveContributionHeld', ExcessiveContributionHeldV1>;
export type BestEffortsRequestOpened = NewEvent<'BestEffortsRequestOpened', BestEffortsRequestOpenedV1>;

export type DonationEvent =
  | DonationReceived
  | DonationAccepted
  | DonationFlagged
  | DonationRejected
  | DonationRefunded
  | ChargebackReceived
  | PaymentCaptured
  | PaymentFailed
  | ExcessiveContributionHeld
  | BestEffortsRequestOpened;

export const donationStreamId = (donationId: string): string => `donation-${donationId}`;
