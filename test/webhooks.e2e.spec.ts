import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { RecordedEvent } from '#contracts';
import { signatureHeaderFor } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { createHustingsApp, loadConfig } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';

/**
 * Payment webhooks on the embedded default (all four apps, PGlite, in-process bus), driven
 * over real HTTP and signed as a provider signs them; the ledger is read to count facts.
 */

const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
const POLL_DEADLINE_MS = 30_000;
const SECRET = 'e2e-webhook-secret-current-0123456789abcdef';
const OLD_SECRET = 'e2e-webhook-secret-previous-0123456789abcdef';
const SIGNATURE = 'hustings-signature';

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

let app: INestApplication;
let baseUrl: string;

/** Every HTTP call of this file goes through here (one place to add credentials later). */
/** The admin key stored on first start; webhooks themselves are authenticated by their signature alone. */
const ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

async function call(method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}`, ...options.headers };
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (method === 'POST' && path.endsWith('/donations')) headers['idempotency-key'] ??= randomUUID();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: Json;
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body, headers: response.headers };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** One signed delivery: the exact bytes and header, so a test can send it again unchanged. */
interface Delivery {
  raw: string;
  header: string;
}

const signed = (body: Json, options: { secrets?: string[]; signedAt?: number } = {}): Delivery => {
  const raw = JSON.stringify(body);
  return { raw, header: signatureHeaderFor(options.secrets ?? [SECRET], options.signedAt ?? nowSeconds(), raw) };
};

const deliver = (delivery: Delivery, headers: Record<string, string> = {}): Promise<Reply> =>
  call('POST', '/v1/webhooks/payments', { raw: delivery.raw, headers: { [SIGNATURE]: delivery.header, ...headers } });

const webhook = (type: string, donationId: string, amountMinor: number, changes: Json = {}): Json => ({
  id: `evt_${randomUUID()}`,
  type: `payment.${type}`,
  donationId,
  pspReference: `ch_${donationId}`,
  amountMinor,
  currency: 'USD',
  occurredAt: new Date().toISOString(),
  ...changes,
});

async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + POLL_DEADLINE_MS;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${POLL_DEADLINE_MS} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}

const ledger = (): LedgerStore => app.get<LedgerStore>(LEDGER_STORE);
const streamOf = (donationId: string): Promise<RecordedEvent[]> => ledger().readStream(`donation-${donationId}`);
const typesOf = async (donationId: string): Promise<string[]> => (await streamOf(donationId)).map((event) => event.type);
const reversalsOf = async (donationId: string): Promise<RecordedEvent[]> =>
  (await ledger().readAll({ filter: { streamPrefixes: ['donor-'], eventTypes: ['ContributionReversed'] } })).filter(
    (event) => (event.payload as { donationId: string }).donationId === donationId,
  );

async function setUp(committeeId: string, campaignId: string): Promise<void> {
  const committee = await call('POST', '/v1/committees', {
    body: {
      committeeId,
      name: `Committee ${committeeId}`,
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    },
  });
  expect(committee.status).toBe(201);
  expect((await call('POST', '/v1/campaigns', { body: { campaignId, committeeId, name: campaignId, currency: 'USD' } })).status).toBe(201);
}

async function donate(campaignId: string, donationId: string, amountMinor: number, donorName: string): Promise<void> {
  const reply = await call('POST', `/v1/campaigns/${campaignId}/donations`, {
    body: {
      donationId,
      amountMinor,
      currency: 'USD',
      // The citizenship attestation an FEC form asks for: without it the donation is flagged, not decided.
      donor: { type: 'individual', name: donorName, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'card', pspReference: `ch_${donationId}` },
    },
  });
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 202 });
}

const decided = (donationId: string): Promise<Json> =>
  eventually(`donation ${donationId} decided`, async () => (await call('GET', `/v1/donations/${donationId}`)).body, (body) => body.decision !== null && body.decision !== undefined);

const totalsWhen = (campaignId: string, done: (totals: Json) => boolean): Promise<Json> =>
  eventually(`totals of ${campaignId}`, async () => (await call('GET', `/v1/campaigns/${campaignId}/totals`)).body, done);

describe('payment webhooks on the embedded platform', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-webhooks-e2e-'));
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars',
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      // Two secrets, as during a rotation: the current one first.
      HUSTINGS_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}`,
    };
    const config = loadConfig(env, ['intake', 'compliance', 'rewards', 'reporting']);
    app = await createHustingsApp(config, await appModules(config.apps));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await setUp('hooks-cmte', 'hooks');
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it(
    'records a capture, a refund and a chargeback once each; an exact replay is 409, a re-signed retry 200 and writes nothing',
    async () => {
      await setUp('cycle-cmte', 'cycle');
      await donate('cycle', 'cy-1', 10_000, 'Ada Lovelace');
      expect(await decided('cy-1')).toMatchObject({ status: 'accepted', countedAmountMinor: 10_000, payment: { status: 'pending' } });

      const captured = await deliver(signed(webhook('captured', 'cy-1', 10_000)));
      expect(captured).toMatchObject({ status: 200, body: { received: true, donationId: 'cy-1', duplicate: false } });

      const refund = webhook('refunded', 'cy-1', 3_000, { reason: 'donor asked' });
      const first = signed(refund);
      const recorded = await deliver(first);
      expect(recorded.body).toMatchObject({ received: true, duplicate: false });
      const replay = await deliver(first);
      expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 409, code: 'webhook_replayed' });
      // Signed well before the first delivery (still inside the tolerance), so a second ticking
      // over between signatures can never make a retry byte-identical to the first.
      // One reading of the clock for both retries: read twice, a second ticking over between
      // them would give the two retries one timestamp, hence identical bytes and a 409.
      const retriedAt = nowSeconds();
      for (const secondsAgo of [30, 31]) {
        const retry = await deliver(signed(refund, { signedAt: retriedAt - secondsAgo }));
        expect({ status: retry.status, body: retry.body }).toMatchObject({ status: 200, body: { duplicate: true, eventId: recorded.body.eventId } });
      }
      expect((await typesOf('cy-1')).filter((type) => type === 'DonationRefunded')).toHaveLength(1);

      expect((await call('GET', '/v1/donations/cy-1')).body).toMatchObject({
        status: 'partly_refunded',
        decision: 'accepted',
        receivedAmountMinor: 10_000,
        acceptedAmountMinor: 10_000,
        refundedAmountMinor: 3_000,
        countedAmountMinor: 7_000,
        payment: { status: 'captured', capturedAmountMinor: 10_000, pspReference: 'ch_cy-1' },
      });

      const chargeback = await deliver(signed(webhook('charged_back', 'cy-1', 7_000, { reason: 'fraudulent' })));
      expect(chargeback.status).toBe(200);
      const over = await deliver(signed(webhook('charged_back', 'cy-1', 1)));
      expect({ status: over.status, code: over.body.code }).toEqual({ status: 422, code: 'reversal_exceeds_remaining' });

      const status = (await call('GET', '/v1/donations/cy-1')).body;
      expect(status).toMatchObject({ status: 'charged_back', refundedAmountMinor: 3_000, chargedBackAmountMinor: 7_000, countedAmountMinor: 0 });
      expect(status.history).toEqual([
        expect.objectContaining({ type: 'DonationReceived', status: 'received', amountMinor: 10_000 }),
        expect.objectContaining({ type: 'DonationAccepted', status: 'accepted', amountMinor: 10_000 }),
        expect.objectContaining({ type: 'PaymentCaptured', status: 'accepted', amountMinor: 10_000 }),
        expect.objectContaining({ type: 'DonationRefunded', status: 'partly_refunded', amountMinor: 3_000 }),
        expect.objectContaining({ type: 'ChargebackReceived', status: 'charged_back', amountMinor: 7_000 }),
      ]);
      expect(await typesOf('cy-1')).toEqual(['DonationReceived', 'DonationAccepted', 'PaymentCaptured', 'DonationRefunded', 'ChargebackReceived']);

      const totals = await totalsWhen('cycle', (t) => t.chargedBackMinor === 7_000);
      expect(totals).toMatchObject({ raisedMinor: 10_000, refundedMinor: 3_000, chargedBackMinor: 7_000, netMinor: 0, donationCount: 1 });
      const reversals = await eventually('both reversals counted', () => reversalsOf('cy-1'), (events) => events.length >= 2);
      expect(reversals.map((e) => e.payload)).toEqual([
        expect.objectContaining({ amountMinor: '3000', reason: 'refund' }),
        expect.objectContaining({ amountMinor: '7000', reason: 'chargeback' }),
      ]);
    },
    TEST_MS,
  );

  it(
    'gives the donor the headroom back after a refund: a donation over the limit before is accepted after',
    async () => {
      await setUp('limit-cmte', 'limit');
      await donate('limit', 'lim-1', 350_000, 'Grace Hopper');
      expect(await decided('lim-1')).toMatchObject({ status: 'accepted' });
      await donate('limit', 'lim-2', 2_000, 'Grace Hopper');
      expect(await decided('lim-2')).toMatchObject({ status: 'rejected', rejection: { code: 'donor_exceeds_election_limit' } });

      const refund = webhook('refunded', 'lim-1', 350_000);
      expect((await deliver(signed(refund))).status).toBe(200);
      await eventually('the refund reversed on the donor aggregate', () => reversalsOf('lim-1'), (events) => events.length === 1);
      // The provider retries the refund under a fresh signature: no second reversal.
      expect((await deliver(signed(refund, { signedAt: nowSeconds() - 30 }))).body).toMatchObject({ duplicate: true });

      await donate('limit', 'lim-3', 2_000, 'Grace Hopper');
      expect(await decided('lim-3')).toMatchObject({ status: 'accepted', countedAmountMinor: 2_000 });
      expect(await reversalsOf('lim-1')).toHaveLength(1);
      expect((await call('GET', '/v1/donations/lim-1')).body).toMatchObject({ status: 'refunded', countedAmountMinor: 0 });

      const totals = await totalsWhen('limit', (t) => t.raisedMinor === 352_000 && t.refundedMinor === 350_000);
      expect(totals).toMatchObject({ raisedMinor: 352_000, refundedMinor: 350_000, chargedBackMinor: 0, netMinor: 2_000, donationCount: 2 });
    },
    TEST_MS,
  );

  it(
    'refuses missing, forged, tampered and expired signatures, appending nothing',
    async () => {
      await donate('hooks', 'sig-1', 5_000, 'Alan Turing');
      await decided('sig-1');
      const before = await typesOf('sig-1');
      const body = webhook('refunded', 'sig-1', 1_000);
      const raw = JSON.stringify(body);
      const cases: { name: string; header: string | null; raw?: string; code: string }[] = [
        { name: 'no signature', header: null, code: 'webhook_signature_missing' },
        { name: 'a malformed header', header: 'v1=abc', code: 'webhook_signature_invalid' },
        { name: 'another secret', header: signatureHeaderFor(['someone-else-0123456789abcdef0123456789'], nowSeconds(), raw), code: 'webhook_signature_invalid' },
        { name: 'a body changed after signing', header: signatureHeaderFor([SECRET], nowSeconds(), raw), raw: raw.replace('1000', '5000'), code: 'webhook_signature_invalid' },
        { name: 'signed 301 s ago', header: signatureHeaderFor([SECRET], nowSeconds() - 301, raw), code: 'webhook_signature_expired' },
        { name: 'signed 10 minutes ahead', header: signatureHeaderFor([SECRET], nowSeconds() + 600, raw), code: 'webhook_signature_expired' },
      ];
      for (const c of cases) {
        const reply = await call('POST', '/v1/webhooks/payments', { raw: c.raw ?? raw, headers: c.header === null ? {} : { [SIGNATURE]: c.header } });
        expect({ name: c.name, status: reply.status, code: reply.body.code, type: reply.headers.get('content-type') }).toEqual({
          name: c.name,
          status: 401,
          code: c.code,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect(reply.headers.get('www-authenticate')).toBe('Hustings-Signature');
      }
      expect(await typesOf('sig-1')).toEqual(before);

      // Signed with the previous secret while it is still held: admitted.
      expect((await deliver(signed(body, { secrets: [OLD_SECRET] }))).status).toBe(200);
      expect(await typesOf('sig-1')).toEqual([...before, 'DonationRefunded']);
    },
    TEST_MS,
  );

  it(
    'refuses a well-signed body that is not a valid notice, with a named code, appending nothing',
    async () => {
      await donate('hooks', 'body-1', 5_000, 'Katherine Johnson');
      await decided('body-1');
      const before = await typesOf('body-1');
      const cases: { name: string; body: Json; status: number; code: string; field?: string }[] = [
        { name: 'unknown type', body: webhook('disputed', 'body-1', 100), status: 400, code: 'invalid_request', field: 'type' },
        { name: 'unknown field', body: { ...webhook('refunded', 'body-1', 100), livemode: true }, status: 400, code: 'invalid_request', field: 'livemode' },
        { name: 'amount as a string', body: webhook('refunded', 'body-1', '100' as unknown as number), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
        { name: 'no such donation', body: webhook('refunded', 'no-such-donation', 100), status: 404, code: 'donation_not_found' },
        { name: 'another payment', body: webhook('refunded', 'body-1', 100, { pspReference: 'ch_other' }), status: 422, code: 'psp_reference_mismatch' },
        { name: 'another currency', body: webhook('refunded', 'body-1', 100, { currency: 'EUR' }), status: 422, code: 'currency_mismatch' },
        { name: 'more than received', body: webhook('refunded', 'body-1', 5_001), status: 422, code: 'reversal_exceeds_remaining' },
        { name: 'capture of another amount', body: webhook('captured', 'body-1', 4_999), status: 422, code: 'payment_amount_mismatch' },
      ];
      for (const c of cases) {
        const reply = await deliver(signed(c.body));
        expect({ name: c.name, status: reply.status, code: reply.body.code, field: reply.body.field }).toEqual({ name: c.name, status: c.status, code: c.code, field: c.field });
      }
      const notJson = await call('POST', '/v1/webhooks/payments', { raw: 'a=b', headers: { 'content-type': 'text/plain', [SIGNATURE]: signatureHeaderFor([SECRET], nowSeconds(), 'a=b') } });
      // Not JSON at all is refused by media type, as on every JSON endpoint (strict body reader).
      expect({ status: notJson.status, code: notJson.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      expect(await typesOf('body-1')).toEqual(before);

      // The same provider event id with other content is a conflict, not a second fact.
      const refund = webhook('refunded', 'body-1', 100);
      expect((await deliver(signed(refund))).status).toBe(200);
      const reused = await deliver(signed({ ...refund, amountMinor: 200 }));
      expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 409, code: 'payment_event_conflict' });
      expect(await typesOf('body-1')).toEqual([...before, 'DonationRefunded']);
    },
    TEST_MS,
  );

  it(
    'records a failed payment on the donation without changing what compliance decided',
    async () => {
      await donate('hooks', 'fail-1', 4_000, 'Hedy Lamarr');
      await decided('fail-1');
      const failed = await deliver(signed(webhook('failed', 'fail-1', 4_000, { reason: 'card_declined' })));
      expect(failed.status).toBe(200);
      expect((await call('GET', '/v1/donations/fail-1')).body).toMatchObject({
        status: 'accepted',
        payment: { status: 'failed', failure: 'card_declined', capturedAmountMinor: 0 },
      });
      const refund = await deliver(signed(webhook('refunded', 'fail-1', 100)));
      expect({ status: refund.status, code: refund.body.code }).toEqual({ status: 422, code: 'payment_not_captured' });
      expect(await typesOf('fail-1')).toEqual(['DonationReceived', 'DonationAccepted', 'PaymentFailed']);
    },
    TEST_MS,
  );
});
