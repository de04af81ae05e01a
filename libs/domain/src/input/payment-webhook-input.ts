import { asObject, InputError, text } from './fields.js';
import { amountMinor, currency, identifierField, instant } from './intake-input.js';
import type { CheckoutPaymentNotice } from '../conduit/checkout-payment.js';
import { PAYMENT_NOTICE_KINDS, type PaymentNotice, type PaymentNoticeKind } from '../donation/donation-payments.decider.js';

/**
 * The body of POST /v1/webhooks/payments, read strictly: every field known, every required
 * one present, nothing else. A provider that sends a field we do not know is told so rather
 * than having it silently dropped from the audit trail.
 *
 *   { id, type: payment.captured | payment.failed | payment.refunded | payment.charged_back,
 *     donationId, pspReference, amountMinor, currency, reason?, occurredAt }
 */
export const PAYMENT_WEBHOOK_TYPES = PAYMENT_NOTICE_KINDS.map((kind) => `payment.${kind}` as const);

const FIELDS = new Set(['id', 'type', 'donationId', 'pspReference', 'amountMinor', 'currency', 'reason', 'occurredAt']);
/** Provider event ids: printable ASCII without spaces (evt_…, UUIDs, …). */
const PSP_EVENT_ID = /^[\x21-\x7e]{1,255}$/;

function eventType(body: Record<string, unknown>): PaymentNoticeKind {
  const value = body.type;
  const kind = typeof value === 'string' && value.startsWith('payment.') ? value.slice('payment.'.length) : null;
  if (!kind || !(PAYMENT_NOTICE_KINDS as readonly string[]).includes(kind)) {
    throw new InputError('invalid_request', 'type', `type: must be one of ${PAYMENT_WEBHOOK_TYPES.join(', ')}`);
  }
  return kind as PaymentNoticeKind;
}

export function parsePaymentWebhook(raw: unknown): PaymentNotice {
  const body = asObject(raw, 'body');
  const unknown = Object.keys(body).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) throw new InputError('invalid_request', unknown[0], `${unknown[0]}: is not a field of a payment webhook`);
  const pspEventId = text(body, 'id', { max: 255 }) as string;
  if (!PSP_EVENT_ID.test(pspEventId)) throw new InputError('invalid_request', 'id', 'id: must be printable ASCII without spaces');
  return {
    pspEventId,
    kind: eventType(body),
    donationId: identifierField(body, 'donationId') as string,
    pspReference: text(body, 'pspReference', { max: 128 }) as string,
    amountMinor: amountMinor(body),
    currency: currency(body),
    reason: text(body, 'reason', { max: 500, optional: true }),
    occurredAt: instant(body, 'occurredAt') as string,
  };
}

const CHECKOUT_FIELDS = new Set([...FIELDS].map((field) => (field === 'donationId' ? 'checkoutId' : field)));

/** Whether a webhook names a split checkout (`checkoutId`) rather than one donation. */
export const namesCheckout = (raw: unknown): boolean => raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'checkoutId' in raw;

export interface CheckoutPaymentWebhook {
  checkoutId: string;
  notice: CheckoutPaymentNotice;
}

/**
 * A notice about a split checkout's one payment (captured, failed, refunded, charged back),
 * read as strictly as a donation's: `checkoutId` instead of `donationId`.
 */
export function parseCheckoutPaymentWebhook(raw: unknown): CheckoutPaymentWebhook {
  const body = asObject(raw, 'body');
  const unknown = Object.keys(body).filter((key) => !CHECKOUT_FIELDS.has(key));
  if (unknown.length > 0) throw new InputError('invalid_request', unknown[0], `${unknown[0]}: is not a field of a checkout's payment webhook`);
  const pspEventId = text(body, 'id', { max: 255 }) as string;
  if (!PSP_EVENT_ID.test(pspEventId)) throw new InputError('invalid_request', 'id', 'id: must be printable ASCII without spaces');
  const kind = eventType(body);
  return {
    checkoutId: identifierField(body, 'checkoutId') as string,
    notice: {
      pspEventId,
      kind,
      pspReference: text(body, 'pspReference', { max: 128 }) as string,
      amountMinor: amountMinor(body),
      currency: currency(body),
      reason: text(body, 'reason', { max: 500, optional: true }),
      occurredAt: instant(body, 'occurredAt') as string,
    },
  };
}
