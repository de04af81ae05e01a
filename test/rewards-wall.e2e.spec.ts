import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signatureHeaderFor } from '#domain';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * Revocation, fulfilment and the donor wall over HTTP on the embedded platform: donors with and
 * without consent, a refund that takes a grant back and hands the unit to the next in line,
 * staff fulfilment, and an erasure that takes a name off the wall.
 */
const STARTUP_MS = 240_000;
const TEST_MS = 120_000;
const SECRET = 'e2e-wall-webhook-secret-0123456789abcdef';
const CAMPAIGN = 'camp-wall';

const donation = (donationId: string, name: string, amountMinor: number, publicAcknowledgement?: unknown) => ({
  donationId,
  amountMinor,
  currency: 'USD',
  donor: { type: 'individual', name, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true }, ...(publicAcknowledgement === undefined ? {} : { publicAcknowledgement }) },
  payment: { method: 'card', pspReference: `ch_${donationId}` },
});

type Grant = { grantId: string; donorId: string; donationId: string; status: string; fairMarketValueMinor: number; currency: string; revocation: { stockReturned: boolean } | null };
type Grants = { grants: Grant[]; waitlist: { position: number; donationId: string }[] };
type Wall = { donors: { displayName: string; amountMinor?: number; currency?: string }[]; next: string | null };

