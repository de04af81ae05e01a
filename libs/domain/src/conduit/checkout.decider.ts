import {
  CURRENT_VERSIONS,
  deterministicId,
  donationStreamId,
  type CheckoutEvent,
  type CheckoutPaymentReversedV1,
  type CheckoutReceived,
  type CheckoutReceivedV1,
  type DonationReceived,
  type EventMetadata,
} from '#contracts';
import type { CampaignState } from '../committee/campaign.decider.js';
import type { CommitteeState } from '../committee/committee.decider.js';
import { electionFor, receivedPayload, type ReceiveDonation } from '../donation/donation.decider.js';
import { checkReceiptWindow } from '../donation/receipt-window.js';
import { assertNever, reject } from '../shared/rejection.js';
import type { ConduitState } from './conduit.decider.js';
import { checkSplit, type Allocation } from './split.js';

export type CheckoutState =
  | { status: 'none' }
  | { status: 'received'; received: CheckoutReceivedV1; reversals: ReadonlyMap<string, CheckoutPaymentReversedV1> };

export const initialCheckoutState = (): CheckoutState => ({ status: 'none' });

export function evolveCheckout(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  switch (event.type) {
    case 'CheckoutReceived':
      return { status: 'received', received: event.payload, reversals: new Map() };
    case 'CheckoutPaymentReversed':
      if (state.status !== 'received') return state;
      return { ...state, reversals: new Map(state.reversals).set(event.payload.pspEventId, event.payload) };
    default:
      return assertNever(event);
  }
}

/** A share's donation id: derived from the checkout and the recipient, so a retried checkout names the same donations. */
export const shareDonationId = (checkoutId: string, recipientCommitteeId: string): string => deterministicId('checkout-share', checkoutId, recipientCommitteeId);

export interface ReceiveCheckout {
  type: 'ReceiveCheckout';
  eventId: string;
  metadata: EventMetadata;
  /** What every share has in common (the donor, the payment, when), and the allocations. */
  data: Omit<ReceiveDonation['data'], 'donationId' | 'electionId'> & { checkoutId: string; allocations: Allocation[] };
  campaign: CampaignState;
  conduit: ConduitState;
  /** The recipients' committees, by id, as far as they were found. */
  recipients: ReadonlyMap<string, CommitteeState>;
}

/** The checkout's own fact, and one DonationReceived per share for the share's own stream. */
export interface CheckoutDecision {
  checkout: CheckoutReceived[];
  shares: { streamId: string; event: DonationReceived }[];
}

/**
 * One payment split across a conduit's recipients. Each share is a donation of its own to its
 * recipient (its committee, its election, its donor aggregate), so compliance decides each by
 * that recipient's rules, alone. A repeat of the same checkout yields nothing; the same id with
 * other content is refused.
 */
export function receiveCheckout(command: ReceiveCheckout, state: CheckoutState): CheckoutDecision {
  const { data, campaign, conduit } = command;
  if (campaign.status !== 'opened') reject('campaign_not_found', `campaign ${data.campaignId} does not exist`);
  if (conduit.status !== 'registered' || conduit.committeeId !== campaign.committeeId) {
    reject('conduit_not_found', `campaign ${data.campaignId} is not a conduit's: its committee forwards to no one`);
  }
  if (data.currency !== campaign.currency) reject('currency_mismatch', `campaign ${campaign.campaignId} takes ${campaign.currency}, not ${data.currency}`);
  checkSplit(data, data.allocations, conduit.recipients);
  const shares = data.allocations.map((allocation) => shareOf(command, allocation));
  const received = checkoutPayload(command, shares.map((s) => s.event));
  if (state.status !== 'none') {
    if (sameCheckout(state.received, received)) return { checkout: [], shares: [] };
    reject('checkout_already_exists', `checkout ${data.checkoutId} exists with different content`);
  }
  checkReceiptWindow({ receivedAt: data.receivedAt, now: command.metadata.occurredAt, opensAt: campaign.opensAt, closesAt: campaign.closesAt });
  const checkout: CheckoutReceived = { eventId: command.eventId, type: 'CheckoutReceived', version: CURRENT_VERSIONS.CheckoutReceived, payload: received, metadata: command.metadata };
  return { checkout: [checkout], shares };
}

function shareOf(command: ReceiveCheckout, allocation: Allocation): CheckoutDecision['shares'][number] {
  const { data } = command;
  const recipient = command.recipients.get(allocation.recipientCommitteeId);
  if (recipient?.status !== 'registered') reject('committee_not_found', `recipient ${allocation.recipientCommitteeId} is not registered`);
  const donationId = shareDonationId(data.checkoutId, allocation.recipientCommitteeId);
  const { allocations: _allocations, checkoutId: _checkoutId, ...common } = data;
  const payload = receivedPayload({ data: { ...common, donationId, amountMinor: allocation.amountMinor, electionId: null } }, recipient.committeeId, electionFor(allocation.electionId, recipient, common.receivedAt));
  // Keyed by recipient and donor like any donation to that recipient: its decision stays in
  // order with the donor's other donations there, whatever else the checkout carried.
  const metadata: EventMetadata = { ...command.metadata, committeeId: recipient.committeeId, causationId: command.eventId };
  const event: DonationReceived = { eventId: deterministicId('donation-received', donationId), type: 'DonationReceived', version: CURRENT_VERSIONS.DonationReceived, payload, metadata };
  return { streamId: donationStreamId(donationId), event };
}

function checkoutPayload(command: ReceiveCheckout, shares: readonly DonationReceived[]): CheckoutReceivedV1 {
  const { data } = command;
  return {
    checkoutId: data.checkoutId,
    conduitCommitteeId: command.metadata.committeeId,
    campaignId: data.campaignId,
    donorId: data.donor.donorId,
    amountMinor: data.amountMinor.toString(10),
    currency: data.currency,
    payment: { method: data.payment.method, pspReference: data.payment.pspReference },
    receivedAt: data.receivedAt,
    shares: shares.map(({ payload }) => ({ donationId: payload.donationId, recipientCommitteeId: payload.committeeId, amountMinor: payload.amountMinor, electionId: payload.electionId })),
  };
}

/** Same checkout: the donor, the payment and every share. Sealed PII differs per encryption. */
function sameCheckout(a: CheckoutReceivedV1, b: CheckoutReceivedV1): boolean {
  // Field by field: a stored payload comes back with its keys in the store's order, not ours.
  const sharesOf = (c: CheckoutReceivedV1) => c.shares.map((s) => [s.donationId, s.recipientCommitteeId, s.amountMinor, s.electionId].join('\u001f')).join('\u001e');
  return a.campaignId === b.campaignId && a.donorId === b.donorId && a.amountMinor === b.amountMinor && a.currency === b.currency
    && a.payment.method === b.payment.method && a.payment.pspReference === b.payment.pspReference && sharesOf(a) === sharesOf(b);
}
