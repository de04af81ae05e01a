import {
  CURRENT_VERSIONS,
  deterministicId,
  parseMinor,
  type ChargebackReceived,
  type DonationRefunded,
  type EventMetadata,
  type PaymentCaptured,
  type PaymentFailed,
} from '#contracts';
import { remainingMinor } from './donation-amounts.js';
import { amountsOf, paymentFactFingerprint, type DonationRecord, type DonationState } from './donation.decider.js';
import { assertNever, reject } from '../shared/rejection.js';

/** What a payment provider tells us about a donation's money (the webhook's `type`, without its prefix). */
export const PAYMENT_NOTICE_KINDS = ['captured', 'failed', 'refunded', 'charged_back'] as const;
export type PaymentNoticeKind = (typeof PAYMENT_NOTICE_KINDS)[number];

export interface PaymentNotice {
  /** The provider's id of its event: the same id is the same fact, however often delivered. */
  pspEventId: string;
  kind: PaymentNoticeKind;
  donationId: string;
  /** The provider's reference of the payment the event concerns. */
  pspReference: string;
  amountMinor: bigint;
  currency: string;
  reason: string | null;
  /** When it happened at the provider. */
  occurredAt: string;
}

export interface RecordPaymentNotice {
  type: 'RecordPaymentNotice';
  notice: PaymentNotice;
  correlationId: string;
  /** Who reported it (the webhook endpoint), for the audit trail. */
  actor: string;
}

export type PaymentFact = PaymentCaptured | PaymentFailed | DonationRefunded | ChargebackReceived;

/** The ledger event id of a provider event: derived from the provider's id alone. */
export const paymentFactId = (pspEventId: string): string => deterministicId('psp-event', pspEventId);

/**
 * Records a provider's notice on the donation's stream. A notice already recorded yields
 * nothing; one that reuses a recorded provider event id with other content is refused.
 * Checks run in a fixed order, each refusal with its own code.
 *
 * Money follows the payment. A refund or chargeback of a payment that failed is refused (422
 * payment_not_captured): nothing was taken, so nothing can go back. One that arrives while the
 * payment is still pending (no capture notice yet) is recorded as an out-of-order fact, not
 * refused: a provider only gives back money it captured, so the capture notice is late, not
 * missing, and refusing would lose a true fact that the provider does not send twice. It is
 * counted once, when recorded (counting follows refunds and chargebacks, never captures, and
 * each provider event id is recorded once); the capture, when it comes, counts nothing again,
 * and a failure notice after it is refused (payment_already_reversed).
 */
export function recordPaymentNotice(command: RecordPaymentNotice, state: DonationState): PaymentFact[] {
  const { notice } = command;
  if (state.status === 'none') reject('donation_not_found', `no donation ${notice.donationId}`);
  const fact = factOf(command, state);
  const recorded = state.paymentFacts.get(fact.eventId);
  if (recorded !== undefined) {
    if (recorded === paymentFactFingerprint(fact)) return [];
    reject('payment_event_conflict', `provider event ${notice.pspEventId} was recorded with other content`);
  }
  checkPayment(notice, state);
  return [fact];
}

function checkPayment(notice: PaymentNotice, donation: DonationRecord): void {
  const received = donation.received;
  if (notice.currency !== received.currency) {
    reject('currency_mismatch', `donation ${received.donationId} is in ${received.currency}, not ${notice.currency}`);
  }
  if (notice.amountMinor <= 0n) reject('amount_must_be_positive', 'amountMinor must be greater than zero');
  if (received.payment.pspReference !== null && received.payment.pspReference !== notice.pspReference) {
    reject('psp_reference_mismatch', `donation ${received.donationId} was paid with ${received.payment.pspReference}, not ${notice.pspReference}`);
  }
  switch (notice.kind) {
    case 'captured':
    case 'failed':
      if (donation.payment.status === 'captured') reject('payment_already_captured', `the payment of donation ${received.donationId} was already captured`);
      // Money the provider gave back was money it had taken: a failure after that contradicts it.
      if (notice.kind === 'failed' && donation.refundedAmountMinor + donation.chargedBackAmountMinor > 0n) {
        reject('payment_already_reversed', `money of donation ${received.donationId} already went back through the provider, so its payment did not fail`);
      }
      if (notice.amountMinor !== parseMinor(received.amountMinor)) {
        reject('payment_amount_mismatch', `donation ${received.donationId} is for ${received.amountMinor} minor units, not ${notice.amountMinor}`);
      }
      return;
    case 'refunded':
    case 'charged_back': {
      if (donation.payment.status === 'failed') reject('payment_not_captured', `the payment of donation ${received.donationId} failed: nothing can go back`);
      const remaining = remainingMinor(amountsOf(donation));
      if (notice.amountMinor > remaining) {
        reject('reversal_exceeds_remaining', `donation ${received.donationId} has ${remaining} minor units left to give back, not ${notice.amountMinor}`);
      }
      return;
    }
    default:
      return assertNever(notice.kind);
  }
}

function factOf(command: RecordPaymentNotice, donation: DonationRecord): PaymentFact {
  const { notice } = command;
  const { donationId, campaignId, committeeId, donor } = donation.received;
  const eventId = paymentFactId(notice.pspEventId);
  // The donor id keys the bus message, so the fact travels on the partition of the donation's other facts.
  const metadata: EventMetadata = {
    occurredAt: notice.occurredAt,
    correlationId: command.correlationId,
    causationId: `psp-event:${notice.pspEventId}`,
    committeeId,
    donorId: donor.donorId,
    actor: command.actor,
  };
  const money = { donationId, campaignId, amountMinor: notice.amountMinor.toString(10), currency: notice.currency };
  const psp = { pspReference: notice.pspReference, pspEventId: notice.pspEventId };
  switch (notice.kind) {
    case 'captured':
      return { eventId, type: 'PaymentCaptured', version: CURRENT_VERSIONS.PaymentCaptured, metadata, payload: { ...money, ...psp } };
    case 'failed':
      return { eventId, type: 'PaymentFailed', version: CURRENT_VERSIONS.PaymentFailed, metadata, payload: { ...money, ...psp, reason: notice.reason ?? 'payment failed' } };
    case 'refunded':
      return {
        eventId,
        type: 'DonationRefunded',
        version: CURRENT_VERSIONS.DonationRefunded,
        metadata,
        payload: { ...money, reason: notice.reason ?? 'refunded through the payment provider', decidedBy: command.actor, pspReference: notice.pspReference },
      };
    case 'charged_back':
      return {
        eventId,
        type: 'ChargebackReceived',
        version: CURRENT_VERSIONS.ChargebackReceived,
        metadata,
        payload: { ...money, pspReference: notice.pspReference, reason: notice.reason ?? 'chargeback' },
      };
    default:
      return assertNever(notice.kind);
  }
}
