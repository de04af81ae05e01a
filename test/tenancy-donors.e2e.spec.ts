import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { DonationReceivedV2 } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * Donors and recurring plans between two tenants (parties) on the embedded platform, over
 * HTTP: one person giving to both is two unlinkable donors, each party erases only its own,
 * and every donor or plan endpoint answers for the other party's exactly as for a missing one.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

/** Tenant A is the default tenant (the bootstrap admin's); tenant B is another party. */
const B = 'party-b';

const committee = (committeeId: string) => ({
  committeeId,
  name: `Committee ${committeeId}`,
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
  defaultElectionId: 'general-2026',
});

/** One person, as they fill in either party's form. */
const ruth = { type: 'individual', name: 'Ruth Twoparties', address: { line1: '5 Fence Row', postalCode: '10001' }, email: 'ruth@two.example' };
const nobody = { type: 'individual', name: 'Nobody Anywhere', address: { postalCode: '99999' } };

const donation = (donationId: string, donor: unknown = ruth) => ({
  donationId,
  amountMinor: 2500,
  currency: 'USD',
  donor,
  payment: { method: 'card', pspReference: `ch_${donationId}` },
});

const plan = (planId: string) => ({
  planId,
  amountMinor: 1500,
  currency: 'USD',
  donor: ruth,
  payment: { method: 'card', pspReference: `sub_${planId}` },
  dayOfMonth: 28,
  consent: true,
  consentText: 'I give $15.00 every month on the 28th until I cancel.',
  consentVersion: 'monthly-1',
});

/** A reply with the id it names replaced, so a missing and a foreign resource compare equal. */
const shape = (reply: HttpReply, id: string) => ({
  status: reply.status,
  contentType: reply.headers.get('content-type'),
  body: JSON.parse(JSON.stringify(reply.body).split(id).join('<id>')) as unknown,
});

