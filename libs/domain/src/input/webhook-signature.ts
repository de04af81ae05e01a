import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Payment webhooks are authenticated by a signature alone:
 *
 *   Hustings-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body bytes>")>
 *
 * The provider may send several v1 values (one per secret while it rotates them); we may
 * hold several secrets (while we rotate ours). One match of any v1 with any secret admits
 * the delivery; the timestamp must then lie within five minutes of our clock either way.
 * The signature covers the exact bytes received, never a re-serialised body.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Hustings-Signature';
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Authentication failures of a delivery (401), checked in this order. */
export type WebhookSignatureCode = 'webhook_signature_missing' | 'webhook_signature_invalid' | 'webhook_signature_expired';
/** Every refusal the webhook edge names before the payload is read. */
export type WebhookCode = WebhookSignatureCode | 'webhook_replayed';

export class WebhookSignatureError extends Error {
  constructor(
    readonly code: WebhookSignatureCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'WebhookSignatureError';
  }
}

export interface SignatureHeader {
  /** The timestamp exactly as sent: it is part of the signed bytes. */
  timestamp: string;
  signatures: string[];
}

const MAX_HEADER_LENGTH = 2048;
const MAX_SIGNATURES = 8;
const TIMESTAMP = /^[1-9][0-9]{0,11}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const invalid = (detail: string): never => {
  throw new WebhookSignatureError('webhook_signature_invalid', detail);
};

/** Reads the header; schemes other than v1 are skipped, so a provider may add one before we know it. */
export function parseSignatureHeader(header: string | string[] | undefined): SignatureHeader {
  if (header === undefined || (Array.isArray(header) && header.length === 0) || header === '') {
    throw new WebhookSignatureError('webhook_signature_missing', `a payment webhook needs a ${WEBHOOK_SIGNATURE_HEADER} header`);
  }
  if (Array.isArray(header)) return invalid(`send exactly one ${WEBHOOK_SIGNATURE_HEADER} header`);
  if (header.length > MAX_HEADER_LENGTH) return invalid(`the ${WEBHOOK_SIGNATURE_HEADER} header is longer than ${MAX_HEADER_LENGTH} characters`);
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const [key, value, ...rest] = item.trim().split('=');
    if (value === undefined || rest.length > 0) return invalid(`"${item.trim()}" is not key=value`);
    if (key === 't') timestamps.push(value);
    if (key === 'v1') signatures.push(value.toLowerCase());
  }
  if (timestamps.length !== 1 || !TIMESTAMP.test(timestamps[0])) return invalid('t must appear once, as whole unix seconds');
  if (signatures.length === 0) return invalid('no v1 signature');
  if (signatures.length > MAX_SIGNATURES) return invalid(`at most ${MAX_SIGNATURES} v1 signatures`);
  if (!signatures.every((s) => HEX_SHA256.test(s))) return invalid('each v1 is 64 hexadecimal digits');
  return { timestamp: timestamps[0], signatures };
}

const signedBytes = (timestamp: string, rawBody: Uint8Array): Buffer => Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), rawBody]);

/** The hex v1 signature of a body at a timestamp: what the provider computes. */
export function signatureOf(secret: string, timestamp: number | string, rawBody: Uint8Array | string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', secret).update(signedBytes(String(timestamp), body)).digest('hex');
}

/** A whole header value, one v1 per secret: how a provider (or a test) signs a delivery. */
export function signatureHeaderFor(secrets: readonly string[], timestamp: number, rawBody: Uint8Array | string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, rawBody)}`)].join(',');
}

export interface VerifiedDelivery {
  timestamp: number;
  /**
   * What identifies this delivery for replay protection: a SHA-256 of the signed bytes
   * (timestamp and body). It does not depend on which v1 values the header lists, so
   * stripping or reordering them does not make a replay look new.
   */
  deliveryId: string;
}

export interface VerifySignature {
  header: string | string[] | undefined;
  rawBody: Uint8Array;
  /** Ours, newest first; any of them may have signed. */
  secrets: readonly string[];
  nowSeconds: number;
}

/** Admits a delivery or refuses it: missing, then invalid (syntax or no match), then expired. */
export function verifyWebhookSignature(input: VerifySignature): VerifiedDelivery {
  const { timestamp, signatures } = parseSignatureHeader(input.header);
  const bytes = signedBytes(timestamp, input.rawBody);
  const offered = signatures.map((hex) => Buffer.from(hex, 'hex'));
  let matched = false;
  // Every pair is compared, in constant time each, so timing tells nothing about which matched.
  for (const secret of input.secrets) {
    const expected = createHmac('sha256', secret).update(bytes).digest();
    for (const candidate of offered) matched = timingSafeEqual(expected, candidate) || matched;
  }
  if (!matched) invalid('no v1 signature matches the body with our secret');
  const signedAt = Number(timestamp);
  const ageSeconds = input.nowSeconds - signedAt;
  if (Math.abs(ageSeconds) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookSignatureError(
      'webhook_signature_expired',
      `signed at ${signedAt}, ${Math.abs(ageSeconds)} s ${ageSeconds > 0 ? 'ago' : 'ahead of our clock'}; the tolerance is ${WEBHOOK_TOLERANCE_SECONDS} s`,
    );
  }
  return { timestamp: signedAt, deliveryId: createHash('sha256').update(bytes).digest('hex') };
}
