import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * The regulator's boundary cases for a US candidate committee, written from the statutes and
 * the regulations rather than from this project's specs, and run over HTTP against the
 * embedded platform (issue 14). Each case sits at an edge: a minute either side of the
 * committee's local midnight (New York, and Los Angeles for a committee registered there), the
 * day before, of and after an election, one cent under, at and over each figure; and each is
 * judged on what the regulation requires: the decision, the report line, the deadline, the
 * filing date. Every gift is received in the past of the real clock, so nothing waits.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const DECIDED = new Set(['accepted', 'partly_accepted', 'rejected', 'flagged']);
const FILER = 'C00999999';

const ELECTIONS = [
  { electionId: 'P2026', kind: 'primary', date: '2026-06-02' },
  { electionId: 'G2026', kind: 'general', date: '2026-11-03' },
  { electionId: 'P2028', kind: 'primary', date: '2028-06-06' },
  { electionId: 'G2028', kind: 'general', date: '2028-11-07' },
];
type Committee = 'fs-ny' | 'fs-la' | 'fs-lost';

interface Gift {
  electionId?: string;
  receivedAt: string;
  donor?: Record<string, unknown>;
  method?: string;
}

describe('FEC statute boundaries over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let intake: ReturnType<typeof apiAs>;

  /** A person who gave every detail Schedule A asks for and attests citizenship. */
  const person = (name: string, extra: Record<string, unknown> = {}) => ({
    type: 'individual',
    name,
    address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    occupation: 'Engineer',
    employer: 'Acme',
    attestations: { usCitizenOrPermanentResident: true },
    ...extra,
  });
  const committeeDonor = (type: string, name: string) => ({
    type,
    name,
    registrationNumber: 'C00123456',
    address: { line1: '1 K St', city: 'Washington', region: 'DC', postalCode: '20001', country: 'US' },
  });

  const give = async (committee: Committee, donationId: string, amountMinor: number, gift: Gift): Promise<Record<string, unknown>> => {
    const method = gift.method ?? 'check';
    const body = {
      donationId,
      amountMinor,
      currency: 'USD',
      receivedAt: gift.receivedAt,
      ...(gift.electionId ? { electionId: gift.electionId } : {}),
      donor: gift.donor ?? person(`Donor ${donationId}`),
      payment: { method, pspReference: method === 'cash' ? null : `ref-${donationId}` },
    };
    const reply = await intake('POST', `/v1/campaigns/${committee}-c/donations`, body, { 'idempotency-key': donationId });
    expect([donationId, reply.status, reply.body]).toEqual([donationId, 202, expect.anything()]);
    const decided = await eventually(`${donationId} is decided`, () => officer('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && DECIDED.has(String(r.body.status)));
    return decided.body;
  };
  const remediesDue = (committee: Committee, asOf: string) => officer('GET', `/v1/committees/${committee}/reports/remedies-due?asOf=${asOf}`);
  type Item = { donationId: string; kind: string; action: string; dueOn: string; amountMinor: number | null; options: string[] };
  const itemsOf = (r: HttpReply) => (r.body.items ?? []) as Item[];

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'regulator officer')).key);
    intake = apiAs(platform.url, (await keys.issue('default', ['intake'], 'regulator intake')).key);
    const register = async (committeeId: Committee, extra: Record<string, unknown>, elections = ELECTIONS, defaultElectionId = 'G2028') => {
      const reply = await admin('POST', '/v1/committees', { committeeId, name: `Committee ${committeeId}`, jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections, defaultElectionId, ...extra });
      expect([committeeId, reply.status]).toEqual([committeeId, 201]);
      expect((await admin('POST', '/v1/campaigns', { campaignId: `${committeeId}-c`, committeeId, name: 'Drive', currency: 'USD', opensAt: '2024-01-01T00:00:00Z' })).status).toBe(201);
      return reply;
    };
    // Registered without a zone: New York days, and the answer says so (issue 14, item 1).
    expect((await register('fs-ny', {})).body).toMatchObject({ timeZone: 'America/New_York', timeZoneDefaulted: true });
    expect((await register('fs-la', { timeZone: 'America/Los_Angeles' })).body).toMatchObject({ timeZone: 'America/Los_Angeles' });
    await register('fs-lost', {}, ELECTIONS.slice(0, 2), 'G2026');
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  describe('an undesignated gift counts toward the next election on or after the day it is made (11 CFR 110.1(b)(2)(ii)), on the committee’s days', () => {
    const cases: [string, Committee, string, string][] = [
      ['the day before the primary', 'fs-ny', '2026-06-01T16:00:00Z', 'P2026'],
      ['23:59 New York on primary day', 'fs-ny', '2026-06-03T03:59:00Z', 'P2026'],
      ['00:01 New York the day after the primary', 'fs-ny', '2026-06-03T04:01:00Z', 'G2026'],
      ['23:59 Los Angeles on primary day (06:59Z the next day)', 'fs-la', '2026-06-03T06:59:00Z', 'P2026'],
      ['00:01 Los Angeles the day after the primary', 'fs-la', '2026-06-03T07:01:00Z', 'G2026'],
      ['23:59 New York on general election day', 'fs-ny', '2026-11-04T04:59:00Z', 'G2026'],
      ['00:01 New York the day after the general: the next cycle’s primary', 'fs-ny', '2026-11-04T05:01:00Z', 'P2028'],
    ];
    it.each(cases)('%s (%s, received %s) → counts toward %s', async (_what, committee, receivedAt, electionId) => {
      const id = `at-${committee}-${receivedAt.replace(/\D/g, '')}`;
      expect(await give(committee, id, 2_500, { receivedAt })).toMatchObject({ status: 'accepted', electionId, acceptedAmountMinor: 2_500 });
    }, TEST_MS);
  });

  describe('per-election limits of the 2025–26 cycle, one cent under, at and over (52 U.S.C. 30116(a); 11 CFR 110.1(b), 110.2, 110.17)', () => {
    const AT = '2026-09-01T16:00:00Z';
    const cases: [string, () => Record<string, unknown>, number, string, number][] = [
      ['an individual, $3,499.99', () => person('Lim One'), 349_999, 'accepted', 349_999],
      ['an individual, $3,500.00', () => person('Lim Two'), 350_000, 'accepted', 350_000],
      ['an individual, $3,500.01', () => person('Lim Three'), 350_001, 'partly_accepted', 350_000],
      ['a multicandidate PAC, $5,000.00', () => committeeDonor('multicandidate_pac', 'Multi One PAC'), 500_000, 'accepted', 500_000],
      ['a multicandidate PAC, $5,000.01', () => committeeDonor('multicandidate_pac', 'Multi Two PAC'), 500_001, 'partly_accepted', 500_000],
      ['a PAC that is not multicandidate, $3,500.00', () => committeeDonor('pac', 'Plain One PAC'), 350_000, 'accepted', 350_000],
      ['a PAC that is not multicandidate, $3,500.01', () => committeeDonor('pac', 'Plain Two PAC'), 350_001, 'partly_accepted', 350_000],
      ['another candidate’s committee, $2,000.00', () => committeeDonor('candidate_committee', 'Jones for Senate'), 200_000, 'accepted', 200_000],
      ['another candidate’s committee, $2,000.01', () => committeeDonor('candidate_committee', 'Brown for House'), 200_001, 'partly_accepted', 200_000],
      ['a party committee, $5,000.00', () => committeeDonor('party_committee', 'State Party One'), 500_000, 'accepted', 500_000],
      ['a party committee, $5,000.01', () => committeeDonor('party_committee', 'State Party Two'), 500_001, 'partly_accepted', 500_000],
      ['the candidate’s own funds, $10,000.00 (no limit, 11 CFR 110.10)', () => ({ ...person('Cand Idate'), type: 'candidate' }), 1_000_000, 'accepted', 1_000_000],
    ];
    it.each(cases)('%s for the general (donor %p, %i minor units) → %s, %i kept', async (what, donor, amountMinor, status, kept) => {
      const id = `lim-${what.replace(/[^a-z0-9]/gi, '').slice(0, 40)}`;
      expect(await give('fs-ny', id, amountMinor, { electionId: 'G2026', receivedAt: AT, donor: donor() })).toMatchObject({ status, acceptedAmountMinor: kept });
    }, TEST_MS);

    it('a gift received in December 2024, after the 2024 general, for the 2026 primary has the 2025–26 limit of $3,500 (11 CFR 110.17(b), 110.1(b)(1))', async () => {
      expect(await give('fs-ny', 'lim-2024', 350_000, { electionId: 'P2026', receivedAt: '2024-12-15T16:00:00Z', donor: person('Early Bird') })).toMatchObject({ status: 'accepted', acceptedAmountMinor: 350_000 });
    }, TEST_MS);
  });

  describe('the 60 days to refund, redesignate or reattribute an excess, counted on the committee’s days (11 CFR 103.3(b)(3), 110.1(b)(5), 110.1(k)(3))', () => {
    it.each([
      ['fs-ny', '2026-09-01T03:30:00Z'],
      ['fs-la', '2026-09-01T06:30:00Z'],
    ] as [Committee, string][])('received at 23:30 local on 31 August (%s) → due 30 October', async (committee, receivedAt) => {
      const id = `ex-${committee}`;
      expect(await give(committee, id, 350_100, { electionId: 'G2026', receivedAt, donor: person(`Excess ${committee}`) })).toMatchObject({ status: 'partly_accepted', acceptedAmountMinor: 350_000 });
      const due = await eventually('the excess is due', () => remediesDue(committee, '2026-10-30'), (r) => itemsOf(r).some((i) => i.donationId === id));
      expect(itemsOf(due).filter((i) => i.donationId === id && i.kind === 'excess_remedy')).toEqual([
        expect.objectContaining({ dueOn: '2026-10-30', amountMinor: 100, options: expect.arrayContaining(['refund', 'redesignation', 'reattribution']) }),
      ]);
    }, TEST_MS);
  });

  describe('prohibited and limited sources (52 U.S.C. 30118, 30121, 30122; 11 CFR 110.4(c), 110.20)', () => {
    const AT = '2026-08-01T16:00:00Z';
    it('cash: $100.00 kept, $100.01 refused (11 CFR 110.4(c)(1))', async () => {
      expect(await give('fs-ny', 'cash-at', 10_000, { electionId: 'G2026', receivedAt: AT, method: 'cash', donor: person('Cash At') })).toMatchObject({ status: 'accepted', acceptedAmountMinor: 10_000 });
      expect(await give('fs-ny', 'cash-over', 10_001, { electionId: 'G2026', receivedAt: AT, method: 'cash', donor: person('Cash Over') })).toMatchObject({ status: 'rejected', acceptedAmountMinor: 0, rejection: { code: 'cash_over_limit' } });
    }, TEST_MS);

    it('anonymous cash: $50.00 kept, $50.01 refused (11 CFR 110.4(c)(3))', async () => {
      const anonymous = { type: 'individual', attestations: { usCitizenOrPermanentResident: true } };
      expect(await give('fs-ny', 'anon-at', 5_000, { electionId: 'G2026', receivedAt: AT, method: 'cash', donor: anonymous })).toMatchObject({ status: 'accepted', acceptedAmountMinor: 5_000 });
      expect(await give('fs-ny', 'anon-over', 5_001, { electionId: 'G2026', receivedAt: AT, method: 'cash', donor: anonymous })).toMatchObject({ status: 'rejected', acceptedAmountMinor: 0 });
    }, TEST_MS);

    it.each([
      ['a corporation (30118)', { type: 'company', name: 'Acme Widgets Inc', attestations: { usCitizenOrPermanentResident: true } }, 'prohibited_source_corporation'],
      ['a labor organization (30118)', { type: 'trade_union', name: 'Local 1 Union', attestations: { usCitizenOrPermanentResident: true } }, 'prohibited_source_labor_organization'],
      ['a foreign national (30121; 110.20)', person('Foreign Friend', { attestations: { usCitizenOrPermanentResident: false } }), 'prohibited_source_foreign_national'],
      ['money that is not the donor’s own (30122)', person('Straw Donor', { attestations: { usCitizenOrPermanentResident: true, ownFunds: false } }), 'contribution_in_name_of_another'],
    ] as [string, Record<string, unknown>, string][])('%s is refused whole', async (what, donor, code) => {
      const id = `src-${what.replace(/[^a-z]/gi, '').slice(0, 20)}`;
      const decided = await give('fs-ny', id, 1_000, { electionId: 'G2026', receivedAt: AT, donor });
      expect(decided).toMatchObject({ status: 'rejected', acceptedAmountMinor: 0 });
      expect(decided.rejection).toMatchObject({ code });
    }, TEST_MS);
  });

  describe('Schedule A itemizes a contributor past $200 in the election cycle, dated on the committee’s day (52 U.S.C. 30104(b)(3)(A); 11 CFR 104.3(a)(4)(i), 104.8(a), 100.3(b))', () => {
    type Line = { donationId: string; amountMinor: number; aggregateMinor: number; record: Record<string, string> };
    const scheduleA = (committee: Committee, from: string, to: string) => officer('GET', `/v1/committees/${committee}/reports/fec-schedule-a?from=${from}&to=${to}&filerCommitteeId=${FILER}`);
    const linesOf = (r: HttpReply) => (r.body.lines ?? []) as Line[];

    beforeAll(async () => {
      const feb = (day: number) => `2026-02-${String(day).padStart(2, '0')}T16:00:00Z`;
      await give('fs-ny', 'it-200', 20_000, { electionId: 'G2026', receivedAt: feb(10), donor: person('Item Exactly') });
      await give('fs-ny', 'it-20001', 20_001, { electionId: 'G2026', receivedAt: feb(11), donor: person('Item Over') });
      await give('fs-ny', 'it-two-1', 15_000, { electionId: 'G2026', receivedAt: feb(12), donor: person('Item Twice') });
      await give('fs-ny', 'it-two-2', 5_001, { electionId: 'G2026', receivedAt: feb(13), donor: person('Item Twice') });
      await give('fs-ny', 'it-two-3', 1_000, { electionId: 'P2026', receivedAt: feb(14), donor: person('Item Twice') });
      // 23:30 local on 31 March, 1 April in UTC: a first-quarter contribution.
      await give('fs-ny', 'it-eoq-ny', 25_000, { electionId: 'G2026', receivedAt: '2026-04-01T03:30:00Z', donor: person('Quarter New York') });
      await give('fs-la', 'it-eoq-la', 25_000, { electionId: 'G2026', receivedAt: '2026-04-01T06:30:00Z', donor: person('Quarter Angeles') });
      // The 2026 cycle ends on the general (3 November, New York): the next gift starts a new aggregate.
      await give('fs-ny', 'it-cyc-1', 15_000, { receivedAt: '2026-11-04T04:30:00Z', donor: person('Cycle Crosser') });
      await give('fs-ny', 'it-cyc-2', 10_000, { receivedAt: '2026-11-04T05:30:00Z', donor: person('Cycle Crosser') });
    }, STARTUP_MS);

    it('$200.00 is not itemized; $200.01 is, with its aggregate; every gift of a contributor past $200 in the cycle is a line, whatever election it is for', async () => {
      const report = await eventually('Schedule A of the first quarter', () => scheduleA('fs-ny', '2026-01-01', '2026-04-01'), (r) => linesOf(r).some((l) => l.donationId === 'it-eoq-ny'));
      const ofFeb = linesOf(report).filter((l) => l.donationId.startsWith('it-')).map((l) => [l.donationId, l.amountMinor, l.aggregateMinor, l.record.form_type]);
      expect(ofFeb).toEqual([
        ['it-20001', 20_001, 20_001, 'SA11AI'],
        ['it-two-1', 15_000, 15_000, 'SA11AI'],
        ['it-two-2', 5_001, 20_001, 'SA11AI'],
        ['it-two-3', 1_000, 21_001, 'SA11AI'],
        ['it-eoq-ny', 25_000, 25_000, 'SA11AI'],
      ]);
      expect(linesOf(report).find((l) => l.donationId === 'it-two-3')?.record.election_code).toBe('P2026');
    }, TEST_MS);

    it.each([
      ['fs-ny', 'it-eoq-ny'],
      ['fs-la', 'it-eoq-la'],
    ] as [Committee, string][])('a gift at 23:30 local on 31 March (%s) is dated 31 March and filed in the first quarter, not the second', async (committee, donationId) => {
      const q1 = await eventually('Schedule A Q1', () => scheduleA(committee, '2026-01-01', '2026-04-01'), (r) => linesOf(r).some((l) => l.donationId === donationId));
      expect(linesOf(q1).find((l) => l.donationId === donationId)?.record.contribution_date).toBe('20260331');
      expect(linesOf(await scheduleA(committee, '2026-04-01', '2026-07-01')).map((l) => l.donationId)).not.toContain(donationId);
    }, TEST_MS);

    it('gifts either side of New York midnight after the general fall in different cycles: neither passes $200, so neither is itemized', async () => {
      const report = await scheduleA('fs-ny', '2026-10-01', '2027-01-01');
      expect(report.status).toBe(200);
      expect(linesOf(report).filter((l) => l.donationId.startsWith('it-cyc'))).toEqual([]);
    }, TEST_MS);
  });

  describe('48-hour notices: $1,000 or more received after the 20th day, and more than 48 hours before 00:01 of election day (52 U.S.C. 30104(a)(6); 11 CFR 104.5(f))', () => {
    type Notice = { donationId: string; electionId: string; receivedAt: string; dueBy: string };
    const cases: [string, Committee, string, number, string, boolean][] = [
      ['$1,000 at 23:59 New York on the 20th day before the general', 'fs-ny', 'G2026', 100_000, '2026-10-15T03:59:00Z', false],
      ['$1,000 at 00:01 New York on the 19th day before the general', 'fs-ny', 'G2026', 100_000, '2026-10-15T04:01:00Z', true],
      ['$999.99 inside the window', 'fs-ny', 'G2026', 99_999, '2026-10-20T16:00:00Z', false],
      ['$1,000 at 23:59 New York three days before the general', 'fs-ny', 'G2026', 100_000, '2026-11-01T03:59:00Z', true],
      // Summer time ends at 02:00 on 1 November 2026: 00:01 EST on 3 November (05:01Z) less 48
      // elapsed hours is 01:01 EDT on 1 November, so 00:02 and 01:00 EDT are still more than 48 hours before.
      ['$1,000 at 00:02 EDT two days before the general (49 hours before, across the end of summer time)', 'fs-ny', 'G2026', 100_000, '2026-11-01T04:02:00Z', true],
      ['$1,000 at 01:00 EDT two days before the general (48 hours and one minute before)', 'fs-ny', 'G2026', 100_000, '2026-11-01T05:00:00Z', true],
      ['$1,000 at 01:02 EDT two days before the general (within 48 hours of 00:01 EST)', 'fs-ny', 'G2026', 100_000, '2026-11-01T05:02:00Z', false],
      ['$1,000 at 23:59 Los Angeles on the 20th day before the general', 'fs-la', 'G2026', 100_000, '2026-10-15T06:59:00Z', false],
      ['$1,000 at 00:01 Los Angeles on the 19th day before the general', 'fs-la', 'G2026', 100_000, '2026-10-15T07:01:00Z', true],
      ['$1,000 at 00:01 New York on the 19th day before the primary', 'fs-ny', 'P2026', 100_000, '2026-05-14T04:01:00Z', true],
      ['$1,000 at 23:59 New York on the 20th day before the primary', 'fs-ny', 'P2026', 100_000, '2026-05-14T03:59:00Z', false],
    ];
    beforeAll(async () => {
      for (const [, committee, electionId, amountMinor, receivedAt] of cases) {
        await give(committee, `fn-${committee}-${receivedAt.replace(/\D/g, '')}-${amountMinor}`, amountMinor, { electionId, receivedAt, donor: person(`Notice ${committee} ${receivedAt} ${amountMinor}`) });
      }
    }, STARTUP_MS);

    it.each(cases)('%s (%s, %s, %s minor units at %s) → noticed: %s', async (_what, committee, electionId, amountMinor, receivedAt, noticed) => {
      const id = `fn-${committee}-${receivedAt.replace(/\D/g, '')}-${amountMinor}`;
      const reply = await officer('GET', `/v1/committees/${committee}/reports/fec-48-hour-notices?filerCommitteeId=${FILER}`);
      expect(reply.status).toBe(200);
      const lines = ((reply.body.lines ?? []) as Notice[]).filter((l) => l.donationId === id);
      if (!noticed) return expect(lines).toEqual([]);
      expect(lines).toEqual([expect.objectContaining({ electionId, dueBy: new Date(Date.parse(receivedAt) + 48 * 3_600_000).toISOString() })]);
    }, TEST_MS);
  });

  describe('deadlines of a gift on the committee’s days: deposit within 10 days (11 CFR 103.3(a)), a questionable source within 30 (103.3(b)(1))', () => {
    it('a cheque received 23:30 Los Angeles on 31 March is due in the bank on 10 April: on time that day, late the next', async () => {
      await give('fs-la', 'dep-1', 5_000, { electionId: 'G2026', receivedAt: '2026-04-01T06:30:00Z', donor: person('Deposit One') });
      await give('fs-la', 'dep-2', 5_000, { electionId: 'G2026', receivedAt: '2026-04-01T06:30:00Z', donor: person('Deposit Two') });
      expect((await officer('POST', '/v1/donations/dep-1/deposit', { depositedOn: '2026-04-10' })).body).toMatchObject({ dates: { deposit: { dueOn: '2026-04-10', late: false } } });
      expect((await officer('POST', '/v1/donations/dep-2/deposit', { depositedOn: '2026-04-11' })).body).toMatchObject({ dates: { deposit: { dueOn: '2026-04-10', late: true } } });
    }, TEST_MS);

    it('a gift whose source is not established, received 23:30 Los Angeles on 31 August, is flagged: deposit or return by 10 September, evidence or refund by 30 September', async () => {
      const unattested = { type: 'individual', name: 'Quest Ion', address: { line1: '2 Elm', city: 'Fresno', region: 'CA', postalCode: '93701', country: 'US' }, occupation: 'Farmer', employer: 'Self' };
      expect(await give('fs-la', 'qs-1', 5_000, { electionId: 'G2026', receivedAt: '2026-09-01T06:30:00Z', donor: unattested })).toMatchObject({ status: 'flagged', acceptedAmountMinor: 0 });
      const due = await eventually('the flag is due', () => remediesDue('fs-la', '2026-09-01'), (r) => itemsOf(r).some((i) => i.donationId === 'qs-1'));
      expect(itemsOf(due).filter((i) => i.donationId === 'qs-1').map((i) => [i.action, i.dueOn])).toEqual([
        ['deposit_or_return', '2026-09-10'],
        ['obtain_evidence_or_refund', '2026-09-30'],
      ]);
    }, TEST_MS);
  });

  describe('gifts for an election already held, and for a general the candidate will not run in (11 CFR 110.1(b)(3), 102.9(e)(3))', () => {
    it('a gift for the general received at 23:30 New York on election day is kept; one at 00:30 the next day, with no net debts recorded, is held whole for a remedy', async () => {
      expect(await give('fs-ny', 'nd-day', 10_000, { electionId: 'G2026', receivedAt: '2026-11-04T04:30:00Z', donor: person('Net Day') })).toMatchObject({ status: 'accepted', acceptedAmountMinor: 10_000 });
      expect(await give('fs-ny', 'nd-after', 10_000, { electionId: 'G2026', receivedAt: '2026-11-04T05:30:00Z', donor: person('Net After') })).toMatchObject({ acceptedAmountMinor: 0 });
      const due = await eventually('the excess is held', () => remediesDue('fs-ny', '2026-11-04'), (r) => itemsOf(r).some((i) => i.donationId === 'nd-after'));
      expect(itemsOf(due).find((i) => i.donationId === 'nd-after')).toMatchObject({ kind: 'excess_remedy', amountMinor: 10_000, dueOn: '2027-01-03' });
    }, TEST_MS);

    it('after a lost primary, general-election gifts received before it are held for their refund within 60 days of the primary (11 CFR 102.9(e)(3))', async () => {
      expect(await give('fs-lost', 'lost-before', 50_000, { electionId: 'G2026', receivedAt: '2026-05-20T16:00:00Z', donor: person('Lost Before') })).toMatchObject({ status: 'accepted', acceptedAmountMinor: 50_000 });
      const ended = await officer('POST', '/v1/committees/fs-lost/elections/G2026/candidacy-end', { cause: 'lost_primary', endedOn: '2026-06-02', reason: 'Lost the primary of 2 June.' });
      expect(ended.status).toBe(201);
      const due = await eventually('the general gift is due back', () => remediesDue('fs-lost', '2026-06-03'), (r) => itemsOf(r).some((i) => i.donationId === 'lost-before'), 10_000);
      expect(itemsOf(due).find((i) => i.donationId === 'lost-before')).toMatchObject({ kind: 'excess_remedy', amountMinor: 50_000, dueOn: '2026-08-01', options: expect.arrayContaining(['refund']) });
    }, TEST_MS);

    it('a general-election gift received after the lost primary is kept in nothing and held whole for its refund', async () => {
      expect(await give('fs-lost', 'lost-after', 20_000, { electionId: 'G2026', receivedAt: '2026-06-10T16:00:00Z', donor: person('Lost After') })).toMatchObject({ acceptedAmountMinor: 0 });
      const due = await eventually('the refund is due', () => remediesDue('fs-lost', '2026-06-10'), (r) => itemsOf(r).some((i) => i.donationId === 'lost-after'));
      expect(itemsOf(due).find((i) => i.donationId === 'lost-after')).toMatchObject({ amountMinor: 20_000, options: expect.arrayContaining(['refund']) });
    }, TEST_MS);
  });

  describe('Form 3 report due dates (52 U.S.C. 30104(a)(2); 11 CFR 104.5(a)): quarterly on 15 April, 15 July and 15 October, year-end 31 January, pre-election 12 days before (books closed on the 20th day), post-general 30 days after (books closed on the 20th day)', () => {
    type Filing = { kind: string; name: string; periodTo: string; dueOn: string; status: string };
    const filingsAsOf = async (asOf: string) => ((await remediesDue('fs-ny', asOf)).body.filingObligations ?? []) as Filing[];
    const expected: [string, string, string][] = [
      ['fec_year_end', '2026-12-31', '2027-01-31'],
      ['fec_quarterly', '2027-03-31', '2027-04-15'],
      ['fec_quarterly', '2027-06-30', '2027-07-15'],
      ['fec_quarterly', '2027-09-30', '2027-10-15'],
      ['fec_year_end', '2027-12-31', '2028-01-31'],
      ['fec_quarterly', '2028-03-31', '2028-04-15'],
      ['fec_pre_election', '2028-05-17', '2028-05-25'],
      ['fec_quarterly', '2028-06-30', '2028-07-15'],
      ['fec_quarterly', '2028-09-30', '2028-10-15'],
      ['fec_pre_election', '2028-10-18', '2028-10-26'],
      ['fec_post_general', '2028-11-27', '2028-12-07'],
    ];
    it.each(expected)('%s closing %s is due %s: due that day, overdue the next', async (kind, periodTo, dueOn) => {
      const onTheDay = await filingsAsOf(dueOn);
      expect(onTheDay.filter((f) => f.kind === kind && f.periodTo === periodTo).map((f) => [f.dueOn, f.status])).toEqual([[dueOn, 'due']]);
      const next = new Date(Date.parse(dueOn) + 86_400_000).toISOString().slice(0, 10);
      expect((await filingsAsOf(next)).filter((f) => f.kind === kind && f.periodTo === periodTo).map((f) => f.status)).toEqual(['overdue']);
    }, TEST_MS);
  });
});