describe('donors and recurring plans between tenants', () => {
  let platform: EmbeddedPlatform;
  let ledger: LedgerStore;
  let vault: PersonalDataVault;
  const key: Record<string, string> = {};
  type Api = ReturnType<typeof apiAs>;
  const as = (name: string): Api => apiAs(platform.url, name === 'aAdmin' ? TEST_ADMIN_KEY : key[name]);
  const received = async (donationId: string): Promise<DonationReceivedV2> =>
    (await ledger.readStream(`donation-${donationId}`))[0].payload as DonationReceivedV2;

  beforeAll(async () => {
    platform = await startEmbedded({ API_KEY_CACHE_MS: '0', RECURRING_TICK_MS: '0' });
    ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    vault = platform.app.get<PersonalDataVault>(PERSONAL_DATA_VAULT);
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    for (const [name, tenant, roles] of [
      ['aIntake', 'default', ['intake']],
      ['aOfficer', 'default', ['officer']],
      ['bAdmin', B, ['admin']],
      ['bIntake', B, ['intake']],
    ] as const) {
      key[name] = (await keys.issue(tenant, roles, `e2e ${name}`)).key;
    }
    for (const [admin, intake, party] of [
      ['aAdmin', 'aIntake', 'a'],
      ['bAdmin', 'bIntake', 'b'],
    ] as const) {
      expect((await as(admin)('POST', '/v1/committees', committee(`cmte-${party}`))).status).toBe(201);
      expect((await as(admin)('POST', '/v1/campaigns', { campaignId: `camp-${party}`, committeeId: `cmte-${party}`, name: party, currency: 'USD' })).status).toBe(201);
      const given = await as(intake)('POST', `/v1/campaigns/camp-${party}/donations`, donation(`ruth-at-${party}`), { 'idempotency-key': randomUUID() });
      expect(given.status).toBe(202);
    }
    expect((await as('aIntake')('POST', '/v1/campaigns/camp-a/recurring-plans', plan('plan-a'))).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('given one person who gave to both parties, then each party knows them by its own donor id, and each looks up only its own', async () => {
    const [atA, atB] = [await received('ruth-at-a'), await received('ruth-at-b')];
    expect(atA.donor.donorId).toMatch(/^dn_[0-9a-f]{32}$/);
    expect(atB.donor.donorId).toMatch(/^dn_[0-9a-f]{32}$/);
    expect(atB.donor.donorId).not.toBe(atA.donor.donorId);
    // The plan's donor snapshot was taken under A, so its instalments count with A's donations.
    expect((await as('aIntake')('GET', '/v1/recurring-plans/plan-a')).body.donorId).toBe(atA.donor.donorId);

    const lookupA = await as('aAdmin')('POST', '/v1/donors/lookup', { donor: { ...ruth, name: '  RUTH   twoparties' } });
    expect(lookupA).toMatchObject({
      status: 200,
      body: { donorId: atA.donor.donorId, personalData: 'held', links: { personalData: `/v1/donors/${atA.donor.donorId}/personal-data` } },
    });
    expect(JSON.stringify(lookupA.body)).not.toMatch(/ruth|fence|two\.example/i);
    expect((await as('bAdmin')('POST', '/v1/donors/lookup', { donor: ruth })).body).toMatchObject({ donorId: atB.donor.donorId });
  });

  it("given a person who gave only to A, when B's admin looks them up, then 404 exactly as for a person nobody knows", async () => {
    const onlyA = { type: 'individual', name: 'Alma Onlya', address: { postalCode: '10002' } };
    expect((await as('aIntake')('POST', '/v1/campaigns/camp-a/donations', donation('alma-at-a', onlyA), { 'idempotency-key': randomUUID() })).status).toBe(202);
    expect((await as('aAdmin')('POST', '/v1/donors/lookup', { donor: onlyA })).status).toBe(200);
    const foreign = await as('bAdmin')('POST', '/v1/donors/lookup', { donor: onlyA });
    const absent = await as('bAdmin')('POST', '/v1/donors/lookup', { donor: nobody });
    expect(shape(foreign, 'unused')).toEqual(shape(absent, 'unused'));
    expect(foreign.body).toMatchObject({ status: 404, code: 'not_found' });
    expect(JSON.stringify(foreign.body)).not.toMatch(/alma|onlya/i);
  });

  it('given a lookup, then only admins may make it, and a donor without a name has no id to look up', async () => {
    for (const name of ['aOfficer', 'aIntake']) expect({ name, status: (await as(name)('POST', '/v1/donors/lookup', { donor: ruth })).status }).toEqual({ name, status: 403 });
    const anonymous = await as('aAdmin')('POST', '/v1/donors/lookup', { donor: { type: 'individual', address: { postalCode: '10001' } } });
    expect(anonymous.body).toMatchObject({ status: 400, code: 'invalid_request', field: 'donor.name' });
  });

  it(
    "given A's donor, when B's admin erases them, then 404 exactly as for a missing donor and A's data still opens; A's admin erases them (204) and B's copy of the person is untouched",
    async () => {
      const [atA, atB] = [await received('ruth-at-a'), await received('ruth-at-b')];
      const missing = 'dn_00000000000000000000000000000000';
      const foreign = await as('bAdmin')('DELETE', `/v1/donors/${atA.donor.donorId}/personal-data`);
      const absent = await as('bAdmin')('DELETE', `/v1/donors/${missing}/personal-data`);
      expect(shape(foreign, atA.donor.donorId)).toEqual(shape(absent, missing));
      expect(foreign.body).toMatchObject({ status: 404, code: 'not_found' });
      expect(await vault.open(atA.donor.donorId, atA.donor.sealedPii!)).toMatchObject({ status: 'open', data: { name: ruth.name } });

      // Only admins erase, even within their own tenant.
      expect((await as('aOfficer')('DELETE', `/v1/donors/${atA.donor.donorId}/personal-data`)).status).toBe(403);
      expect((await as('aIntake')('DELETE', `/v1/donors/${atA.donor.donorId}/personal-data`)).status).toBe(403);

      expect((await as('aAdmin')('DELETE', `/v1/donors/${atA.donor.donorId}/personal-data`)).status).toBe(204);
      expect(await vault.open(atA.donor.donorId, atA.donor.sealedPii!)).toMatchObject({ status: 'erased' });
      expect((await as('aAdmin')('POST', '/v1/donors/lookup', { donor: ruth })).body).toMatchObject({ donorId: atA.donor.donorId, personalData: 'erased' });
      expect(await vault.open(atB.donor.donorId, atB.donor.sealedPii!)).toMatchObject({ status: 'open', data: { name: ruth.name } });
      // A knowing B's id does not help A either.
      expect((await as('aAdmin')('DELETE', `/v1/donors/${atB.donor.donorId}/personal-data`)).status).toBe(404);
      expect(await vault.open(atB.donor.donorId, atB.donor.sealedPii!)).toMatchObject({ status: 'open' });
    },
    TEST_MS,
  );

  it(
    "given A's recurring plan, then B's keys read and change it exactly as a missing plan, and cannot start one on A's campaign",
    async () => {
      const before = (await as('aIntake')('GET', '/v1/recurring-plans/plan-a')).body;
      expect(before).toMatchObject({ planId: 'plan-a', status: 'active' });
      const missing = `plan-${randomUUID().slice(0, 8)}`;
      const pairs: [string, Api, (id: string) => [string, string, unknown?]][] = [
        ['GET (auditor route) as B admin', as('bAdmin'), (id) => ['GET', `/v1/recurring-plans/${id}`]],
        ['GET as B intake', as('bIntake'), (id) => ['GET', `/v1/recurring-plans/${id}`]],
        ['pause', as('bIntake'), (id) => ['POST', `/v1/recurring-plans/${id}/pause`, { requestedBy: 'donor' }]],
        ['resume', as('bIntake'), (id) => ['POST', `/v1/recurring-plans/${id}/resume`]],
        ['cancel', as('bIntake'), (id) => ['POST', `/v1/recurring-plans/${id}/cancel`, { requestedBy: 'donor', reason: 'hijack' }]],
        ['cancel as B admin', as('bAdmin'), (id) => ['POST', `/v1/recurring-plans/${id}/cancel`]],
      ];
      for (const [name, api, request] of pairs) {
        const foreign = await api(...request('plan-a'));
        const absent = await api(...request(missing));
        expect({ name, ...shape(foreign, 'plan-a') }).toEqual({ name, ...shape(absent, missing) });
        expect({ name, status: foreign.status, code: foreign.body.code }).toEqual({ name, status: 404, code: 'recurring_plan_not_found' });
      }
      const missingCampaign = `camp-${randomUUID().slice(0, 8)}`;
      const onA = await as('bIntake')('POST', '/v1/campaigns/camp-a/recurring-plans', plan('plan-by-b'));
      const onMissing = await as('bIntake')('POST', `/v1/campaigns/${missingCampaign}/recurring-plans`, plan('plan-by-b'));
      expect(shape(onA, 'camp-a')).toEqual(shape(onMissing, missingCampaign));
      expect(onA.body).toMatchObject({ status: 404, code: 'campaign_not_found' });
      expect(await ledger.readStream('recurring-plan-plan-by-b')).toEqual([]);

      // A's plan is as it was: still active, nothing appended to it by B's attempts.
      const after = (await as('aIntake')('GET', '/v1/recurring-plans/plan-a')).body;
      expect({ ...after, nextDueAt: null }).toEqual({ ...before, nextDueAt: null });
      expect((await ledger.readStream('recurring-plan-plan-a')).map((e) => e.type)).toEqual(['RecurringPlanCreated']);
    },
    TEST_MS,
  );
});