describe('rewards revocation, fulfilment and the donor wall', () => {
  let platform: EmbeddedPlatform;
  let officer: string;
  const call = (method: string, path: string, body?: unknown, as: string | null = TEST_ADMIN_KEY): Promise<HttpReply> => {
    const donationId = (body as { donationId?: unknown } | undefined)?.donationId;
    return apiAs(platform.url, as)(method, path, body, typeof donationId === 'string' ? { 'idempotency-key': `wall-${donationId}` } : {});
  };
  const wall = async (): Promise<Wall> => (await call('GET', `/v1/campaigns/${CAMPAIGN}/wall`, undefined, null)).body as unknown as Wall;
  const grants = async (): Promise<Grants> => (await call('GET', `/v1/campaigns/${CAMPAIGN}/reward-grants`, undefined, officer)).body as unknown as Grants;
  const notice = async (type: string, donationId: string, amountMinor: number): Promise<number> => {
    const raw = JSON.stringify({ id: `evt_${randomUUID()}`, type: `payment.${type}`, donationId, pspReference: `ch_${donationId}`, amountMinor, currency: 'USD', occurredAt: new Date().toISOString() });
    const response = await fetch(`${platform.url}/v1/webhooks/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'hustings-signature': signatureHeaderFor([SECRET], Math.floor(Date.now() / 1000), raw) },
      body: raw,
    });
    return response.status;
  };

  beforeAll(async () => {
    platform = await startEmbedded({ API_KEY_CACHE_MS: '0', HUSTINGS_WEBHOOK_SECRET: SECRET });
    officer = (await new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS)).issue('default', ['officer'], 'e2e officer')).key;
    const committee = {
      committeeId: 'cmte-wall', name: 'Wall committee', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    };
    expect((await call('POST', '/v1/committees', committee)).status).toBe(201);
    expect((await call('POST', '/v1/campaigns', { campaignId: CAMPAIGN, committeeId: 'cmte-wall', name: 'Wall', currency: 'USD' })).status).toBe(201);
    const tier = { tierId: 'mug', name: 'Mug', thresholdKind: 'single', thresholdMinor: 5000, rewardKind: 'item', fairMarketValueMinor: 1200, stockLimit: 1 };
    expect((await call('POST', `/v1/campaigns/${CAMPAIGN}/reward-tiers`, tier)).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    'given donors with and without consent, when a granted donation is refunded, then its name leaves the wall, its grant is revoked and the next in line gets the unit',
    async () => {
      const give = async (id: string, name: string, amount: number, consent?: unknown) =>
        expect((await call('POST', `/v1/campaigns/${CAMPAIGN}/donations`, donation(id, name, amount, consent))).status).toBe(202);
      expect((await call('POST', `/v1/campaigns/${CAMPAIGN}/donations`, donation('w-bad', 'Eve', 5000, { displayName: 'Eve', showAmount: 'yes' }))).body).toMatchObject({ status: 400, code: 'invalid_request', field: 'donor.publicAcknowledgement.showAmount' });
      await give('w-ada', 'Ada Lovelace', 6000, { displayName: 'Ada L.', showAmount: true });
      await eventually('Ada granted', grants, (g) => g.grants?.length === 1);
      await give('w-grace', 'Grace Hopper', 5000, { displayName: 'Grace' });
      await give('w-alan', 'Alan Turing', 5000);

      const listed = await eventually('both consenting donors on the wall', wall, (w) => w.donors?.length === 2);
      expect(listed).toEqual({ campaignId: CAMPAIGN, donors: [{ displayName: 'Ada L.', amountMinor: 6000, currency: 'USD' }, { displayName: 'Grace' }], next: null });
      const before = await eventually('two waiting', grants, (g) => g.waitlist?.length === 2);
      expect(before.grants).toMatchObject([{ donationId: 'w-ada', status: 'granted', fairMarketValueMinor: 1200, currency: 'USD', revocation: null }]);
      expect(before.waitlist.map((entry) => entry.donationId)).toEqual(['w-grace', 'w-alan']);
      expect(JSON.stringify(await wall())).not.toMatch(/Alan|Turing|Lovelace|10001/);

      expect(await notice('captured', 'w-ada', 6000)).toBe(200);
      expect(await notice('refunded', 'w-ada', 6000)).toBe(200);
      await eventually('Ada off the wall', wall, (w) => w.donors?.length === 1);
      expect((await wall()).donors).toEqual([{ displayName: 'Grace' }]);
      const after = await eventually('Grace promoted', grants, (g) => g.grants?.length === 2);
      expect(after.grants.map((g) => [g.donationId, g.status, g.revocation?.stockReturned ?? null])).toEqual([
        ['w-ada', 'revoked', true],
        ['w-grace', 'granted', null],
      ]);
      expect(after.waitlist.map((entry) => [entry.position, entry.donationId])).toEqual([[2, 'w-alan']]);
      const tier = (await call('GET', `/v1/campaigns/${CAMPAIGN}/reward-tiers/mug`, undefined, officer)).body as { stock: { granted: number; remaining: number } };
      expect(tier.stock).toMatchObject({ granted: 1, remaining: 0 });
    },
    TEST_MS,
  );

  it(
    'given a promoted grant, when staff mark it shipped and its donation is charged back, then the grant is revoked and flagged, no unit returns, and an erased donor leaves the wall',
    async () => {
      const grace = (await grants()).grants.find((g) => g.donationId === 'w-grace') as Grant;
      const path = `/v1/reward-grants/${grace.grantId}/fulfilment`;
      expect((await call('POST', path, { status: 'shipped' }, officer)).body).toMatchObject({ grantId: grace.grantId, status: 'shipped', recorded: true });
      expect((await call('POST', path, { status: 'shipped' }, officer)).body).toMatchObject({ recorded: false });
      expect((await call('POST', path, { status: 'redeemed' }, officer)).body).toMatchObject({ status: 422, code: 'fulfilment_status_not_applicable' });
      expect((await call('POST', path, { status: 'lost' }, officer)).body).toMatchObject({ status: 400, code: 'invalid_request' });
      expect((await call('POST', '/v1/reward-grants/00000000-0000-8000-8000-000000000000/fulfilment', { status: 'shipped' }, officer)).body).toMatchObject({ status: 404, code: 'reward_grant_not_found' });
      await eventually('shipped in the read model', grants, (g) => g.grants.some((x) => x.grantId === grace.grantId && x.status === 'shipped'));

      expect(await notice('captured', 'w-grace', 5000)).toBe(200);
      expect(await notice('charged_back', 'w-grace', 5000)).toBe(200);
      const flagged = await eventually('Grace revoked', grants, (g) => g.grants.some((x) => x.grantId === grace.grantId && x.status === 'revoked'));
      expect((flagged as Grants & { flaggedForStaff: string[] }).flaggedForStaff).toEqual([grace.grantId]);
      expect(flagged.waitlist.map((entry) => entry.donationId)).toEqual(['w-alan']);
      await eventually('Grace off the wall', wall, (w) => w.donors?.length === 0);
      expect((await call('POST', path, { status: 'delivered' }, officer)).body).toMatchObject({ status: 409, code: 'reward_grant_revoked' });

      // A consenting donor who is then erased leaves the wall at once: the name no longer opens.
      await call('POST', `/v1/campaigns/${CAMPAIGN}/donations`, donation('w-mary', 'Mary Somerville', 2000, { displayName: 'Mary S.', showAmount: true }));
      await eventually('Mary on the wall', wall, (w) => w.donors?.length === 1);
      const lookup = await call('POST', '/v1/donors/lookup', { donor: { type: 'individual', name: 'Mary Somerville', address: { postalCode: '10001' } } });
      expect((await call('DELETE', `/v1/donors/${lookup.body.donorId as string}/personal-data`)).status).toBe(204);
      expect((await wall()).donors).toEqual([]);
      expect((await call('GET', '/v1/campaigns/no-such-campaign/wall', undefined, null)).body).toMatchObject({ status: 404, code: 'not_found' });
    },
    TEST_MS,
  );
});
