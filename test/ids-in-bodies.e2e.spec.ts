import type { DataSource } from 'typeorm';
import { campaignStreamId, reviewStreamId } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * Ids that a request names in its body (not its path) over HTTP, two tenants on the embedded
 * platform: an id of an object that does not exist, or that only the other tenant has, is
 * refused with a named code and nothing is appended. Every route that takes an id in its body:
 *
 * | route | id in the body | how it is checked |
 * |---|---|---|
 * | POST /v1/donations/:id/review/decisions | toDonorId | the committee's tenant must know the donor (this file) |
 * | POST /v1/donations/:id/review/decisions | toElectionId | one of the committee's elections (review.e2e) |
 * | POST /v1/campaigns | committeeId | the caller's committee, else 404 committee_not_found (this file) |
 * | POST /v1/campaigns/:id/donations | donationId, electionId | ids are global: another's is 409; the election is the committee's |
 * | POST /v1/campaigns/:id/recurring-plans | planId, electionId | as donations |
 * | POST /v1/campaigns/:id/reward-tiers | tierId | scoped to the campaign (the tier stream is the campaign's) |
 * | POST /v1/webhooks/payments | donationId | the provider's, signed; the reference must match the donation's |
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

type Api = ReturnType<typeof apiAs>;

const committee = (committeeId: string) => ({
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'primary-2026', kind: 'primary', date: '2028-06-06' }],
  defaultElectionId: 'primary-2026',
});

const donor = (name: string) => ({ type: 'individual', name, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } });

describe('ids named in request bodies, between two tenants', () => {
  let platform: EmbeddedPlatform;
  let ledger: LedgerStore;
  let adminA: Api;
  let officerA: Api;
  let adminB: Api;
  let sequence = 0;

  const setUp = async (api: Api, committeeId: string, campaignId: string) => {
    expect((await api('POST', '/v1/committees', committee(committeeId))).status).toBe(201);
    expect((await api('POST', '/v1/campaigns', { campaignId, committeeId, name: campaignId, currency: 'USD', opensAt: '2026-01-01T00:00:00Z' })).status).toBe(201);
  };
  const donate = async (api: Api, campaignId: string, donationId: string, name: string, amountMinor: number) => {
    const body = { donationId, amountMinor, currency: 'USD', receivedAt: '2026-01-05T15:00:00Z', donor: donor(name), payment: { method: 'card', pspReference: `ch_${donationId}` } };
    const reply = await api('POST', `/v1/campaigns/${campaignId}/donations`, body, { 'idempotency-key': `ids-${donationId}-${++sequence}` });
    expect(reply.status).toBe(202);
  };
  const donorIdOf = async (api: Api, name: string): Promise<string> => {
    const reply = await api('POST', '/v1/donors/lookup', { donor: donor(name) });
    expect(reply.status).toBe(200);
    return reply.body.donorId as string;
  };

  beforeAll(async () => {
    platform = await startEmbedded();
    ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    adminA = apiAs(platform.url, TEST_ADMIN_KEY);
    officerA = apiAs(platform.url, (await keys.issue('default', ['officer'], 'ids officer a')).key);
    adminB = apiAs(platform.url, (await keys.issue('party-b', ['admin', 'intake'], 'ids admin b')).key);
    await setUp(adminA, 'ids-a', 'ids-a-spring');
    await setUp(adminB, 'ids-b', 'ids-b-spring');
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('refuses to reattribute an excess to a donor id nobody has, or that only the other party has seen, and appends nothing', async () => {
    await donate(adminA, 'ids-a-spring', 'ids-excess', 'Gus Giver', 400_000);
    await donate(adminA, 'ids-a-spring', 'ids-joint', 'Hal Holder', 1_000);
    await donate(adminB, 'ids-b-spring', 'ids-b-gift', 'Ivy Elsewhere', 1_000);
    const path = '/v1/donations/ids-excess/review/decisions';
    await eventually('the excess is held', () => officerA('GET', '/v1/donations/ids-excess/review'), (r) => JSON.stringify(r.body).includes('"excess"'));

    const decision = (toDonorId: string) => ({ item: 'excess', decision: 'reattribute', toDonorId, amountMinor: 10_000, reason: 'joint account holder signed' });
    const foreign = await donorIdOf(adminB, 'Ivy Elsewhere');
    for (const toDonorId of ['dn_0123456789abcdef0123456789abcdef', foreign]) {
      const refused = await officerA('POST', path, decision(toDonorId));
      expect([refused.status, refused.body.code, refused.headers.get('content-type')]).toEqual([422, 'reattribution_donor_unknown', 'application/problem+json; charset=utf-8']);
    }
    expect(await ledger.readStream(reviewStreamId('ids-excess'))).toEqual([]);

    const joint = await donorIdOf(adminA, 'Hal Holder');
    const accepted = await officerA('POST', path, decision(joint));
    expect([accepted.status, accepted.body.type, accepted.body.toDonorId]).toEqual([201, 'ExcessReattributed', joint]);
    expect((await ledger.readStream(reviewStreamId('ids-excess'))).map((e) => e.type)).toEqual(['ExcessReattributed']);
  }, TEST_MS);

  it('refuses a campaign for the other party\'s committee, or one that does not exist, as the same 404, and opens nothing', async () => {
    for (const committeeId of ['ids-b', 'ids-nowhere']) {
      const reply = await adminA('POST', '/v1/campaigns', { campaignId: `ids-c-${committeeId}`, committeeId, name: 'x', currency: 'USD' });
      expect([reply.status, reply.body.code]).toEqual([404, 'committee_not_found']);
      expect(JSON.stringify(reply.body)).not.toContain('party-b');
      expect(await ledger.readStream(campaignStreamId(`ids-c-${committeeId}`))).toEqual([]);
    }
  }, TEST_MS);

  it('refuses a donation whose id the other party already used, without touching the other party\'s donation', async () => {
    const before = (await adminB('GET', '/v1/donations/ids-b-gift')).body;
    const body = { donationId: 'ids-b-gift', amountMinor: 1_000, currency: 'USD', donor: donor('Ivy Elsewhere'), payment: { method: 'card', pspReference: 'ch_ids-b-gift' } };
    const reply = await adminA('POST', '/v1/campaigns/ids-a-spring/donations', body, { 'idempotency-key': `ids-steal-${++sequence}` });
    expect([reply.status, reply.body.code]).toEqual([409, 'donation_already_exists']);
    expect((await adminB('GET', '/v1/donations/ids-b-gift')).body).toEqual(before);
    expect((await adminA('GET', '/v1/donations/ids-b-gift')).status).toBe(404);
  }, TEST_MS);
});
