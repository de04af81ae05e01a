import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addDays, dayInZone, startOfDayInZone } from '#compliance-rules';
import { committeeStreamId, type NewEvent } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * A UK party's general election period, its filings and its accounting units, recorded by an
 * officer over HTTP on the embedded platform (issue 14, items 8, 10, 11): the weekly pre-poll
 * report exists only for the declared weeks and lists what was received in the week over
 * £11,180, accepted or pending; a recorded filing is filed, not overdue; the central quarterly
 * report covers a linked unit and a source's party-wide total one penny under, at and over
 * £11,180. Refusals are problem+json, and only officers record.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const ZONE = 'Europe/London';

type Json = Record<string, unknown>;
type Line = { donationId: string; donorId: string; valueMinor: number; madeTo?: string; treatedAsMadeToParty?: boolean };

const today = dayInZone(new Date().toISOString(), ZONE) as string;
// A period that is over: dissolution 31 days ago, the poll 10 days ago (three full weeks and a final one).
const dissolvedOn = addDays(today, -31);
const pollOn = addDays(today, -10);
const week = (n: number) => ({ from: addDays(dissolvedOn, 7 * (n - 1)), to: addDays(dissolvedOn, 7 * (n - 1) + 6) });
const noonOf = (day: string): string => `${day}T12:00:00.000Z`;
const quarterOf = (day: string) => ({ year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 });

const voter = (name: string, postalCode: string) => ({ type: 'individual', name, address: { postalCode, country: 'GB' }, attestations: { onUkElectoralRegister: true } });
const unattested = (name: string) => ({ type: 'individual', name, address: { postalCode: 'M1 1AA', country: 'GB' } });
const offshore = { type: 'company', name: 'Offshore Holdings Ltd', address: { postalCode: 'KY1-1102' }, registrationNumber: 'KY12345', attestations: { carriesOnBusinessInUk: false } };

