import { amountOf, dueOnInZone, rulePackInZone } from '#compliance-rules';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * A Canadian registered party on the embedded platform, driven over HTTP: the Canada Elections
 * Act decides each contribution at its boundaries (the year's limit, one cent over it, a
 * corporation, a non-resident, $20 and $20.01 anonymous or in cash), through the same engine
 * as the FEC's and PPERA's.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const TORONTO = 'America/Toronto';

const citizen = (name: string, postalCode: string) => ({
  type: 'individual',
  name,
  address: { line1: '1 Wellington St', city: 'Ottawa', region: 'ON', postalCode, country: 'CA' },
  attestations: { canadianCitizenOrPermanentResident: true },
});
const gift = (donationId: string, amountMinor: number, donor: unknown, method = 'card') => ({ donationId, amountMinor, currency: 'CAD', donor, payment: { method, pspReference: `ch_${donationId}` } });

describe('Canadian registered party over HTTP', () => {
  let platform: EmbeddedPlatform;
  // The year's figure from the pack in force today in Toronto: $1,775 in 2026, $25 more each year.
  const limitMinor = Number(amountOf(rulePackInZone('CA-CEA-PARTY', new Date().toISOString(), TORONTO), 'annualLimitToParty'));
  const call = (method: string, path: string, body?: unknown): Promise<HttpReply> =>
    apiAs(platform.url, TEST_ADMIN_KEY)(method, path, body, method === 'POST' && path.endsWith('/donations') ? { 'idempotency-key': `k-${(body as { donationId: string }).donationId}` } : {});
  const give = async (body: ReturnType<typeof gift>): Promise<Record<string, unknown>> => {
    expect((await call('POST', '/v1/campaigns/ca-spring/donations', body)).status).toBe(202);
    return (await eventually(`donation ${body.donationId} decided`, () => call('GET', `/v1/donations/${body.donationId}`), (r) => r.status === 200 && r.body.decision !== null)).body;
  };

  beforeAll(async () => {
    platform = await startEmbedded();
    const party = await call('POST', '/v1/committees', { committeeId: 'ca-party', name: 'Parti Exemple du Canada', jurisdiction: 'CA-CEA-PARTY', currency: 'CAD' });
    expect([party.status, party.body.timeZone]).toEqual([201, TORONTO]);
    expect((await call('POST', '/v1/campaigns', { campaignId: 'ca-spring', committeeId: 'ca-party', name: 'Spring', currency: 'CAD' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('refuses a Canadian party in another currency than CAD', async () => {
    const reply = await call('POST', '/v1/committees', { committeeId: 'ca-usd', name: 'Wrong', jurisdiction: 'CA-CEA-PARTY', currency: 'USD' });
    expect([reply.status, reply.body.code]).toEqual([422, 'currency_mismatch']);
  });

  it(
    'keeps exactly the year\'s limit, refuses one cent more, and keeps only the part of a gift that fits',
    async () => {
      const ana = citizen('Ana Citoyenne', 'K1A 0A6');
      expect(await give(gift('ca-1', limitMinor, ana))).toMatchObject({ status: 'accepted', acceptedAmountMinor: limitMinor, itemized: true });
      expect(await give(gift('ca-2', 1, ana))).toMatchObject({ status: 'rejected', rejection: { code: 'cea_contributor_exceeds_annual_limit' } });

      const bo = citizen('Bo Resident', 'M5V 2T6');
      expect(await give(gift('ca-3', limitMinor + 1, bo))).toMatchObject({ acceptedAmountMinor: limitMinor, status: 'partly_accepted' });
    },
    TEST_MS,
  );

  it(
    'requires a corporation\'s and a non-resident\'s contribution back within 30 days',
    async () => {
      const due = dueOnInZone(new Date().toISOString(), 30, TORONTO);
      const company = { type: 'company', name: 'Northern Widgets Inc.', address: { line1: '2 Bay St', city: 'Toronto', region: 'ON', postalCode: 'M5J 2N8', country: 'CA' }, attestations: {} };
      expect(await give(gift('ca-corp', 10_000, company))).toMatchObject({ status: 'rejected', returnRequired: { code: 'cea_contributor_not_an_individual', action: 'return_to_donor', dueOn: due } });
      const visitor = { ...citizen('Val Visitor', 'V6B 1A1'), attestations: { canadianCitizenOrPermanentResident: false } };
      expect(await give(gift('ca-visitor', 10_000, visitor))).toMatchObject({ status: 'rejected', returnRequired: { code: 'cea_contributor_not_citizen_or_permanent_resident' } });
    },
    TEST_MS,
  );

  it(
    'keeps $20.00 from nobody known and refuses $20.01; refuses $20.01 in cash',
    async () => {
      expect(await give(gift('ca-anon-20', 2_000, { type: 'individual' }))).toMatchObject({ status: 'accepted', acceptedAmountMinor: 2_000 });
      expect(await give(gift('ca-anon-2001', 2_001, { type: 'individual' }))).toMatchObject({ status: 'rejected', rejection: { code: 'cea_anonymous_over_limit' } });
      expect(await give(gift('ca-cash-20', 2_000, citizen('Cy Cash', 'H2X 1Y4'), 'cash'))).toMatchObject({ status: 'accepted' });
      expect(await give(gift('ca-cash-2001', 2_001, citizen('Di Cash', 'H2X 1Y5'), 'cash'))).toMatchObject({ status: 'rejected', rejection: { code: 'cea_cash_over_limit' } });
    },
    TEST_MS,
  );

  it(
    'reports the year\'s contributors past $200 by name, the others and the anonymous as totals',
    async () => {
      const year = new Date().toLocaleString('en-CA', { timeZone: TORONTO, year: 'numeric' });
      const report = await eventually(
        'the contributions report',
        () => call('GET', `/v1/committees/ca-party/reports/cea-contributions?year=${year}`),
        (r) => r.status === 200 && (r.body.anonymous as { count: number }).count === 1 && (r.body.contributors as unknown[]).length === 2,
      );
      const named = (report.body.contributors as { donor: { name: string }; totalMinor: number }[]).map((c) => [c.donor.name, Number(c.totalMinor)]);
      expect(named.sort()).toEqual([['Ana Citoyenne', limitMinor], ['Bo Resident', limitMinor]]);
      expect(report.body.undisclosed).toMatchObject({ contributors: 1 });
      expect((await call('GET', '/v1/committees/ca-party/reports/cea-contributions?year=1999')).status).toBe(400);
    },
    TEST_MS,
  );
});
