import { randomUUID } from 'node:crypto';
import { donationStreamId } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { apiAs, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * What a hostile client found accepted that must be refused, and refused that must be
 * accepted, over HTTP on the embedded platform: each answer as RFC 9457 problem+json with its
 * code, and nothing appended for a refusal.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
const PROBLEM = 'application/problem+json; charset=utf-8';

type Api = ReturnType<typeof apiAs>;

describe('hardening over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let ledger: LedgerStore;
  let admin: Api;

  const donation = (changes: Record<string, unknown> = {}) => ({
    amountMinor: 2_500,
    currency: 'USD',
    donor: { type: 'individual', name: 'Lena Lookalike', address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
    payment: { method: 'card', pspReference: `ch_${randomUUID()}` },
    ...changes,
  });
  const donate = (body: unknown, key: string = randomUUID()) => admin('POST', '/v1/campaigns/hd-spring/donations', body, { 'idempotency-key': key });

  beforeAll(async () => {
    platform = await startEmbedded();
    ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    const committee = await admin('POST', '/v1/committees', {
      committeeId: 'hd-cmte',
      name: 'Hardening Committee',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    });
    expect(committee.status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'hd-spring', committeeId: 'hd-cmte', name: 'Spring', currency: 'USD' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  describe('card numbers', () => {
    it.each([
      ['a millisecond timestamp that passes Luhn in the Idempotency-Key', {}, 'checkout-1764960000420'],
      ['a timestamp and a counter in the Idempotency-Key', {}, '1764960000511-17'],
      ['a 16-digit numeric PSP reference outside every card range', { payment: { method: 'card', pspReference: '8815658961765255' } }, undefined],
      ['a note with an IBAN and a phone number', { donor: { type: 'individual', name: 'Iban Phone', address: { line1: 'DE89 3704 0044 0532 0130 00', postalCode: '10001' } } }, undefined],
    ])('accepts %s', async (_what, changes, key) => {
      const reply = await donate(donation(changes), key);
      expect([reply.status, reply.body.code]).toEqual([202, undefined]);
    }, TEST_MS);

    it.each([
      ['a card number with dots in the donor name', { donor: { type: 'individual', name: 'Pat 4111.1111.1111.1111', address: { postalCode: '10001' } } }, 'donor.name'],
      ['a card number with slashes as the PSP reference', { payment: { method: 'card', pspReference: '4242/4242/4242/4242' } }, 'payment.pspReference'],
      ['a card number in pairs with underscores', { payment: { method: 'card', pspReference: 'ref_42_42_42_42_42_42_42_42' } }, 'payment.pspReference'],
    ])('refuses %s and appends nothing', async (_what, changes, field) => {
      const donationId = `hd-card-${randomUUID()}`;
      const reply = await donate(donation({ donationId, ...changes }));
      expect([reply.status, reply.headers.get('content-type'), reply.body.code, reply.body.field]).toEqual([422, PROBLEM, 'card_number_refused', field]);
      expect(JSON.stringify(reply.body)).not.toMatch(/4111|4242/);
      expect(await ledger.readStream(donationStreamId(donationId))).toEqual([]);
    }, TEST_MS);

    it('refuses a card number written with any separators in the Idempotency-Key', async () => {
      const reply = await donate(donation(), 'key 5555..5555__5555//4444');
      expect([reply.status, reply.body.code, reply.body.field]).toEqual([422, 'card_number_refused', 'idempotency-key']);
    }, TEST_MS);
  });

  describe('secrets', () => {
    const secret = 'hk_leaked_0123456789abcdef0123456789abcdef';

    it.each([
      ['api_key', `/v1/committees/hd-cmte?api_key=${secret}`],
      ['access_token on a public route', `/v1/campaigns/hd-spring/wall?access_token=${secret}`],
      ['a Bearer value', `/v1/committees/hd-cmte?q=Bearer%20${secret}`],
    ])('refuses an API key in the query (%s) without repeating it anywhere in the answer', async (_what, path) => {
      const reply = await apiAs(platform.url, null)('GET', path);
      expect([reply.status, reply.headers.get('content-type'), reply.body.code]).toEqual([400, PROBLEM, 'credentials_in_url']);
      expect(reply.body.instance).toBe(path.split('?')[0]);
      expect(JSON.stringify(reply.body)).not.toContain(secret);
      expect([...reply.headers.values()].join(' ')).not.toContain(secret);
    }, TEST_MS);

    it('never echoes a query in a problem\'s instance', async () => {
      const reply = await admin('GET', '/v1/committees/no-such?note=private-detail');
      expect([reply.status, reply.body.instance]).toEqual([404, '/v1/committees/no-such']);
    }, TEST_MS);

    it.each([['"hd-open-quote'], ['hd-close-quote"'], ['hd"inner'], ['"hd"inner"']])('refuses the malformed Idempotency-Key %s with 400', async (key) => {
      const donationId = `hd-idem-${randomUUID()}`;
      const reply = await donate(donation({ donationId }), key);
      expect([reply.status, reply.headers.get('content-type'), reply.body.code]).toEqual([400, PROBLEM, 'idempotency_key_invalid']);
      expect(await ledger.readStream(donationStreamId(donationId))).toEqual([]);
    }, TEST_MS);
  });

  describe('dates and empty strings, strictly', () => {
    it.each([
      ['a report period from 30 February', '/v1/committees/hd-cmte/reports/large-donations?from=2026-02-30&to=2026-03-31'],
      ['a report period to 31 April', '/v1/committees/hd-cmte/reports/rewards-granted?from=2026-04-01&to=2026-04-31'],
      ['a review queue as of 30 February', '/v1/committees/hd-cmte/reports/review-queue?asOf=2026-02-30'],
      ['a weekly report from 30 February', '/v1/committees/hd-cmte/reports/ppera-weekly?weekStarting=2026-02-30'],
      ['an audit export from 30 February', '/v1/committees/hd-cmte/audit-export?from=2026-02-30&to=2026-03-31'],
      ['totals as of 30 February', '/v1/campaigns/hd-spring/totals?asOf=2026-02-30T00:00:00Z'],
    ])('refuses %s with 400, never rolled over', async (_what, path) => {
      const reply = await admin('GET', path);
      expect([reply.status, reply.headers.get('content-type')]).toEqual([400, PROBLEM]);
    }, TEST_MS);

    it.each([
      ['an empty donor name', { donor: { type: 'individual', name: '' } }, 'donor.name'],
      ['a blank donor name', { donor: { type: 'individual', name: '   ' } }, 'donor.name'],
      ['a currency with spaces', { currency: ' USD ' }, 'currency'],
      ['an empty donation id', { donationId: '' }, 'donationId'],
    ])('refuses %s with 400 and appends nothing', async (_what, changes, field) => {
      const key = randomUUID();
      const reply = await donate(donation(changes), key);
      expect([reply.status, reply.headers.get('content-type'), reply.body.code, reply.body.field]).toEqual([400, PROBLEM, 'invalid_request', field]);
      // The donation id a forgotten one would have been given from the key: nothing under it.
      expect(JSON.stringify(reply.body)).not.toContain('anonymous');
    }, TEST_MS);

    it('refuses a committee whose election falls on 30 February', async () => {
      const reply = await admin('POST', '/v1/committees', {
        committeeId: 'hd-feb', name: 'February', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
        elections: [{ electionId: 'g', kind: 'general', date: '2026-02-30' }], defaultElectionId: 'g',
      });
      expect([reply.status, reply.body.code, reply.body.field]).toEqual([422, 'date_invalid', 'elections[0].date']);
    }, TEST_MS);
  });

  describe('rate limits without a valid key, by client address', () => {
    let limited: EmbeddedPlatform;
    let lines: string[] = [];
    const originalWrite = process.stdout.write.bind(process.stdout);

    beforeAll(async () => {
      limited = await startEmbedded({ ANON_RATE_LIMIT_PER_SECOND: '1', ANON_RATE_LIMIT_BURST: '5', LOG_LEVEL: 'warn' });
      process.stdout.write = ((chunk: unknown) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
    }, STARTUP_MS);

    afterAll(async () => {
      process.stdout.write = originalWrite;
      await limited?.stop();
    }, STARTUP_MS);

    it('answers 401 to the first bad keys, then 429 with Retry-After, the flood summarised in one log line', async () => {
      lines = [];
      const bad = apiAs(limited.url, 'hk_wrong_0123456789abcdef0123456789abcdef');
      const statuses: number[] = [];
      for (let i = 0; i < 40; i += 1) statuses.push((await bad('GET', '/v1/committees/hd-cmte')).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(-30).every((status) => status === 429)).toBe(true);
      const last = await bad('GET', '/v1/committees/hd-cmte');
      expect([last.status, last.body.code, last.headers.get('retry-after')]).toEqual([429, 'rate_limited', expect.stringMatching(/^\d+$/)]);
      expect(lines.filter((line) => line.includes('rate limit')).length).toBe(1);
    }, TEST_MS);

    it('limits no key at all, and bad webhook signatures, the same way', async () => {
      const none = apiAs(limited.url, null);
      expect((await none('GET', '/v1/committees/hd-cmte')).status).toBe(429);
      const webhook = await fetch(`${limited.url}/v1/webhooks/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'hustings-signature': 't=1,v1=00' }, body: '{}' });
      expect(webhook.status).toBe(429);
    }, TEST_MS);
  });
});