describe('a UK party records its election period, filings and accounting units over HTTP', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let intakeKey: ReturnType<typeof apiAs>;
  let auditor: ReturnType<typeof apiAs>;
  let otherTenant: ReturnType<typeof apiAs>;

  const give = async (campaignId: string, donationId: string, amountMinor: number, donor: unknown, receivedAt?: string): Promise<Json> => {
    const body = { donationId, amountMinor, currency: 'GBP', donor, payment: { method: 'card', pspReference: `ch_${donationId}` }, ...(receivedAt ? { receivedAt } : {}) };
    const reply = await admin('POST', `/v1/campaigns/${campaignId}/donations`, body, { 'idempotency-key': `pf-${donationId}` });
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 202 });
    return (await eventually(`donation ${donationId} decided`, () => admin('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.decision !== null)).body;
  };
  const report = (client: ReturnType<typeof apiAs>, committeeId: string, name: string, query: string): Promise<HttpReply> => client('GET', `/v1/committees/${committeeId}/reports/${name}?${query}`);
  const expectProblem = (reply: HttpReply, status: number, code?: string): void => {
    expect({ status: reply.status, contentType: reply.headers.get('content-type') }).toEqual({ status, contentType: expect.stringContaining('application/problem+json') });
    expect(reply.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    if (code) expect(reply.body.type).toBe(`https://hustings.dev/problems/${code.replaceAll('_', '-')}`);
  };

  /**
   * The party registered with us two months ago: a filing is recorded only for a report the party
   * owes, one whose period closed since it registered, and a committee registered over HTTP today
   * owes none yet. Its registration is written to the ledger as a copy of one made over HTTP, dated then.
   */
  async function registerTwoMonthsAgo(committeeId: string, jurisdiction: string, campaignId: string): Promise<void> {
    const template = `${committeeId}-template`;
    expect((await admin('POST', '/v1/committees', { committeeId: template, name: template, jurisdiction, currency: 'GBP' })).status).toBe(201);
    const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    const [registered] = await ledger.readStream(committeeStreamId(template));
    const occurredAt = noonOf(addDays(today, -60));
    const copy: NewEvent = {
      eventId: randomUUID(),
      type: registered.type,
      version: registered.version,
      payload: { ...(registered.payload as Json), committeeId, name: `${committeeId} party` },
      metadata: { ...registered.metadata, committeeId, occurredAt },
    };
    await ledger.append(committeeStreamId(committeeId), [copy], 'no_stream');
    const campaign = await admin('POST', '/v1/campaigns', { campaignId, committeeId, name: campaignId, currency: 'GBP', opensAt: occurredAt });
    expect(campaign.status).toBe(201);
  }

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    intakeKey = apiAs(platform.url, (await keys.issue('default', ['intake'], 'e2e intake')).key);
    auditor = apiAs(platform.url, (await keys.issue('default', ['auditor'], 'e2e auditor')).key);
    otherTenant = apiAs(platform.url, (await keys.issue('party-b', ['officer'], 'e2e other party')).key);
    await registerTwoMonthsAgo('pf-central', 'UK-PPERA-PARTY', 'pf-general');
    await registerTwoMonthsAgo('pf-unit', 'UK-PPERA-ACCOUNTING-UNIT', 'pf-unit-general');
    expect((await admin('POST', '/v1/committees', { committeeId: 'pf-other-party', name: 'Other party', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  const period = { periodId: 'ge-test', dissolvedOn, pollOn, partyRegisteredIn: ['great_britain'], reason: 'Parliament dissolved by proclamation' };

  it(
    'declares a general election period once; a weekly report exists only for its weeks, listing what was received over £11,180, accepted or pending',
    async () => {
      // Before any period is declared, no week has a report.
      expectProblem(await report(officer, 'pf-central', 'ppera-weekly', `weekStarting=${week(1).from}`), 400);

      const declared = await officer('POST', '/v1/committees/pf-central/general-election-periods', period);
      expect(declared.status).toBe(201);
      expect(declared.body).toMatchObject({ committeeId: 'pf-central', recorded: true, periodId: 'ge-test', weeklyReportsOwed: true });
      const weeks = declared.body.weeklyReports as { week: number; from: string; to: string; final: boolean }[];
      expect(weeks.map((w) => [w.from, w.to, w.final])).toEqual([
        [week(1).from, week(1).to, false],
        [week(2).from, week(2).to, false],
        [week(3).from, week(3).to, false],
        [pollOn, pollOn, true],
      ]);
      const again = await officer('POST', '/v1/committees/pf-central/general-election-periods', period);
      expect(again).toMatchObject({ status: 200, body: { recorded: false } });

      const inWeek1 = noonOf(addDays(week(1).from, 2));
      expect(await give('pf-general', 'wk-over', 1_118_001, voter('Olive Over', 'SW1A 1AA'), inWeek1)).toMatchObject({ status: 'accepted' });
      expect(await give('pf-general', 'wk-at', 1_118_000, voter('Adam Atmark', 'SW1A 2AA'), inWeek1)).toMatchObject({ status: 'accepted' });
      expect(await give('pf-general', 'wk-pending', 1_118_001, unattested('Pat Pending'), inWeek1)).toMatchObject({ status: 'flagged' });
      expect(await give('pf-general', 'wk-refused', 2_000_000, offshore, inWeek1)).toMatchObject({ status: 'rejected' });
      // The last minute of the week and the first of the next, on UK time.
      expect(await give('pf-general', 'wk-last-minute', 1_500_000, voter('Lena Late', 'EH1 1YZ'), new Date(Date.parse(startOfDayInZone(week(2).from, ZONE)) - 60_000).toISOString())).toMatchObject({ status: 'accepted' });
      expect(await give('pf-general', 'wk-next', 1_500_000, voter('Nick Next', 'CF10 1AA'), startOfDayInZone(week(2).from, ZONE))).toMatchObject({ status: 'accepted' });

      const first = await eventually('week 1 lists its four', () => report(officer, 'pf-central', 'ppera-weekly', `weekStarting=${week(1).from}`), (r) => r.status === 200 && (r.body.lines as Line[]).length >= 3);
      expect(first.body).toMatchObject({ committeeId: 'pf-central', periodId: 'ge-test', week: 1, weekStarting: week(1).from, weekEnding: week(1).to, nil: false });
      expect((first.body.lines as Line[]).map((l) => [l.donationId, l.valueMinor])).toEqual([
        ['wk-over', 1_118_001],
        ['wk-pending', 1_118_001],
        ['wk-last-minute', 1_500_000],
      ]);
      const second = await report(officer, 'pf-central', 'ppera-weekly', `weekStarting=${week(2).from}`);
      expect((second.body.lines as Line[]).map((l) => l.donationId)).toEqual(['wk-next']);
      const third = await report(auditor, 'pf-central', 'ppera-weekly', `weekStarting=${week(3).from}`);
      expect(third).toMatchObject({ status: 200, body: { week: 3, nil: true, lines: [] } });
      const final = await report(officer, 'pf-central', 'ppera-weekly', `weekStarting=${pollOn}`);
      expect(final).toMatchObject({ status: 200, body: { week: 4, weekStarting: pollOn, weekEnding: pollOn, nil: true } });

      // Any other day begins no reporting period: 400, saying which days do.
      for (const day of [addDays(week(1).from, 1), addDays(dissolvedOn, -7), addDays(pollOn, 1)]) {
        const other = await report(officer, 'pf-central', 'ppera-weekly', `weekStarting=${day}`);
        expectProblem(other, 400);
        expect(String(other.body.detail)).toContain(week(1).from);
      }
      expectProblem(await report(officer, 'pf-central', 'ppera-weekly', 'weekStarting=2026-02-30'), 400);
      // An accounting unit files no weekly report of its own (s.63(3)(b)).
      expectProblem(await report(officer, 'pf-unit', 'ppera-weekly', `weekStarting=${week(1).from}`), 400);
    },
    TEST_MS,
  );

  it(
    'refuses a bad period as problem+json, and lets only the party\'s officers record one',
    async () => {
      const path = '/v1/committees/pf-central/general-election-periods';
      expectProblem(await officer('POST', path, { ...period, periodId: 'ge-bad', pollOn: addDays(dissolvedOn, -1) }), 422, 'general_election_period_invalid');
      expectProblem(await officer('POST', path, { ...period, periodId: 'ge-long', pollOn: addDays(dissolvedOn, 61) }), 422, 'general_election_period_invalid');
      expectProblem(await officer('POST', path, { ...period, periodId: 'ge-no-day', dissolvedOn: '2026-02-30' }), 422);
      expectProblem(await officer('POST', path, { ...period, periodId: 'ge-no-reason', reason: undefined }), 400);
      expectProblem(await officer('POST', path, { ...period, periodId: 'ge-where', partyRegisteredIn: ['wales'] }), 400);
      expectProblem(await officer('POST', path, [period]), 400);
      expectProblem(await officer('POST', '/v1/committees/pf-unit/general-election-periods', { ...period, periodId: 'ge-unit' }), 422, 'general_election_period_invalid');

      expectProblem(await intakeKey('POST', path, { ...period, periodId: 'ge-intake' }), 403);
      expectProblem(await auditor('POST', path, { ...period, periodId: 'ge-auditor' }), 403);
      expectProblem(await apiAs(platform.url, null)('POST', path, { ...period, periodId: 'ge-anon' }), 401);
      expectProblem(await otherTenant('POST', path, { ...period, periodId: 'ge-other' }), 404, 'committee_not_found');
      expectProblem(await intakeKey('POST', '/v1/committees/pf-central/filings', { kind: 'ppera_weekly', periodTo: week(1).to, filedOn: today }), 403);
      expectProblem(await intakeKey('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-unit', reason: 'registered' }), 403);

      // Only the declared period stands.
      const periods = (await officer('POST', path, period)).body;
      expect(periods).toMatchObject({ recorded: false, periodId: 'ge-test' });
    },
    TEST_MS,
  );

  it(
    'tracks each weekly report as an obligation: overdue until its filing is recorded, then filed and not overdue',
    async () => {
      const obligations = async (): Promise<{ kind: string; periodTo: string; status: string; filedOn: string | null; filedLate: boolean; dueOn: string }[]> => {
        const reply = await report(officer, 'pf-central', 'remedies-due', '');
        expect(reply.status).toBe(200);
        return (reply.body.filingObligations as never[]).filter((o: { kind: string }) => o.kind === 'ppera_weekly');
      };
      const before = await obligations();
      expect(before.map((o) => [o.periodTo, o.dueOn, o.status])).toEqual([
        [week(1).to, addDays(week(1).to, 7), 'overdue'],
        [week(2).to, addDays(week(2).to, 7), 'overdue'],
        [week(3).to, addDays(week(3).to, 7), addDays(week(3).to, 7) < today ? 'overdue' : 'due'],
        [pollOn, addDays(pollOn, 7), addDays(pollOn, 7) < today ? 'overdue' : 'due'],
      ]);

      const filedOn = addDays(week(1).to, 3);
      const filing = { kind: 'ppera_weekly', periodTo: week(1).to, filedOn, reference: 'EC-W1', reason: 'delivered through PEF Online' };
      const recorded = await officer('POST', '/v1/committees/pf-central/filings', filing);
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ recorded: true, obligation: { kind: 'ppera_weekly', periodTo: week(1).to, status: 'filed', filedOn, filedLate: false } });
      expect((await officer('POST', '/v1/committees/pf-central/filings', filing)).body).toMatchObject({ recorded: false });

      const after = await obligations();
      expect(after.find((o) => o.periodTo === week(1).to)).toMatchObject({ status: 'filed', filedOn, filedLate: false });
      expect(after.find((o) => o.periodTo === week(2).to)).toMatchObject({ status: 'overdue', filedOn: null });

      // A report the party does not owe, a day before its period ends, a day after today.
      expectProblem(await officer('POST', '/v1/committees/pf-central/filings', { ...filing, periodTo: addDays(week(1).to, 1) }), 404, 'filing_unknown');
      expectProblem(await officer('POST', '/v1/committees/pf-central/filings', { ...filing, periodTo: week(2).to, filedOn: week(2).to }), 422, 'filing_invalid');
      expectProblem(await officer('POST', '/v1/committees/pf-central/filings', { ...filing, periodTo: week(2).to, filedOn: addDays(today, 1) }), 422, 'filing_invalid');
      expectProblem(await officer('POST', '/v1/committees/pf-central/filings', { ...filing, kind: 'fec_quarterly' }), 404, 'filing_unknown');
      expectProblem(await officer('POST', '/v1/committees/pf-central/filings', { ...filing, kind: 'weekly' }), 400);
    },
    TEST_MS,
  );

  it(
    'links an accounting unit; the central quarterly report covers its donations and a source whose party-wide total passes £11,180',
    async () => {
      const linked = await officer('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-unit', reason: 'registered as an accounting unit with the Commission' });
      expect(linked).toMatchObject({ status: 201, body: { centralCommitteeId: 'pf-central', unitCommitteeId: 'pf-unit', recorded: true, accountingUnits: ['pf-unit'] } });
      expect((await officer('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-unit', reason: 'again' })).status).toBe(200);
      expectProblem(await officer('POST', '/v1/committees/pf-other-party/accounting-units', { unitCommitteeId: 'pf-unit', reason: 'stolen' }), 409, 'accounting_unit_already_linked');
      expectProblem(await officer('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-other-party', reason: 'a party is no unit' }), 422, 'accounting_unit_invalid');
      expectProblem(await officer('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-unit' }), 400);
      expectProblem(await officer('POST', '/v1/committees/pf-central/accounting-units', { unitCommitteeId: 'pf-nobody', reason: 'who' }), 404, 'committee_not_found');

      // £2,230.00 to the unit is not reportable there (over £2,230 is); the rest to the central party.
      const sources = [
        ['under', 894_999],
        ['at', 895_000],
        ['over', 895_001],
      ] as const;
      for (const [name, centralMinor] of sources) {
        const donor = voter(`Sam ${name[0].toUpperCase()}${name.slice(1)}source`, 'LS1 1UR');
        expect(await give('pf-unit-general', `party-${name}-unit`, 223_000, donor)).toMatchObject({ status: 'accepted', reportingMark: null });
        expect(await give('pf-general', `party-${name}-central`, centralMinor, donor)).toMatchObject({ status: 'accepted', reportingMark: null });
      }

      const { year, quarter } = quarterOf(today);
      const quarterly = await eventually(
        'the quarter covers the unit',
        () => report(officer, 'pf-central', 'ppera-quarterly', `year=${year}&quarter=${quarter}`),
        (r) => r.status === 200 && (r.body.lines as Line[]).some((l) => l.donationId === 'party-over-unit'),
      );
      const lines = quarterly.body.lines as Line[];
      const party = lines.filter((l) => l.donationId.startsWith('party-'));
      expect(party.map((l) => [l.donationId, l.madeTo, l.treatedAsMadeToParty, l.valueMinor])).toEqual([
        ['party-over-unit', 'pf-unit party', true, 223_000],
        ['party-over-central', 'Central Party', true, 895_001],
      ]);
      expect(quarterly.body.accountingUnits).toEqual([{ committeeId: 'pf-unit', name: 'pf-unit party' }]);
      const overSource = party[0].donorId;
      expect(quarterly.body.sourceTotals).toEqual(expect.arrayContaining([{ donorId: overSource, centralMinor: 895_001, unitsMinor: { 'pf-unit': 223_000 }, partyMinor: 1_118_001 }]));

      // The unit's own report, at its own level, lists none of them.
      const unitReport = await report(officer, 'pf-unit', 'ppera-quarterly', `year=${year}&quarter=${quarter}`);
      expect((unitReport.body.lines as Line[]).filter((l) => l.donationId.startsWith('party-'))).toEqual([]);
      expectProblem(await report(officer, 'pf-central', 'ppera-quarterly', `year=${year}&quarter=5`), 400);
      expectProblem(await report(otherTenant, 'pf-central', 'ppera-quarterly', `year=${year}&quarter=${quarter}`), 404);
    },
    TEST_MS,
  );
});
