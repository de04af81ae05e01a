import { dueOnInZone } from '#compliance-rules';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * A UK party and one of its accounting units on the embedded platform, driven over HTTP:
 * PPERA decides each donation (accepted, to be returned, reportable) and a reward granted for
 * a donation lowers what it counts for towards the donor's year.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;

const voter = (name: string, postalCode: string) => ({ type: 'individual', name, address: { postalCode, country: 'GB' }, attestations: { onUkElectoralRegister: true } });
const gift = (donationId: string, amountMinor: number, donor: unknown) => ({ donationId, amountMinor, currency: 'GBP', donor, payment: { method: 'card', pspReference: `ch_${donationId}` } });

describe('UK PPERA registered party over HTTP', () => {
  let platform: EmbeddedPlatform;
  const call = (method: string, path: string, body?: unknown): Promise<HttpReply> =>
    apiAs(platform.url, TEST_ADMIN_KEY)(method, path, body, method === 'POST' && path.endsWith('/donations') ? { 'idempotency-key': `k-${(body as { donationId: string }).donationId}` } : {});
  const decided = (donationId: string): Promise<HttpReply> =>
    eventually(`donation ${donationId} decided`, () => call('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.decision !== null);
  const give = async (campaignId: string, body: ReturnType<typeof gift>): Promise<Record<string, unknown>> => {
    expect((await call('POST', `/v1/campaigns/${campaignId}/donations`, body)).status).toBe(202);
    return (await decided(body.donationId)).body;
  };

  beforeAll(async () => {
    platform = await startEmbedded();
    for (const [committeeId, jurisdiction, campaignId] of [
      ['uk-central', 'UK-PPERA-PARTY', 'uk-spring'],
      ['uk-unit', 'UK-PPERA-ACCOUNTING-UNIT', 'uk-unit-spring'],
    ]) {
      expect((await call('POST', '/v1/committees', { committeeId, name: committeeId, jurisdiction, currency: 'GBP' })).status).toBe(201);
      expect((await call('POST', '/v1/campaigns', { campaignId, committeeId, name: campaignId, currency: 'GBP' })).status).toBe(201);
    }
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    'accepts a permissible donor, requires an anonymous £500.01 back within 30 days, and marks the gift that takes a source over £11,180',
    async () => {
      const ann = voter('Ann Elector', 'SW1A 1AA');
      expect(await give('uk-spring', gift('uk-1', 60_000, ann))).toMatchObject({ status: 'accepted', acceptedAmountMinor: 60_000, itemized: false, reportingMark: null, returnRequired: null });

      const small = await give('uk-spring', gift('uk-anon-small', 50_000, { type: 'individual' }));
      expect(small).toMatchObject({ status: 'accepted', returnRequired: null });
      const anonymous = await give('uk-spring', gift('uk-anon', 50_001, { type: 'individual' }));
      expect(anonymous).toMatchObject({
        status: 'rejected',
        rejection: { code: 'ppera_unidentifiable_donor' },
        returnRequired: { code: 'ppera_unidentifiable_donor', action: 'return_to_transferor_or_pay_electoral_commission', amountMinor: 50_001, // PPERA s.56(2): 30 days beginning with the day of receipt, which is day one.
        dueOn: dueOnInZone(new Date().toISOString(), 29, 'Europe/London') },
      });
      expect((anonymous.history as { type: string }[]).map((h) => h.type)).toEqual(['DonationReceived', 'DonationRejected', 'DonationReturnRequired']);

      const abroad = { type: 'company', name: 'Offshore Holdings Ltd', address: { postalCode: 'KY1-1102' }, registrationNumber: 'KY12345', attestations: { carriesOnBusinessInUk: false } };
      expect(await give('uk-spring', gift('uk-abroad', 100_000, abroad))).toMatchObject({ status: 'rejected', returnRequired: { code: 'ppera_impermissible_donor', action: 'return_to_donor' } });
      expect(await give('uk-spring', gift('uk-unattested', 100_000, { type: 'individual', name: 'Ned Unsure', address: { postalCode: 'M1 1AA' } }))).toMatchObject({
        status: 'flagged',
        flags: [{ code: 'ppera_permissibility_not_established' }],
      });

      // £600 + £10,580 = £11,180.00: not yet reportable; the next £500.01 is the one that passes.
      expect(await give('uk-spring', gift('uk-2', 1_058_000, ann))).toMatchObject({ status: 'accepted', itemized: false, reportingMark: null });
      expect(await give('uk-spring', gift('uk-3', 50_001, ann))).toMatchObject({ status: 'accepted', itemized: true, reportingMark: 'central_party_threshold' });
      expect(await give('uk-spring', gift('uk-4', 223_001, ann))).toMatchObject({ itemized: true, reportingMark: 'central_party_subsequent' });
    },
    TEST_MS,
  );

  it(
    'marks at an accounting unit the gift that takes a source over £2,230',
    async () => {
      const bea = voter('Bea Member', 'EH1 1YZ');
      expect(await give('uk-unit-spring', gift('au-1', 223_000, bea))).toMatchObject({ status: 'accepted', reportingMark: null });
      expect(await give('uk-unit-spring', gift('au-2', 60_000, bea))).toMatchObject({ status: 'accepted', itemized: true, reportingMark: 'accounting_unit_threshold' });
    },
    TEST_MS,
  );

  it(
    'counts a donation net of the reward its donor received: £600 with a £150 mug counts for nothing towards the year',
    async () => {
      const tier = { tierId: 'uk-mug', name: 'Mug', thresholdKind: 'single', thresholdMinor: 60_000, rewardKind: 'item', fairMarketValueMinor: 15_000, stockLimit: null };
      expect((await call('POST', '/v1/campaigns/uk-spring/reward-tiers', tier)).status).toBe(201);
      const cal = voter('Cal Giver', 'CF10 1AA');
      expect(await give('uk-spring', gift('uk-r1', 60_000, cal))).toMatchObject({ status: 'accepted' });
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const donorId = (await ledger.readStream('donation-uk-r1'))[0].metadata.donorId as string;
      const benefit = await eventually(
        'reward counted against the donation',
        async () => (await ledger.readStream(`donor-uk-central-${donorId}`)).find((e) => e.type === 'ContributionBenefitRecorded'),
        (e) => e !== undefined,
      );
      expect(benefit?.payload).toMatchObject({ donationId: 'uk-r1', change: 'granted', fairMarketValueMinor: '15000', countedBeforeMinor: '60000', countedAfterMinor: '0' });
      // £10,700 more: £11,300 gross would be reportable, but the year holds £10,700.
      expect(await give('uk-spring', gift('uk-r2', 1_070_000, cal))).toMatchObject({ status: 'accepted', itemized: false, reportingMark: null });
    },
    TEST_MS,
  );
});
