import { CURRENT_VERSIONS, deterministicId, type CheckoutPaymentReversed, type CheckoutPaymentReversedV1, type PaymentReversalKind } from '#contracts';
import { remainingMinor } from '../donation/donation-amounts.js';
import { amountsOf, type DonationState } from '../donation/donation.decider.js';
import { reject } from '../shared/rejection.js';
import type { CheckoutState } from './checkout.decider.js';
import { spreadProRata } from './pro-rata.js';

export interface ReverseCheckoutPayment {
  type: 'ReverseCheckoutPayment';
  notice: { pspEventId: string; kind: PaymentReversalKind; pspReference: string; amountMinor: bigint; currency: string; occurredAt: string };
  correlationId: string;
  actor: string;
  /** Each share's donation as it stands, by donation id. */
  shares: ReadonlyMap<string, DonationState>;
}

/** The provider event id of one share's part: the share's refund or chargeback is a fact of its own. */
export const sharePartEventId = (pspEventId: string, donationId: string): string => `${pspEventId}/${donationId}`;

/**
 * Spreads a refund or chargeback of the checkout's one payment over its shares, pro rata to
 * what each share has left to give back (its amount, until part of it went back), so the parts
 * add up to the reversal exactly and none takes more than its share holds. A reversal already
 * spread (same provider event) yields nothing; the same provider event with another amount is refused.
 */
export function reverseCheckoutPayment(command: ReverseCheckoutPayment, state: CheckoutState): CheckoutPaymentReversed[] {
  const { notice } = command;
  if (state.status !== 'received') reject('checkout_not_found', 'no such checkout');
  const checkout = state.received;
  const spread = state.reversals.get(notice.pspEventId);
  if (spread !== undefined) {
    if (spread.kind === notice.kind && spread.amountMinor === notice.amountMinor.toString(10)) return [];
    reject('payment_event_conflict', `provider event ${notice.pspEventId} was recorded with other content`);
  }
  if (notice.currency !== checkout.currency) reject('currency_mismatch', `checkout ${checkout.checkoutId} is in ${checkout.currency}, not ${notice.currency}`);
  if (notice.amountMinor <= 0n) reject('amount_must_be_positive', 'amountMinor must be greater than zero');
  if (checkout.payment.pspReference !== null && checkout.payment.pspReference !== notice.pspReference) {
    reject('psp_reference_mismatch', `checkout ${checkout.checkoutId} was paid with ${checkout.payment.pspReference}, not ${notice.pspReference}`);
  }
  const remaining = checkout.shares.map(({ donationId }) => {
    const share = command.shares.get(donationId);
    if (share === undefined || share.status === 'none') reject('donation_not_found', `share ${donationId} of checkout ${checkout.checkoutId} is not recorded`);
    return remainingMinor(amountsOf(share));
  });
  const left = remaining.reduce((sum, r) => sum + r, 0n);
  if (notice.amountMinor > left) reject('reversal_exceeds_remaining', `checkout ${checkout.checkoutId} has ${left} minor units left to give back, not ${notice.amountMinor}`);
  const parts = spreadProRata(notice.amountMinor, remaining);
  const payload: CheckoutPaymentReversedV1 = {
    checkoutId: checkout.checkoutId,
    kind: notice.kind,
    pspEventId: notice.pspEventId,
    amountMinor: notice.amountMinor.toString(10),
    currency: notice.currency,
    policy: 'pro_rata',
    parts: checkout.shares.map(({ donationId }, i) => ({ donationId, amountMinor: parts[i].toString(10) })).filter((p) => p.amountMinor !== '0'),
  };
  const metadata = {
    occurredAt: notice.occurredAt,
    correlationId: command.correlationId,
    causationId: `psp-event:${notice.pspEventId}`,
    committeeId: checkout.conduitCommitteeId,
    donorId: checkout.donorId,
    actor: command.actor,
  };
  const eventId = deterministicId('checkout-reversal', checkout.checkoutId, notice.pspEventId);
  return [{ eventId, type: 'CheckoutPaymentReversed', version: CURRENT_VERSIONS.CheckoutPaymentReversed, payload, metadata }];
}
