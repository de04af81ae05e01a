import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * API keys, roles and tenants on the embedded platform over HTTP: every endpoint is tried with
 * another tenant's key, and must answer exactly as it does for something that does not exist.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

const committee = (committeeId: string) => ({
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
  defaultElectionId: 'general-2026',
});

const donation = (donationId: string, amountMinor = 2500) => ({
  donationId,
  amountMinor,
  currency: 'USD',
  donor: { type: 'individual', name: `Donor ${donationId}`, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
  payment: { method: 'card', pspReference: `ch_${donationId}` },
});

/** What a 404 says, with the id it names replaced, so a missing and a foreign resource compare equal. */
const shape = (reply: HttpReply, id: string) => ({
  status: reply.status,
  contentType: reply.headers.get('content-type'),
  body: JSON.parse(JSON.stringify(reply.body).split(id).join('<id>')) as unknown,
});

describe('API keys, roles and tenants', () => {
  let platform: EmbeddedPlatform;
  let keys: ApiKeyStore;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startEmbedded({ API_KEY_CACHE_MS: '0' });
    keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    for (const [name, tenant, roles] of [
      ['aIntake', 'default', ['intake']],
      ['aAuditor', 'default', ['auditor']],
      ['aOfficer', 'default', ['officer']],
      ['bAdmin', 'party-b', ['admin']],
      ['bIntake', 'party-b', ['intake']],
    ] as const) {
      key[name] = (await keys.issue(tenant, roles, `e2e ${name}`)).key;
    }
    const admin = apiAs(platform.url, TEST_ADMIN_KEY);
    expect((await admin('POST', '/v1/committees', committee('cmte-a'))).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'camp-a', committeeId: 'cmte-a', name: 'A', currency: 'USD' })).status).toBe(201);
    const first = await apiAs(platform.url, key.aIntake)('POST', '/v1/campaigns/camp-a/donations', donation('don-a'), { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(202);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('given no key, a malformed key or an unknown key, then 401 problem+json with WWW-Authenticate; probes need none', async () => {
    const cases: [string, Record<string, string>][] = [
      ['none', {}],
      ['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['too short', { authorization: 'Bearer short' }],
      ['unknown', { authorization: `Bearer hk_000000000000_${'x'.repeat(43)}` }],
      ['x-api-key unknown', { 'x-api-key': `hk_000000000000_${'y'.repeat(43)}` }],
    ];
    for (const [name, headers] of cases) {
      const reply = await apiAs(platform.url, null)('GET', '/v1/campaigns/camp-a', undefined, headers);
      expect({ name, status: reply.status, code: reply.body.code, type: reply.headers.get('content-type')?.split(';')[0] }).toEqual({
        name,
        status: 401,
        code: 'unauthenticated',
        type: 'application/problem+json',
      });
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="hustings"/);
    }
    expect((await apiAs(platform.url, null)('GET', '/health/live')).status).toBe(200);
    expect((await apiAs(platform.url, null)('GET', '/metrics')).status).toBe(200);
  });

  it('given a role that may not do something, then 403; each role may do what it is for', async () => {
    const auditor = apiAs(platform.url, key.aAuditor);
    const intake = apiAs(platform.url, key.aIntake);
    expect((await auditor('POST', '/v1/campaigns/camp-a/donations', donation('don-audit'), { 'idempotency-key': 'k-a' })).body.code).toBe('forbidden');
    expect((await intake('POST', '/v1/committees', committee('cmte-by-intake'))).status).toBe(403);
    expect((await apiAs(platform.url, key.aOfficer)('POST', '/v1/campaigns', { committeeId: 'cmte-a', name: 'x', currency: 'USD' })).status).toBe(403);
    expect((await auditor('GET', '/v1/donations/don-a')).status).toBe(200);
    expect((await auditor('GET', '/v1/campaigns/camp-a/totals')).status).toBe(200);
    expect((await apiAs(platform.url, key.aOfficer)('GET', '/v1/committees/cmte-a')).status).toBe(200);
  });

  it(
    "given tenant B's keys, then every endpoint answers for tenant A's resources exactly as for missing ones, and writes nothing",
    async () => {
      const b = apiAs(platform.url, key.bAdmin);
      const bIntake = apiAs(platform.url, key.bIntake);
      const missing = `nothing-${randomUUID().slice(0, 8)}`;
      const pairs: [string, (id: string) => Promise<HttpReply>, string][] = [
        ['GET committee', (id) => b('GET', `/v1/committees/${id}`), 'cmte-a'],
        ['GET campaign', (id) => b('GET', `/v1/campaigns/${id}`), 'camp-a'],
        ['POST campaign under the committee', (id) => b('POST', '/v1/campaigns', { committeeId: id, name: 'Hijack', currency: 'USD' }), 'cmte-a'],
        ['POST donation to the campaign', (id) => bIntake('POST', `/v1/campaigns/${id}/donations`, donation(`d-${randomUUID().slice(0, 8)}`), { 'idempotency-key': randomUUID() }), 'camp-a'],
        ['GET donation', (id) => b('GET', `/v1/donations/${id}`), 'don-a'],
        ['GET totals', (id) => b('GET', `/v1/campaigns/${id}/totals`), 'camp-a'],
        ['GET supporter', (id) => b('GET', `/v1/campaigns/${id}/supporters/someone`), 'camp-a'],
      ];
      for (const [name, send, foreignId] of pairs) {
        const foreign = await send(foreignId);
        const absent = await send(missing);
        expect({ name, ...shape(foreign, foreignId) }).toEqual({ name, ...shape(absent, missing) });
        expect({ name, status: foreign.status }).toEqual({ name, status: 404 });
      }
      // A's donation and totals are untouched by B's attempts.
      const a = apiAs(platform.url, TEST_ADMIN_KEY);
      const totals = await eventually('A totals', async () => (await a('GET', '/v1/campaigns/camp-a/totals')).body, (t) => t.donationCount === 1);
      expect(totals).toMatchObject({ raisedMinor: 2500, donationCount: 1 });
    },
    TEST_MS,
  );

  it('given two tenants, when each uses the same Idempotency-Key, then each gets its own donation', async () => {
    const b = apiAs(platform.url, key.bAdmin);
    expect((await b('POST', '/v1/committees', committee('cmte-b'))).status).toBe(201);
    expect((await b('POST', '/v1/campaigns', { campaignId: 'camp-b', committeeId: 'cmte-b', name: 'B', currency: 'USD' })).status).toBe(201);
    const fromB = await apiAs(platform.url, key.bIntake)('POST', '/v1/campaigns/camp-b/donations', { ...donation('x'), donationId: undefined }, { 'idempotency-key': 'k-1' });
    expect(fromB.status).toBe(202);
    expect(fromB.headers.get('idempotency-replayed')).toBeNull();
    expect(fromB.body.donationId).not.toBe('don-a');
    expect((await b('GET', `/v1/donations/${fromB.body.donationId as string}`)).status).toBe(200);
    expect((await apiAs(platform.url, TEST_ADMIN_KEY)('GET', `/v1/donations/${fromB.body.donationId as string}`)).status).toBe(404);
  });

  it('given a revoked key, when it is used again, then 401', async () => {
    const issued = await keys.issue('default', ['auditor'], 'e2e revoke');
    const api = apiAs(platform.url, issued.key);
    expect((await api('GET', '/v1/campaigns/camp-a')).status).toBe(200);
    expect(await keys.revoke(issued.keyId)).toBe(true);
    expect((await api('GET', '/v1/campaigns/camp-a')).body.code).toBe('unauthenticated');
  });

  it('given the bootstrap key, then it was stored once, hashed, as the admin of the default tenant', async () => {
    const all = await keys.list('default');
    const bootstrap = all.filter((k) => k.keyId === 'bootstrap-admin');
    expect(bootstrap).toEqual([expect.objectContaining({ tenantId: 'default', roles: ['admin'], revokedAt: null })]);
    expect(JSON.stringify(all)).not.toContain(TEST_ADMIN_KEY);
    const raw = (await platform.app.get<DataSource>(READ_MODELS).query(`SELECT key_hash FROM hustings_auth.api_keys WHERE key_id = 'bootstrap-admin'`)) as { key_hash: string }[];
    expect(raw[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('rate limits per API key', () => {
  let platform: EmbeddedPlatform;

  beforeAll(async () => {
    platform = await startEmbedded({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '5' });
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('given a burst of 5, when a key sends 8 at once, then 5 pass and the rest get 429 with Retry-After; another key is unaffected', async () => {
    const admin = apiAs(platform.url, TEST_ADMIN_KEY);
    const replies = await Promise.all(Array.from({ length: 8 }, () => admin('GET', '/v1/committees/none')));
    expect(replies.filter((r) => r.status === 404)).toHaveLength(5);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited[0].body.code).toBe('rate_limited');
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    const other = await keys.issue('default', ['auditor'], 'e2e other');
    expect((await apiAs(platform.url, other.key)('GET', '/v1/committees/none')).status).toBe(404);
  });
});
