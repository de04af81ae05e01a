import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/** Reward tiers over HTTP on the embedded platform: defined by staff, reached by accepted donations, never oversold. */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;

const donation = (donationId: string, donorName: string, amountMinor: number) => ({
  donationId,
  amountMinor,
  currency: 'USD',
  donor: { type: 'individual', name: donorName, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
  payment: { method: 'card', pspReference: `ch_${donationId}` },
});

const mug = { tierId: 'mug', name: 'Campaign mug', thresholdKind: 'single', thresholdMinor: 5000, rewardKind: 'item', fairMarketValueMinor: 1200, stockLimit: 3 };

describe('reward tiers and grants', () => {
  let platform: EmbeddedPlatform;
  const key: Record<string, string> = {};
  /** Every HTTP call of this suite goes through here, as the named key (the bootstrap admin by default). */
  const call = (method: string, path: string, body?: unknown, as: string = TEST_ADMIN_KEY, headers: Record<string, string> = {}): Promise<HttpReply> =>
    apiAs(platform.url, as)(method, path, body, headers);

  beforeAll(async () => {
    platform = await startEmbedded({ API_KEY_CACHE_MS: '0' });
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    for (const [name, tenant, roles] of [
      ['intake', 'default', ['intake']],
      ['officer', 'default', ['officer']],
      ['otherAdmin', 'party-b', ['admin']],
    ] as const) {
      key[name] = (await keys.issue(tenant, roles, `e2e ${name}`)).key;
    }
    const committee = {
      committeeId: 'cmte-rw',
      name: 'Rewards committee',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    };
    expect((await call('POST', '/v1/committees', committee)).status).toBe(201);
    expect((await call('POST', '/v1/campaigns', { campaignId: 'camp-rw', committeeId: 'cmte-rw', name: 'RW', currency: 'USD' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    'given an admin, when a tier is defined, changed and read, then each answer carries its version; other roles and tenants are refused',
    async () => {
      const defined = await call('POST', '/v1/campaigns/camp-rw/reward-tiers', mug);
      expect(defined.status).toBe(201);
      expect(defined.headers.get('location')).toBe('/v1/campaigns/camp-rw/reward-tiers/mug');
      expect(defined.body).toMatchObject({ tierId: 'mug', tierVersion: 1, thresholdMinor: 5000, fairMarketValueMinor: 1200, stockLimit: 3 });
      expect((await call('POST', '/v1/campaigns/camp-rw/reward-tiers', mug)).body).toMatchObject({ status: 409, code: 'reward_tier_already_exists' });
      expect((await call('POST', '/v1/campaigns/camp-rw/reward-tiers', { ...mug, tierId: 'bad', thresholdMinor: 0 })).body).toMatchObject({ status: 422, code: 'reward_tier_invalid' });
      expect((await call('POST', '/v1/campaigns/camp-rw/reward-tiers', { ...mug, tierId: 'x', rewardKind: 'cash' })).body).toMatchObject({ status: 400, field: 'rewardKind' });

      expect((await call('POST', '/v1/campaigns/camp-rw/reward-tiers', { ...mug, tierId: 'hat' }, key.officer)).status).toBe(403);
      expect((await call('PUT', '/v1/campaigns/camp-rw/reward-tiers/mug', mug, key.intake)).status).toBe(403);
      expect((await call('GET', '/v1/campaigns/camp-rw/reward-tiers', undefined, key.otherAdmin)).body).toMatchObject({ status: 404, code: 'campaign_not_found' });
      expect((await call('POST', '/v1/campaigns/camp-rw/reward-tiers', { ...mug, tierId: 'hat' }, key.otherAdmin)).status).toBe(404);

      const { tierId: _id, ...terms } = mug;
      const changed = await call('PUT', '/v1/campaigns/camp-rw/reward-tiers/mug', { ...terms, stockLimit: 2 });
      expect(changed).toMatchObject({ status: 200, body: { tierVersion: 2, stockLimit: 2 } });
      expect((await call('PUT', '/v1/campaigns/camp-rw/reward-tiers/nope', terms)).body).toMatchObject({ status: 404, code: 'reward_tier_not_found' });
      const listed = await call('GET', '/v1/campaigns/camp-rw/reward-tiers', undefined, key.officer);
      expect(listed.body).toMatchObject({ campaignId: 'camp-rw', tiers: [{ tierId: 'mug', tierVersion: 2, stockLimit: 2 }] });
    },
    TEST_MS,
  );

  it(
    'given a tier with stock 2, when four donors give, then two donors whose accepted amount reaches it are granted, the rest waitlisted, a smaller gift reaches nothing',
    async () => {
      await call('POST', '/v1/campaigns/camp-rw/reward-tiers', { ...mug, tierId: 'cap', stockLimit: 2 });
      const gifts = [
        ['g1', 'Ada Lovelace', 5000],
        ['g2', 'Grace Hopper', 7500],
        ['g3', 'Katherine Johnson', 5000],
        ['g4', 'Mary Jackson', 4999],
        ['g5', 'Dorothy Vaughan', 6000],
      ] as const;
      await Promise.all(
        gifts.map(async ([id, name, amount]) => {
          const reply = await call('POST', '/v1/campaigns/camp-rw/donations', donation(`rw-${id}`, name, amount), key.intake, { 'idempotency-key': `rw-${id}` });
          expect(reply.status).toBe(202);
        }),
      );
      const tier = await eventually(
        'the cap tier holds every qualifying donor',
        async () => (await call('GET', '/v1/campaigns/camp-rw/reward-tiers/cap', undefined, key.officer)).body,
        (body) => {
          const stock = body.stock as { granted: number; waitlist: unknown[] } | undefined;
          return stock !== undefined && stock.granted + stock.waitlist.length === 4;
        },
      );
      const stock = tier.stock as { granted: number; remaining: number; grants: { donationId: string }[]; waitlist: { position: number; donationId: string }[] };
      expect(stock.granted).toBe(2);
      expect(stock.remaining).toBe(0);
      expect(stock.waitlist.map((entry) => entry.position)).toEqual([1, 2]);
      const holders = [...stock.grants, ...stock.waitlist].map((entry) => entry.donationId).sort();
      expect(holders).toEqual(['rw-g1', 'rw-g2', 'rw-g3', 'rw-g5']);
    },
    TEST_MS,
  );
});
