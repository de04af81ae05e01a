import type { DataSource } from 'typeorm';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * Gifts for an election already held, over HTTP (issue 14, item 5): an officer records the
 * general's net debts outstanding (11 CFR 110.1(b)(3)), later gifts for it are kept up to them
 * and the rest is held as an excess for the officer; a withdrawal from an election ahead makes
 * its gifts refunds due within 60 days (102.9(e)(3)). Days are the committee's New York days.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
const DECIDED = new Set(['accepted', 'partly_accepted', 'rejected', 'flagged']);

describe('past elections over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let intake: ReturnType<typeof apiAs>;

  const give = async (donationId: string, amountMinor: number, electionId: string, receivedAt: string, name: string) => {
    const body = {
      donationId,
      amountMinor,
      currency: 'USD',
      electionId,
      receivedAt,
      donor: { type: 'individual', name, address: { postalCode: '10001' }, occupation: 'Engineer', employer: 'Acme', attestations: { usCitizenOrPermanentResident: true } },
      payment: { method: 'card', pspReference: `psp-${donationId}` },
    };
    expect((await intake('POST', '/v1/campaigns/pe-drive/donations', body, { 'idempotency-key': donationId })).status).toBe(202);
    return eventually(`${donationId} is decided`, () => officer('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && DECIDED.has(String(r.body.status)));
  };

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    intake = apiAs(platform.url, (await keys.issue('default', ['intake'], 'e2e intake')).key);
    const elections = [
      { electionId: 'P2026', kind: 'primary', date: '2026-06-02' },
      { electionId: 'G2026', kind: 'general', date: '2026-11-03' },
      { electionId: 'P2028', kind: 'primary', date: '2028-06-06' },
      { electionId: 'G2028', kind: 'general', date: '2028-11-07' },
    ];
    const committee = { committeeId: 'pe-lee', name: 'Lee for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections, defaultElectionId: 'P2028' };
    expect((await admin('POST', '/v1/committees', committee)).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'pe-drive', committeeId: 'pe-lee', name: 'Retire the debt', currency: 'USD', opensAt: '2026-01-01T00:00:00Z' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    "refuses net debts from any key but an officer's, and net debts stated before the election was held, as problem+json",
    async () => {
      const request = { netDebtsMinor: 60_000, asOf: '2026-11-20', reason: 'Unpaid printer and payroll, per the post-general report.' };
      expect((await intake('POST', '/v1/committees/pe-lee/elections/G2026/net-debts', request)).status).toBe(403);
      const early = await officer('POST', '/v1/committees/pe-lee/elections/G2026/net-debts', { ...request, asOf: '2026-11-02' });
      expect(early.status).toBe(422);
      expect(early.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(early.body).toMatchObject({ code: 'net_debts_invalid' });
      expect((await officer('POST', '/v1/committees/pe-lee/elections/G2099/net-debts', request)).body).toMatchObject({ code: 'election_unknown' });
    },
    TEST_MS,
  );

  it(
    "keeps gifts for the 2026 general up to its recorded net debts of $600.00 and holds the rest as an excess to redesignate or refund",
    async () => {
      const recorded = await officer('POST', '/v1/committees/pe-lee/elections/G2026/net-debts', { netDebtsMinor: 60_000, asOf: '2026-11-20', reason: 'Unpaid printer and payroll, per the post-general report.' });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ committeeId: 'pe-lee', electionId: 'G2026', recorded: true, netDebts: { recordedMinor: 60_000, asOf: '2026-11-20', remainingMinor: 60_000 } });
      expect(await officer('POST', '/v1/committees/pe-lee/elections/G2026/net-debts', { netDebtsMinor: 60_000, asOf: '2026-11-20', reason: 'again' })).toMatchObject({ status: 200, body: { recorded: false } });

      // 10:00 in New York on 25 and 26 November, three weeks after the general.
      const first = await give('pe-first', 50_000, 'G2026', '2026-11-25T15:00:00Z', 'Ada Payer');
      expect(first.body).toMatchObject({ status: 'accepted', acceptedAmountMinor: 50_000 });
      const second = await give('pe-second', 30_000, 'G2026', '2026-11-26T15:00:00Z', 'Grace Payer');
      expect(second.body).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 10_000 });

      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const held = (await ledger.readStream('donation-pe-second')).find((e) => e.type === 'ExcessiveContributionHeld');
      expect(held?.payload).toMatchObject({ excessAmountMinor: '20000', dueOn: '2027-01-25', remedies: ['refund', 'redesignation', 'reattribution'] });
      const accepted = (await ledger.readStream('donation-pe-second')).find((e) => e.type === 'DonationAccepted');
      expect(accepted?.payload).toMatchObject({ figures: { pastElectionDate: '2026-11-03', netDebtsOutstandingMinor: '10000', netDebtsCitation: '11 CFR 110.1(b)(3)(i)' } });

      const committee = await officer('GET', '/v1/committees/pe-lee');
      expect(committee.body.electionStandings).toEqual([{ electionId: 'G2026', netDebts: { recordedMinor: 60_000, asOf: '2026-11-20', remainingMinor: 0 }, candidacyEnded: null }]);
      const applied = (await ledger.readStream('committee-pe-lee')).filter((e) => e.type === 'NetDebtsContributionApplied').map((e) => e.payload);
      expect(applied).toEqual([
        { committeeId: 'pe-lee', electionId: 'G2026', donationId: 'pe-first', appliedMinor: '50000', netDebtsRemainingMinor: '10000' },
        { committeeId: 'pe-lee', electionId: 'G2026', donationId: 'pe-second', appliedMinor: '10000', netDebtsRemainingMinor: '0' },
      ]);
    },
    TEST_MS,
  );

  it(
    'after a recorded withdrawal from the 2028 general, holds a gift for it whole as a refund due 60 New York days after its receipt',
    async () => {
      const ended = await officer('POST', '/v1/committees/pe-lee/elections/G2028/candidacy-end', { cause: 'withdrew', endedOn: '2026-12-01', reason: 'Withdrawal letter filed with the FEC.' });
      expect(ended.status).toBe(201);
      expect(ended.body).toMatchObject({ electionId: 'G2028', candidacyEnded: { cause: 'withdrew', endedOn: '2026-12-01' } });
      expect((await officer('POST', '/v1/committees/pe-lee/elections/G2028/candidacy-end', { cause: 'lost_primary', endedOn: '2026-12-01', reason: 'x' })).body).toMatchObject({ code: 'candidacy_already_ended' });

      // 23:30 in New York on 2 December (04:30Z on the 3rd): the refund runs from 2 December.
      const gift = await give('pe-general', 25_000, 'G2028', '2026-12-03T04:30:00Z', 'Alan Early');
      expect(gift.body).toMatchObject({ acceptedAmountMinor: 0 });
      const held = (await platform.app.get<LedgerStore>(LEDGER_STORE).readStream('donation-pe-general')).find((e) => e.type === 'ExcessiveContributionHeld');
      expect(held?.payload).toMatchObject({ excessAmountMinor: '25000', dueOn: '2027-01-31', remedies: ['refund'] });
    },
    TEST_MS,
  );
});
