import { createHmac } from 'node:crypto';
import {
  parseSignatureHeader,
  signatureHeaderFor,
  signatureOf,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookSignatureError,
  type VerifySignature,
} from './webhook-signature.js';

const SECRET = 'whsec_test_0123456789abcdef0123456789abcdef';
const OLD_SECRET = 'whsec_old_fedcba9876543210fedcba9876543210';
const OTHER_SECRET = 'whsec_someone_else_0000000000000000000000';
const SIGNED_AT = 1_780_000_000;
const body = Buffer.from('{"id":"evt_1","type":"payment.captured","amountMinor":2500}', 'utf8');

const delivery = (header: string | string[] | undefined, changes: Partial<VerifySignature> = {}): VerifySignature => ({
  header,
  rawBody: body,
  secrets: [SECRET],
  nowSeconds: SIGNED_AT,
  ...changes,
});

function refusal(input: VerifySignature): { code: string; message: string } {
  try {
    verifyWebhookSignature(input);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    return { code: (error as WebhookSignatureError).code, message: (error as Error).message };
  }
  throw new Error('expected the delivery to be refused');
}

describe('webhook signature', () => {
  describe('the signature itself', () => {
    it('is HMAC-SHA256 in hex over "<t>.<raw body bytes>"', () => {
      const expected = createHmac('sha256', SECRET).update(`${SIGNED_AT}.`).update(body).digest('hex');
      expect(signatureOf(SECRET, SIGNED_AT, body)).toBe(expected);
      expect(signatureHeaderFor([SECRET], SIGNED_AT, body)).toBe(`t=${SIGNED_AT},v1=${expected}`);
    });

    it('covers the exact bytes: the same JSON with other spacing has another signature', () => {
      const respaced = Buffer.from('{"id": "evt_1","type":"payment.captured","amountMinor":2500}', 'utf8');
      expect(signatureOf(SECRET, SIGNED_AT, respaced)).not.toBe(signatureOf(SECRET, SIGNED_AT, body));
    });
  });

  describe('given a delivery signed with our secret', () => {
    const header = signatureHeaderFor([SECRET], SIGNED_AT, body);

    it('admits it, naming the timestamp and a delivery id', () => {
      const verified = verifyWebhookSignature(delivery(header));
      expect(verified.timestamp).toBe(SIGNED_AT);
      expect(verified.deliveryId).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['exactly 300 s old', SIGNED_AT + 300],
      ['300 s ahead of our clock', SIGNED_AT - 300],
      ['signed this second', SIGNED_AT],
    ])('admits it when %s', (_when, nowSeconds) => {
      expect(verifyWebhookSignature(delivery(header, { nowSeconds })).timestamp).toBe(SIGNED_AT);
    });

    it.each([
      ['301 s old', SIGNED_AT + 301, /301 s ago/],
      ['301 s ahead of our clock', SIGNED_AT - 301, /301 s ahead of our clock/],
      ['a day old', SIGNED_AT + 86_400, /86400 s ago/],
    ])('refuses it as expired when %s', (_when, nowSeconds, detail) => {
      const { code, message } = refusal(delivery(header, { nowSeconds }));
      expect(code).toBe('webhook_signature_expired');
      expect(message).toMatch(detail);
    });

    it('keeps the tolerance at five minutes', () => {
      expect(WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    });

    it('gives the same delivery id whichever v1 values the header lists, and another id at another timestamp', () => {
      const both = signatureHeaderFor([SECRET, OLD_SECRET], SIGNED_AT, body);
      const reordered = signatureHeaderFor([OLD_SECRET, SECRET], SIGNED_AT, body);
      const ids = [header, both, reordered].map((h) => verifyWebhookSignature(delivery(h, { secrets: [SECRET, OLD_SECRET] })).deliveryId);
      expect(new Set(ids).size).toBe(1);
      const later = verifyWebhookSignature(delivery(signatureHeaderFor([SECRET], SIGNED_AT + 1, body), { nowSeconds: SIGNED_AT + 1 }));
      expect(later.deliveryId).not.toBe(ids[0]);
    });
  });

  describe('rotation', () => {
    it('admits a delivery that carries several v1 values when one of them is ours', () => {
      const header = signatureHeaderFor([OTHER_SECRET, SECRET], SIGNED_AT, body);
      expect(verifyWebhookSignature(delivery(header)).timestamp).toBe(SIGNED_AT);
    });

    it('admits a delivery signed with our previous secret while we still hold it', () => {
      const header = signatureHeaderFor([OLD_SECRET], SIGNED_AT, body);
      expect(verifyWebhookSignature(delivery(header, { secrets: [SECRET, OLD_SECRET] })).timestamp).toBe(SIGNED_AT);
      expect(refusal(delivery(header, { secrets: [SECRET] })).code).toBe('webhook_signature_invalid');
    });
  });

  describe('refuses', () => {
    it.each<[string, string | string[] | undefined]>([
      ['no header', undefined],
      ['an empty header', ''],
      ['an empty list of headers', []],
    ])('%s as missing', (_what, header) => {
      expect(refusal(delivery(header)).code).toBe('webhook_signature_missing');
    });

    it.each<[string, string | string[]]>([
      ['two headers', [signatureHeaderFor([SECRET], SIGNED_AT, body), signatureHeaderFor([SECRET], SIGNED_AT, body)]],
      ['no timestamp', `v1=${signatureOf(SECRET, SIGNED_AT, body)}`],
      ['two timestamps', `t=${SIGNED_AT},t=${SIGNED_AT},v1=${signatureOf(SECRET, SIGNED_AT, body)}`],
      ['a timestamp in milliseconds with a fraction', `t=${SIGNED_AT}.5,v1=${signatureOf(SECRET, SIGNED_AT, body)}`],
      ['a timestamp with a leading zero', `t=0${SIGNED_AT},v1=${signatureOf(SECRET, `0${SIGNED_AT}`, body)}`],
      ['no v1', `t=${SIGNED_AT},v0=${signatureOf(SECRET, SIGNED_AT, body)}`],
      ['a v1 that is not 64 hex digits', `t=${SIGNED_AT},v1=abc`],
      ['an item that is not key=value', `t=${SIGNED_AT},v1`],
      ['nine v1 values', `t=${SIGNED_AT},${Array.from({ length: 9 }, () => `v1=${'0'.repeat(64)}`).join(',')}`],
      ['a header of 3 kB', `t=${SIGNED_AT},v1=${signatureOf(SECRET, SIGNED_AT, body)},x=${'a'.repeat(3000)}`],
    ])('%s as invalid', (_what, header) => {
      expect(refusal(delivery(header)).code).toBe('webhook_signature_invalid');
    });

    it('a signature made with another secret', () => {
      expect(refusal(delivery(signatureHeaderFor([OTHER_SECRET], SIGNED_AT, body)))).toEqual({
        code: 'webhook_signature_invalid',
        message: 'no v1 signature matches the body with our secret',
      });
    });

    it('a body changed by one byte after signing', () => {
      const header = signatureHeaderFor([SECRET], SIGNED_AT, body);
      const tampered = Buffer.from(body.toString('utf8').replace('2500', '2501'), 'utf8');
      expect(refusal(delivery(header, { rawBody: tampered })).code).toBe('webhook_signature_invalid');
    });

    it('a timestamp changed after signing, even to within the tolerance', () => {
      const signature = signatureOf(SECRET, SIGNED_AT - 1000, body);
      expect(refusal(delivery(`t=${SIGNED_AT},v1=${signature}`)).code).toBe('webhook_signature_invalid');
    });

    it('a forged, stale delivery as invalid before expired: the age of an unauthenticated request is not disclosed', () => {
      expect(refusal(delivery(signatureHeaderFor([OTHER_SECRET], SIGNED_AT, body), { nowSeconds: SIGNED_AT + 3600 })).code).toBe(
        'webhook_signature_invalid',
      );
    });
  });

  describe('the header parser', () => {
    it('skips schemes it does not know and accepts upper-case hex', () => {
      const v1 = signatureOf(SECRET, SIGNED_AT, body);
      expect(parseSignatureHeader(` t=${SIGNED_AT}, v0=legacy, v1=${v1.toUpperCase()}`)).toEqual({ timestamp: String(SIGNED_AT), signatures: [v1] });
    });
  });
});
