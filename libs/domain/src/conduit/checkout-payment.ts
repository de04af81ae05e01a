import { parseMinor, type CheckoutPaymentReversed, type CheckoutReceivedV1 } from '#contracts';
import { recordPaymentNotice, type PaymentFact, type PaymentNoticeKind } from '../donation/donation-payments.decider.js';
import type { DonationState } from '../donation/donation.decider.js';
import { reject } from '../shared/rejection.js';
import { reverseCheckoutPayment, sharePartEventId } from './checkout-reversal.js';
import { evolveCheckout, type CheckoutState } from './checkout.decider.js';

/** What a payment provider says of a split checkout's one payment. */
export interface CheckoutPaymentNotice {
  pspEventId: string;
  kind: PaymentNoticeKind;
  pspReference: string;
  amountMinor: bigint;
  currency: string;
  reason: string | null;
  occurredAt: string;
}

export interface RecordCheckoutPayment {
  type: 'RecordCheckoutPayment';
  notice: CheckoutPaymentNotice;
  correlationId: string;
  actor: string;
  /** Each share's donation as it stands, by donation id. */
  shares: ReadonlyMap<string, DonationState>;
}

/** The checkout's own fact (a reversal's spread) and each share's payment fact, to be appended together. */
export interface CheckoutPaymentDecision {
  checkout: CheckoutPaymentReversed[];
  /** In the checkout's share order; a share with nothing new (already recorded, or no part) is left out. */
  shares: { donationId: string; facts: PaymentFact[] }[];
}

/**
 * A provider's notice about a checkout's one payment, decided for the checkout and for every
 * share at once, so the caller appends it all in one transaction:
 * - captured or failed: the whole payment, so the notice must be for the checkout's amount;
 *   every share records it once, for its own amount;
 * - refunded or charged back: spread pro rata over what each share has left
 *   (reverseCheckoutPayment, remainder cents by largest remainder, ties to the earlier share),
 *   the spread recorded on the checkout and each share's part on the share.
 * Each share's fact goes through the share's own payment decider under the provider event id
 * `<event>/<donation>`: a notice delivered again, or completed after a crash between appends on
 * a ledger without multi-stream transactions, records nothing twice.
 */
export function recordCheckoutPayment(command: RecordCheckoutPayment, state: CheckoutState): CheckoutPaymentDecision {
  if (state.status !== 'received') reject('checkout_not_found', 'no such checkout');
  const { notice } = command;
  if (notice.kind === 'refunded' || notice.kind === 'charged_back') return spreadReversal(command, state);
  const checkout = state.received;
  checkWholePayment(notice, checkout);
  const parts = checkout.shares.map(({ donationId, amountMinor }) => ({ donationId, amountMinor: parseMinor(amountMinor) }));
  return { checkout: [], shares: shareFacts(command, parts) };
}

/** A capture or failure is of the whole payment: its currency, amount and reference are the checkout's. */
function checkWholePayment(notice: CheckoutPaymentNotice, checkout: CheckoutReceivedV1): void {
  if (notice.currency !== checkout.currency) reject('currency_mismatch', `checkout ${checkout.checkoutId} is in ${checkout.currency}, not ${notice.currency}`);
  if (notice.amountMinor !== parseMinor(checkout.amountMinor)) {
    reject('payment_amount_mismatch', `checkout ${checkout.checkoutId} is for ${checkout.amountMinor} minor units, not ${notice.amountMinor}`);
  }
  if (checkout.payment.pspReference !== null && checkout.payment.pspReference !== notice.pspReference) {
    reject('psp_reference_mismatch', `checkout ${checkout.checkoutId} was paid with ${checkout.payment.pspReference}, not ${notice.pspReference}`);
  }
}

function spreadReversal(command: RecordCheckoutPayment, state: CheckoutState & { status: 'received' }): CheckoutPaymentDecision {
  const { notice } = command;
  const kind = notice.kind === 'refunded' ? ('refund' as const) : ('chargeback' as const);
  const reversal = reverseCheckoutPayment({ type: 'ReverseCheckoutPayment', notice: { ...notice, kind }, correlationId: command.correlationId, actor: command.actor, shares: command.shares }, state);
  const after = reversal.reduce(evolveCheckout, state as CheckoutState);
  const spread = after.status === 'received' ? after.reversals.get(notice.pspEventId) : undefined;
  const parts = (spread?.parts ?? []).map((p) => ({ donationId: p.donationId, amountMinor: parseMinor(p.amountMinor) }));
  return { checkout: reversal, shares: shareFacts(command, parts) };
}

function shareFacts(command: RecordCheckoutPayment, parts: readonly { donationId: string; amountMinor: bigint }[]): CheckoutPaymentDecision['shares'] {
  const { notice } = command;
  return parts
    .map(({ donationId, amountMinor }) => {
      const share = command.shares.get(donationId);
      if (share === undefined) reject('donation_not_found', `share ${donationId} of the checkout is not recorded`);
      const shareNotice = { ...notice, pspEventId: sharePartEventId(notice.pspEventId, donationId), donationId, amountMinor };
      return { donationId, facts: recordPaymentNotice({ type: 'RecordPaymentNotice', notice: shareNotice, correlationId: command.correlationId, actor: command.actor }, share) };
    })
    .filter((share) => share.facts.length > 0);
}
