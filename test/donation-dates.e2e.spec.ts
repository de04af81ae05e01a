import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * A donation's three dates over HTTP (issue 14, item 2): an officer records the deposit of a
 * mailed cheque against the 10-day rule (11 CFR 103.3(a)) on the committee's days, corrects the
 * date of receipt with a reason, and the ledger keeps both as facts; refusals are problem+json.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

describe('donation dates over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let intake: ReturnType<typeof apiAs>;
  let otherTenant: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    intake = apiAs(platform.url, (await keys.issue('default', ['intake'], 'e2e intake')).key);
    otherTenant = apiAs(platform.url, (await keys.issue('party-b', ['officer'], 'e2e other party')).key);
    const elections = [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }];
    // Registered without a zone: a US committee counts New York days.
    expect((await admin('POST', '/v1/committees', { committeeId: 'dd-smith', name: 'Smith for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections, defaultElectionId: 'general-2026' })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'dd-mail', committeeId: 'dd-smith', name: 'Mail', currency: 'USD', opensAt: '2026-01-01T00:00:00Z' })).status).toBe(201);
    const cheque = {
      donationId: 'dd-cheque',
      amountMinor: 50_000,
      currency: 'USD',
      // 23:30 in New York on 31 March.
      receivedAt: '2026-04-01T03:30:00Z',
      donor: { type: 'individual', name: 'Ada Writer', address: { postalCode: '10001' }, occupation: 'Author', employer: 'Self', attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'check', pspReference: 'chk-1001' },
    };
    expect((await admin('POST', '/v1/campaigns/dd-mail/donations', cheque, { 'idempotency-key': 'dd-cheque' })).status).toBe(202);
    await eventually('the cheque is decided', () => admin('GET', '/v1/donations/dd-cheque'), (r) => r.status === 200 && r.body.decision !== null);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    'records a deposit on the 11th day after the New York day of receipt as late, once; a second day is a conflict',
    async () => {
      const first = await officer('POST', '/v1/donations/dd-cheque/deposit', { depositedOn: '2026-04-11' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ recorded: true, dates: { receivedAt: '2026-04-01T03:30:00.000Z', depositedOn: '2026-04-11', deposit: { dueOn: '2026-04-10', late: true, citation: '11 CFR 103.3(a)' } } });
      expect(await officer('POST', '/v1/donations/dd-cheque/deposit', { depositedOn: '2026-04-11' })).toMatchObject({ status: 200, body: { recorded: false } });
      const again = await officer('POST', '/v1/donations/dd-cheque/deposit', { depositedOn: '2026-04-09' });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(again.body).toMatchObject({ code: 'donation_date_already_recorded' });
    },
    TEST_MS,
  );

  it(
    'corrects the deposit day with a reason, and the donation shows the correction beside what it corrected',
    async () => {
      const fixed = await officer('POST', '/v1/donations/dd-cheque/date-corrections', { date: 'deposited', corrected: '2026-04-10', reason: 'The bank slip is dated 10 April.' });
      expect(fixed.status).toBe(201);
      expect(fixed.body.dates).toMatchObject({ depositedOn: '2026-04-10', deposit: { dueOn: '2026-04-10', late: false }, corrections: [{ date: 'deposited', previous: '2026-04-11', corrected: '2026-04-10', reason: 'The bank slip is dated 10 April.' }] });
      const donation = await officer('GET', '/v1/donations/dd-cheque');
      expect((donation.body.history as { type: string }[]).map((h) => h.type)).toEqual(expect.arrayContaining(['DonationDeposited', 'DonationDateCorrected']));
    },
    TEST_MS,
  );

  it(
    'refuses out of order and unreasoned corrections as problems, another tenant’s donation as missing, and an intake key outright',
    async () => {
      const before = await officer('POST', '/v1/donations/dd-cheque/date-corrections', { date: 'received', corrected: '2026-04-12T12:00:00Z', reason: 'typo' });
      expect(before).toMatchObject({ status: 422, body: { code: 'donation_date_invalid' } });
      // A blank reason is refused at the edge, before the ledger is read.
      expect(await officer('POST', '/v1/donations/dd-cheque/date-corrections', { date: 'received', corrected: '2026-03-30T12:00:00Z', reason: ' ' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      expect((await officer('POST', '/v1/donations/dd-cheque/date-corrections', { date: 'posted', corrected: '2026-03-30', reason: 'r' })).status).toBe(400);
      expect((await otherTenant('POST', '/v1/donations/dd-cheque/deposit', { depositedOn: '2026-04-10' })).status).toBe(404);
      expect((await intake('POST', '/v1/donations/dd-cheque/date-corrections', { date: 'received', corrected: '2026-03-30T12:00:00Z', reason: 'r' })).status).toBe(403);
    },
    TEST_MS,
  );
});
