import type { NewEvent } from '../shared/envelope.js';
import type { PaymentMethod } from '../donation/donor-basics.js';

/**
 * A conduit (11 CFR 110.6): a committee that takes contributions earmarked for other
 * committees and forwards them. A tenant registers one of its own committees as a conduit
 * (stream `conduit-<committeeId>`) and lists the committees it forwards to.
 */
export interface ConduitRegisteredV1 {
  committeeId: string;
  /** The conduit committee's own FEC identifier (C followed by eight digits). */
  fecId: string;
  name: string;
  tenantId: string;
  registeredBy: string;
}

/**
 * `hustings`: one of the tenant's committees in Hustings, which receives its shares in its
 * own ledger streams; `outside`: a committee known only by name and FEC id, for which
 * Hustings keeps a committee of the tenant under `recipientCommitteeId` so that every share
 * is decided by that recipient's rules like any donation.
 */
export const RECIPIENT_KINDS = ['hustings', 'outside'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * `authorized_committee`: a candidate's authorized committee, to which every earmarked
 * contribution is forwarded within 10 days (11 CFR 102.8(a)); `political_committee`: any other
 * (a party committee, a PAC), to which one of $50 or less may take 30 days (11 CFR 102.8(b)).
 */
export const RECIPIENT_COMMITTEE_TYPES = ['authorized_committee', 'political_committee'] as const;
export type RecipientCommitteeType = (typeof RECIPIENT_COMMITTEE_TYPES)[number];

export interface ConduitRecipientAddedV1 {
  conduitCommitteeId: string;
  recipientCommitteeId: string;
  kind: RecipientKind;
  committeeType: RecipientCommitteeType;
  name: string;
  /** The recipient's FEC identifier; null for a Hustings committee registered without one. */
  fecId: string | null;
}

/** One allocation of a checkout: a donation of its own, to one recipient. */
export interface CheckoutShare {
  donationId: string;
  recipientCommitteeId: string;
  amountMinor: string;
  electionId: string | null;
}

/**
 * One payment split across recipients (stream `checkout-<checkoutId>`), appended in one
 * transaction with a DonationReceived per share, each naming this checkout as its cause.
 */
export interface CheckoutReceivedV1 {
  checkoutId: string;
  conduitCommitteeId: string;
  campaignId: string;
  donorId: string;
  amountMinor: string;
  currency: string;
  payment: { method: PaymentMethod; pspReference: string | null };
  receivedAt: string;
  shares: CheckoutShare[];
}

export const PAYMENT_REVERSAL_KINDS = ['refund', 'chargeback'] as const;
export type PaymentReversalKind = (typeof PAYMENT_REVERSAL_KINDS)[number];

/**
 * A refund or chargeback of the checkout's one payment, spread over its shares by the
 * conduit's policy; each share's part is also its own DonationRefunded or ChargebackReceived.
 */
export interface CheckoutPaymentReversedV1 {
  checkoutId: string;
  kind: PaymentReversalKind;
  /** The provider's event id: a redelivery of the same reversal spreads nothing twice. */
  pspEventId: string;
  amountMinor: string;
  currency: string;
  policy: 'pro_rata';
  parts: { donationId: string; amountMinor: string }[];
}

/**
 * The conduit's record of one transfer to one recipient, on the stream of the conduit campaign
 * whose shares it carries (`forwarding-<campaignId>`, a few events a day): the accepted shares,
 * their total and the day it left (11 CFR 102.8, 110.6(b)(2)(iii)).
 */
export interface EarmarksForwardedV1 {
  batchId: string;
  conduitCommitteeId: string;
  campaignId: string;
  recipientCommitteeId: string;
  amountMinor: string;
  currency: string;
  /** YYYY-MM-DD, the day the transfer was made. */
  forwardedOn: string;
  donationIds: string[];
  recordedBy: string;
}

export type ConduitRegistered = NewEvent<'ConduitRegistered', ConduitRegisteredV1>;
export type ConduitRecipientAdded = NewEvent<'ConduitRecipientAdded', ConduitRecipientAddedV1>;
export type ConduitEvent = ConduitRegistered | ConduitRecipientAdded;

export type CheckoutReceived = NewEvent<'CheckoutReceived', CheckoutReceivedV1>;
export type CheckoutPaymentReversed = NewEvent<'CheckoutPaymentReversed', CheckoutPaymentReversedV1>;
export type CheckoutEvent = CheckoutReceived | CheckoutPaymentReversed;

/**
 * The same transfer as the recipient's own ledger records it (stream `earmarks-<recipient>`),
 * naming the conduit it came through: appended with the conduit's record, in one transaction.
 */
export interface EarmarksReceivedV1 extends EarmarksForwardedV1 {
  conduitFecId: string;
  conduitName: string;
}

export type EarmarksForwarded = NewEvent<'EarmarksForwarded', EarmarksForwardedV1>;
export type ForwardingEvent = EarmarksForwarded;
export type EarmarksReceived = NewEvent<'EarmarksReceived', EarmarksReceivedV1>;
export type RecipientEarmarkEvent = EarmarksReceived;

export const conduitStreamId = (committeeId: string): string => `conduit-${committeeId}`;
export const checkoutStreamId = (checkoutId: string): string => `checkout-${checkoutId}`;
export const forwardingStreamId = (campaignId: string): string => `forwarding-${campaignId}`;
export const recipientEarmarksStreamId = (recipientCommitteeId: string): string => `earmarks-${recipientCommitteeId}`;
