import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { committeeStreamId, type NewEvent } from '#contracts';
import { signatureHeaderFor } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * The regulator's boundary cases for a UK party, written from PPERA 2000 and the Electoral
 * Commission's guidance rather than from this project's specs, run over HTTP on the embedded
 * platform. Each case names its section. Every expected date is written out by hand (never
 * computed with the code under test): UK days in GMT (winter) and BST (summer), day one of the
 * 30 days being the day of receipt (s.56(2)), quarterly reports due 30 days after the quarter
 * (s.65(1)), and the figures in force from 1 January 2024 (£500, £11,180, £2,230).
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const SECRET = 'e2e-webhook-secret-statute-boundaries-0123';

type Json = Record<string, unknown>;
type Line = { donationId: string; receivedOn: string; acceptedOn: string | null; valueMinor: number; aggregateInYearMinor: number; reportedBecause: string };
type Returned = { donationId: string; receivedOn: string; valueMinor: number; manner: string; dueOn: string | null; returnedOn: string | null };
type Obligation = { kind: string; name: string; periodFrom: string; periodTo: string; dueOn: string; status: string };

const voter = (name: string, postalCode = 'SW1A 1AA') => ({ type: 'individual', name, address: { postalCode, country: 'GB' }, attestations: { onUkElectoralRegister: true } });
const unattested = (name: string) => ({ type: 'individual', name, address: { postalCode: 'M1 1AA', country: 'GB' } });
const anonymous = { type: 'individual' };
const offshore = (name: string) => ({ type: 'company', name, address: { postalCode: 'KY1-1102' }, registrationNumber: 'KY12345', attestations: { carriesOnBusinessInUk: false } });

const C = 'sb-central';
const AU = 'sb-unit';
const CAMPAIGN = 'sb-year';
const UNIT_CAMPAIGN = 'sb-unit-year';
const PERKS = 'sb-perks';
// Registered (and campaigns open) since 1 December 2025, so every 2026 quarter is owed.
const REGISTERED_AT = '2025-12-01T12:00:00.000Z';

describe('PPERA 2000 at its boundaries, over HTTP (the regulator\'s cases)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  const ledger = (): LedgerStore => platform.app.get<LedgerStore>(LEDGER_STORE);

  const give = async (campaignId: string, donationId: string, amountMinor: number, donor: unknown, receivedAt?: string): Promise<Json> => {
    const body = { donationId, amountMinor, currency: 'GBP', donor, payment: { method: 'card', pspReference: `ch_${donationId}` }, ...(receivedAt ? { receivedAt } : {}) };
    const reply = await admin('POST', `/v1/campaigns/${campaignId}/donations`, body, { 'idempotency-key': `sb-${donationId}` });
    expect({ donationId, status: reply.status, body: reply.body }).toMatchObject({ status: 202 });
    return (await eventually(`donation ${donationId} decided`, () => admin('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.decision !== null)).body;
  };
  const report = (committeeId: string, name: string, query: string): Promise<HttpReply> => officer('GET', `/v1/committees/${committeeId}/reports/${name}?${query}`);
  const quarterly = async (committeeId: string, year: number, quarter: number): Promise<{ lines: Line[]; returned: Returned[] }> => {
    const reply = await report(committeeId, 'ppera-quarterly', `year=${year}&quarter=${quarter}`);
    expect(reply.status).toBe(200);
    return reply.body as never;
  };
  const lineIds = (lines: readonly { donationId: string }[], prefix: string): string[] => lines.map((l) => l.donationId).filter((id) => id.startsWith(prefix));
  const refund = async (donationId: string, amountMinor: number): Promise<void> => {
    const raw = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.refunded', donationId, pspReference: `ch_${donationId}`, amountMinor, currency: 'GBP', occurredAt: new Date().toISOString() });
    const reply = await fetch(`${platform.url}/v1/webhooks/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'hustings-signature': signatureHeaderFor([SECRET], Math.floor(Date.now() / 1000), raw) }, body: raw });
    expect(reply.status).toBeLessThan(300);
  };

  /** A committee registered in the past: its registration copies one made over HTTP today, dated then (as ppera-party-filings does). */
  async function registerBackdated(committeeId: string, jurisdiction: string, campaignIds: string[]): Promise<void> {
    const template = `${committeeId}-template`;
    expect((await admin('POST', '/v1/committees', { committeeId: template, name: template, jurisdiction, currency: 'GBP' })).status).toBe(201);
    const [registered] = await ledger().readStream(committeeStreamId(template));
    const copy: NewEvent = {
      eventId: randomUUID(),
      type: registered.type,
      version: registered.version,
      payload: { ...(registered.payload as Json), committeeId, name: `${committeeId} party` },
      metadata: { ...registered.metadata, committeeId, occurredAt: REGISTERED_AT },
    };
    await ledger().append(committeeStreamId(committeeId), [copy], 'no_stream');
    for (const campaignId of campaignIds) {
      expect((await admin('POST', '/v1/campaigns', { campaignId, committeeId, name: campaignId, currency: 'GBP', opensAt: REGISTERED_AT })).status).toBe(201);
    }
  }

  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_WEBHOOK_SECRET: SECRET });
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS)).issue('default', ['officer'], 'e2e regulator officer')).key);
    await registerBackdated(C, 'UK-PPERA-PARTY', [CAMPAIGN, PERKS]);
    await registerBackdated(AU, 'UK-PPERA-ACCOUNTING-UNIT', [UNIT_CAMPAIGN]);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    's.52(2), s.54(1), s.55: £500.00 is no donation whoever gives it; £500.01 must come from an identifiable, permissible donor',
    async () => {
      expect(await give(CAMPAIGN, 'sb-anon-500', 50_000, anonymous)).toMatchObject({ status: 'accepted', returnRequired: null });
      expect(await give(CAMPAIGN, 'sb-anon-50001', 50_001, anonymous)).toMatchObject({
        status: 'rejected',
        rejection: { code: 'ppera_unidentifiable_donor' },
        returnRequired: { action: 'return_to_transferor_or_pay_electoral_commission', amountMinor: 50_001 },
      });
      expect(await give(CAMPAIGN, 'sb-unsure-500', 50_000, unattested('Una Unsure'))).toMatchObject({ status: 'accepted', flags: [] });
      expect(await give(CAMPAIGN, 'sb-unsure-50001', 50_001, unattested('Ursula Unsure'))).toMatchObject({ status: 'flagged', flags: [{ code: 'ppera_permissibility_not_established' }] });
      expect(await give(CAMPAIGN, 'sb-offshore-500', 50_000, offshore('Tiny Offshore Ltd'))).toMatchObject({ status: 'accepted' });
      expect(await give(CAMPAIGN, 'sb-offshore-50001', 50_001, offshore('Big Offshore Ltd'))).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor', amountMinor: 50_001 } });
      expect(await give(CAMPAIGN, 'sb-voter-50001', 50_001, voter('Vic Voter'))).toMatchObject({ status: 'accepted', acceptedAmountMinor: 50_001 });
    },
    TEST_MS,
  );

  it(
    's.54(2): each class of permissible donor may give over £500, and an unregistered or non-UK one may not',
    async () => {
      const permissible: [string, Json][] = [
        ['company', { type: 'company', name: 'Widgets Ltd', address: { postalCode: 'EC1A 1BB', country: 'GB' }, registrationNumber: '01234567', attestations: { carriesOnBusinessInUk: true } }],
        ['union', { type: 'trade_union', name: 'Amalgamated Union', address: { postalCode: 'WC1A 1AA', country: 'GB' }, attestations: { listedTradeUnion: true } }],
        ['bsoc', { type: 'building_society', name: 'Thrift Building Society', address: { postalCode: 'LS1 1AA', country: 'GB' }, registrationNumber: '123B' }],
        ['llp', { type: 'llp', name: 'Partners LLP', address: { postalCode: 'B1 1AA', country: 'GB' }, registrationNumber: 'OC123456', attestations: { carriesOnBusinessInUk: true } }],
        ['fsoc', { type: 'friendly_society', name: 'Oddfellows Friendly Society', address: { postalCode: 'M2 1AA', country: 'GB' }, registrationNumber: '456F' }],
        ['assoc', { type: 'unincorporated_association', name: 'Village Dining Club', address: { postalCode: 'OX1 1AA', country: 'GB' }, attestations: { carriesOnBusinessInUk: true } }],
        ['party', { type: 'registered_party', name: 'Allied Party', address: { postalCode: 'SW1P 1AA', country: 'GB' }, registrationNumber: 'PP123' }],
      ];
      for (const [name, donor] of permissible) {
        expect({ name, decision: await give(CAMPAIGN, `sb-type-${name}`, 100_000, donor) }).toMatchObject({ decision: { status: 'accepted', acceptedAmountMinor: 100_000 } });
      }
      const notOnRegister = { ...voter('Olga Offroll'), attestations: { onUkElectoralRegister: false } };
      expect(await give(CAMPAIGN, 'sb-type-offroll', 100_000, notOnRegister)).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor' } });
      const unlisted = { type: 'trade_union', name: 'Unlisted Union', address: { postalCode: 'WC1A 2AA', country: 'GB' }, attestations: { listedTradeUnion: false } };
      expect(await give(CAMPAIGN, 'sb-type-unlisted', 100_000, unlisted)).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor' } });
      expect(await give(CAMPAIGN, 'sb-type-other', 100_000, { type: 'other', name: 'Some Trust', address: { postalCode: 'EH1 1AA', country: 'GB' } })).toMatchObject({ status: expect.stringMatching(/^(rejected|flagged)$/) });
    },
    TEST_MS,
  );

  it(
    's.56(2): the 30 days begin with the UK day of receipt, a minute either side of midnight in GMT and in BST',
    async () => {
      const cases: [string, string, string][] = [
        // 23:59 GMT on 15 January is 15 January: day 1; day 30 is 13 February.
        ['sb-due-gmt-before', '2026-01-15T23:59:00Z', '2026-02-13'],
        ['sb-due-gmt-after', '2026-01-16T00:01:00Z', '2026-02-14'],
        // 23:59 BST on 15 June is 22:59Z; 00:01 BST on 16 June is 23:01Z the evening before.
        ['sb-due-bst-before', '2026-06-15T22:59:00Z', '2026-07-14'],
        ['sb-due-bst-after', '2026-06-15T23:01:00Z', '2026-07-15'],
      ];
      for (const [id, receivedAt, dueOn] of cases) {
        expect({ id, decision: await give(CAMPAIGN, id, 60_000, anonymous, receivedAt) }).toMatchObject({ decision: { status: 'rejected', returnRequired: { action: 'return_to_transferor_or_pay_electoral_commission', dueOn } } });
      }
      // The 30th day is on time; the 31st is overdue.
      const remedy = async (asOf: string): Promise<Json | undefined> =>
        ((await report(C, 'remedies-due', `asOf=${asOf}`)).body.items as Json[]).find((i) => i.donationId === 'sb-due-bst-after');
      expect(await eventually('return listed', () => remedy('2026-07-15'), (r) => r !== undefined)).toMatchObject({ dueOn: '2026-07-15', overdue: false });
      expect(await remedy('2026-07-16')).toMatchObject({ dueOn: '2026-07-15', overdue: true });
    },
    TEST_MS,
  );

  it(
    's.62(4)-(5), Sch.6 para 5: one penny under, at and over £11,180 (central) and £2,230 (unit); reported in the quarter accepted',
    async () => {
      expect(await give(CAMPAIGN, 'sb-c-at', 1_118_000, voter('Cath Atmark'))).toMatchObject({ status: 'accepted', itemized: false, reportingMark: null });
      expect(await give(CAMPAIGN, 'sb-c-over', 1_118_001, voter('Colin Over'))).toMatchObject({ status: 'accepted', itemized: true, reportingMark: 'central_party_threshold' });
      // Aggregated: £10,679.99 + £500.00 (no donation, s.52(2)) + £500.01 = £11,180.00: not over.
      const agg = voter('Agatha Aggregate');
      await give(CAMPAIGN, 'sb-c-agg-1', 1_067_999, agg);
      expect(await give(CAMPAIGN, 'sb-c-agg-small', 50_000, agg)).toMatchObject({ reportingMark: null });
      expect(await give(CAMPAIGN, 'sb-c-agg-2', 50_001, agg)).toMatchObject({ reportingMark: null });
      expect(await give(CAMPAIGN, 'sb-c-agg-3', 50_001, agg)).toMatchObject({ itemized: true, reportingMark: 'central_party_threshold' });

      expect(await give(UNIT_CAMPAIGN, 'sb-u-at', 223_000, voter('Ulla Atmark'))).toMatchObject({ status: 'accepted', reportingMark: null });
      expect(await give(UNIT_CAMPAIGN, 'sb-u-over', 223_001, voter('Ugo Over'))).toMatchObject({ status: 'accepted', itemized: true, reportingMark: 'accounting_unit_threshold' });

      const q4 = await eventually('Q4 lists them', () => quarterly(C, 2026, 4), (r) => lineIds(r.lines, 'sb-c-').length >= 4);
      expect(lineIds(q4.lines, 'sb-c-')).toEqual(['sb-c-over', 'sb-c-agg-1', 'sb-c-agg-2', 'sb-c-agg-3']);
      expect(q4.lines.find((l) => l.donationId === 'sb-c-agg-3')).toMatchObject({ valueMinor: 50_001, aggregateInYearMinor: 1_168_001, reportedBecause: 'aggregate_over_threshold' });
      const unit = await quarterly(AU, 2026, 4);
      expect(lineIds(unit.lines, 'sb-u-')).toEqual(['sb-u-over']);
    },
    TEST_MS,
  );

  it(
    's.62(6)-(7): after the threshold, a further £2,230.00 is not reported, £2,230.01 is, and smaller ones are reported once they add up to more than £2,230',
    async () => {
      const d = voter('Dora Subsequent');
      await give(CAMPAIGN, 'sb-s-d1', 1_118_001, d);
      expect(await give(CAMPAIGN, 'sb-s-d2', 223_000, d)).toMatchObject({ status: 'accepted', reportingMark: null });
      const e = voter('Eli Subsequent');
      await give(CAMPAIGN, 'sb-s-e1', 1_118_001, e);
      expect(await give(CAMPAIGN, 'sb-s-e2', 223_001, e)).toMatchObject({ status: 'accepted', itemized: true, reportingMark: 'central_party_subsequent' });
      const f = voter('Fay Subsequent');
      await give(CAMPAIGN, 'sb-s-f1', 1_118_001, f);
      expect(await give(CAMPAIGN, 'sb-s-f2', 150_000, f)).toMatchObject({ reportingMark: null });
      // £1,500 + £1,500 since the last recorded: more than £2,230 together (s.62(6)(b)).
      expect(await give(CAMPAIGN, 'sb-s-f3', 150_000, f)).toMatchObject({ itemized: true, reportingMark: 'central_party_subsequent' });

      const q4 = await eventually('Q4 lists them', () => quarterly(C, 2026, 4), (r) => lineIds(r.lines, 'sb-s-').length >= 5);
      expect(lineIds(q4.lines, 'sb-s-')).toEqual(['sb-s-d1', 'sb-s-e1', 'sb-s-e2', 'sb-s-f1', 'sb-s-f2', 'sb-s-f3']);
      expect(q4.lines.find((l) => l.donationId === 'sb-s-e2')).toMatchObject({ reportedBecause: 'further_over_threshold', aggregateInYearMinor: 1_341_002 });
    },
    TEST_MS,
  );

  it(
    'Sch.6 para 5, s.62(3): a donation is reported in the quarter it was accepted: 31 March 23:59 against 1 April 00:00 UK time (BST)',
    async () => {
      // 31 March 2026 is in BST: 23:59 is 22:59Z, and 1 April 00:00 is 23:00Z.
      const q1 = voter('Quentin Marchend');
      const q2 = voter('Queenie Aprilstart');
      await give(CAMPAIGN, 'sb-q-march', 1_200_000, q1, '2026-03-31T22:59:00Z');
      await give(CAMPAIGN, 'sb-q-april', 1_200_000, q2, '2026-03-31T22:59:00Z');
      const correct = (donationId: string, corrected: string) => officer('POST', `/v1/donations/${donationId}/date-corrections`, { date: 'accepted', corrected, reason: 'accepted by the treasurer on this day (minutes)' });
      expect((await correct('sb-q-march', '2026-03-31T22:59:00Z')).status).toBe(201);
      expect((await correct('sb-q-april', '2026-03-31T23:00:00Z')).status).toBe(201);

      const first = await eventually('Q1 lists the March acceptance', () => quarterly(C, 2026, 1), (r) => lineIds(r.lines, 'sb-q-').length > 0);
      expect(first.lines.filter((l) => l.donationId.startsWith('sb-q-')).map((l) => [l.donationId, l.receivedOn, l.acceptedOn])).toEqual([['sb-q-march', '2026-03-31', '2026-03-31']]);
      const second = await eventually('Q2 lists the April acceptance', () => quarterly(C, 2026, 2), (r) => lineIds(r.lines, 'sb-q-').length > 0);
      expect(second.lines.filter((l) => l.donationId.startsWith('sb-q-')).map((l) => [l.donationId, l.receivedOn, l.acceptedOn])).toEqual([['sb-q-april', '2026-03-31', '2026-04-01']]);
    },
    TEST_MS,
  );

  it(
    's.62(3): a gift received at 23:59 on 31 December (GMT) and accepted in January counts towards the year of acceptance',
    async () => {
      const decided = await give(CAMPAIGN, 'sb-newyear', 60_000, voter('Nora Newyear'), '2025-12-31T23:59:00Z');
      expect(decided).toMatchObject({ status: 'accepted' });
      // Accepted now (2026 or later): never the receipt's 2025.
      expect(JSON.stringify(decided)).not.toMatch(/"calendarYear":"?2025/);
    },
    TEST_MS,
  );

  it(
    's.50(2)(b), s.52: the value is what was paid less the benefits received: a net £11,180.00 is not reportable, a net £11,180.01 is',
    async () => {
      const tier = { tierId: 'sb-dinner', name: 'Dinner', thresholdKind: 'single', thresholdMinor: 1_000_000, rewardKind: 'item', fairMarketValueMinor: 10_000, stockLimit: null };
      expect((await admin('POST', `/v1/campaigns/${PERKS}/reward-tiers`, tier)).status).toBe(201);
      await give(PERKS, 'sb-net-at', 1_128_000, voter('Nat Netat'));
      await give(PERKS, 'sb-net-over', 1_128_001, voter('Nell Netover'));
      const q4 = await eventually('Q4 nets the dinners', () => quarterly(C, 2026, 4), (r) => lineIds(r.lines, 'sb-net-').length === 1 && r.lines.some((l) => l.donationId === 'sb-net-over' && l.valueMinor === 1_118_001), 60_000);
      expect(q4.lines.filter((l) => l.donationId.startsWith('sb-net-')).map((l) => [l.donationId, l.valueMinor])).toEqual([['sb-net-over', 1_118_001]]);
    },
    TEST_MS,
  );

  it(
    's.62(1), s.65(1): each quarterly report is due 30 days after its quarter ends, on time on the 30th day and overdue on the 31st',
    async () => {
      const obligations = async (asOf: string): Promise<Obligation[]> => {
        const reply = await report(C, 'remedies-due', `asOf=${asOf}`);
        expect(reply.status).toBe(200);
        return (reply.body.filingObligations as Obligation[]).filter((o) => o.kind === 'ppera_quarterly');
      };
      const all = await obligations('2026-12-06');
      expect(all.map((o) => [o.periodFrom, o.periodTo, o.dueOn])).toEqual(
        expect.arrayContaining([
          ['2026-01-01', '2026-03-31', '2026-04-30'],
          ['2026-04-01', '2026-06-30', '2026-07-30'],
          ['2026-07-01', '2026-09-30', '2026-10-30'],
        ]),
      );
      const q1 = (asOf: string) => obligations(asOf).then((os) => os.find((o) => o.periodTo === '2026-03-31'));
      expect(await q1('2026-04-30')).toMatchObject({ status: 'due' });
      expect(await q1('2026-05-01')).toMatchObject({ status: 'overdue' });
    },
    TEST_MS,
  );

  it(
    's.63, s.65(2): weekly reports run seven days from the day dissolution is announced; each lists what was received over £11,180 in the week, due 7 days after it',
    async () => {
      // Announced Wednesday 20 May 2026 (BST), poll Thursday 25 June: five weeks and a final one.
      const period = { periodId: 'sb-ge', dissolvedOn: '2026-05-20', pollOn: '2026-06-25', partyRegisteredIn: ['great_britain'], reason: 'dissolution announced' };
      const declared = await officer('POST', `/v1/committees/${C}/general-election-periods`, period);
      expect(declared.status).toBe(201);
      expect((declared.body.weeklyReports as { from: string; to: string }[]).map((w) => [w.from, w.to])).toEqual([
        ['2026-05-20', '2026-05-26'],
        ['2026-05-27', '2026-06-02'],
        ['2026-06-03', '2026-06-09'],
        ['2026-06-10', '2026-06-16'],
        ['2026-06-17', '2026-06-23'],
        ['2026-06-24', '2026-06-25'],
      ]);
      // 23:59 BST on Tuesday 26 May (22:59Z) is week 1; 00:00 BST on 27 May (23:00Z on the 26th) is week 2.
      await give(CAMPAIGN, 'sb-w-last', 1_118_001, voter('Wendy Lastminute'), '2026-05-26T22:59:00Z');
      await give(CAMPAIGN, 'sb-w-next', 1_118_001, voter('Walt Nextweek'), '2026-05-26T23:00:00Z');
      await give(CAMPAIGN, 'sb-w-at', 1_118_000, voter('Will Atmark'), '2026-05-21T12:00:00Z');
      expect(await give(CAMPAIGN, 'sb-w-pending', 1_118_001, unattested('Paula Pending'), '2026-05-21T12:00:00Z')).toMatchObject({ status: 'flagged' });
      const weekly = async (day: string): Promise<string[]> => ((await report(C, 'ppera-weekly', `weekStarting=${day}`)).body.lines as Line[]).map((l) => l.donationId).filter((id) => id.startsWith('sb-w-'));
      expect(await eventually('week 1', () => weekly('2026-05-20'), (ids) => ids.length >= 2)).toEqual(['sb-w-pending', 'sb-w-last']);
      expect(await weekly('2026-05-27')).toEqual(['sb-w-next']);

      const owed = ((await report(C, 'remedies-due', 'asOf=2026-12-06')).body.filingObligations as Obligation[]).filter((o) => o.kind === 'ppera_weekly');
      expect(owed.map((o) => [o.periodTo, o.dueOn])).toEqual([
        ['2026-05-26', '2026-06-02'],
        ['2026-06-02', '2026-06-09'],
        ['2026-06-09', '2026-06-16'],
        ['2026-06-16', '2026-06-23'],
        ['2026-06-23', '2026-06-30'],
        ['2026-06-25', '2026-07-02'],
      ]);
    },
    TEST_MS,
  );

  it(
    's.62(9), Sch.6 para 6-7: an impermissible donation is reported with the date received, the date and manner it was dealt with, in the quarter it was dealt with',
    async () => {
      // Received on 20 March 2026 (Q1), returned to the donor now (Q4).
      expect(await give(CAMPAIGN, 'sb-r-offshore', 100_000, offshore('Returned Offshore Ltd'), '2026-03-20T12:00:00Z')).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor', dueOn: '2026-04-18' } });
      await refund('sb-r-offshore', 100_000);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      const quarterNow = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
      const now = await eventually('returned in this quarter', () => quarterly(C, Number(today.slice(0, 4)), quarterNow), (r) => r.returned.some((l) => l.donationId === 'sb-r-offshore' && l.returnedOn !== null));
      expect(now.returned.find((l) => l.donationId === 'sb-r-offshore')).toMatchObject({ receivedOn: '2026-03-20', valueMinor: 100_000, manner: 'return_to_donor', returnedOn: today });
      // Not also in the quarter it was received: a return belongs to the report of the quarter it was dealt with.
      expect((await quarterly(C, 2026, 1)).returned.filter((l) => l.donationId === 'sb-r-offshore')).toEqual([]);
      // Never among the accepted donations.
      expect(lineIds(now.lines, 'sb-r-')).toEqual([]);
    },
    TEST_MS,
  );

  const dealWith = (donationId: string, body: Json, as = officer): Promise<HttpReply> => as('POST', `/v1/donations/${donationId}/dealt-with`, body);
  const remedyOf = async (donationId: string, asOf: string): Promise<Json | undefined> =>
    ((await report(C, 'remedies-due', `asOf=${asOf}`)).body.items as Json[]).find((i) => i.donationId === donationId);

  it(
    's.56(2)(b), Sch.6 para 7: an unidentifiable donation paid to the Electoral Commission (or returned to the transferor) is reported with that manner and its date, recorded by an officer',
    async () => {
      // Received 20 March 2026 (Q1): day 30 is 18 April. Paid to the Commission on 10 April (Q2).
      expect(await give(CAMPAIGN, 'sb-ec-anon', 60_000, anonymous, '2026-03-20T12:00:00Z')).toMatchObject({ returnRequired: { action: 'return_to_transferor_or_pay_electoral_commission', dueOn: '2026-04-18' } });
      expect(await give(CAMPAIGN, 'sb-ec-transfer', 70_000, anonymous, '2026-05-05T12:00:00Z')).toMatchObject({ status: 'rejected' });
      expect(await give(CAMPAIGN, 'sb-ec-voter', 60_000, voter('Kept Voter'))).toMatchObject({ status: 'accepted' });
      expect(await eventually('its return is due', () => remedyOf('sb-ec-anon', '2026-04-10'), (r) => r !== undefined)).toMatchObject({ dueOn: '2026-04-18', overdue: false });

      const paid = { manner: 'paid_to_electoral_commission', dealtWithOn: '2026-04-10', reference: 'EC/2026/0410', reason: 'the transferor could not be identified' };
      // Only an officer records it; a malformed body is 400; the statute's refusals are 422; another record is 409.
      const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
      const clerk = apiAs(platform.url, (await keys.issue('default', ['intake'], 'e2e intake clerk')).key);
      expect((await dealWith('sb-ec-anon', paid, clerk)).status).toBe(403);
      expect(await dealWith('sb-ec-anon', { ...paid, manner: 'burnt' })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      expect(await dealWith('sb-ec-anon', { ...paid, reason: undefined })).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      // A malformed day is the API's date_invalid (422), as for every calendar day it reads.
      expect(await dealWith('sb-ec-anon', { ...paid, dealtWithOn: '10 April' })).toMatchObject({ status: 422, body: { code: 'date_invalid' } });
      expect(await dealWith('sb-ec-missing', paid)).toMatchObject({ status: 404 });
      expect(await dealWith('sb-ec-anon', { ...paid, manner: 'return_to_donor' })).toMatchObject({ status: 422, body: { code: 'disposal_manner_not_allowed' } });
      expect(await dealWith('sb-ec-anon', { ...paid, dealtWithOn: '2026-03-19' })).toMatchObject({ status: 422, body: { code: 'disposal_date_invalid' } });
      expect(await dealWith('sb-ec-anon', { ...paid, dealtWithOn: '2099-01-01' })).toMatchObject({ status: 422, body: { code: 'disposal_date_invalid' } });
      expect(await dealWith('sb-ec-voter', paid)).toMatchObject({ status: 422, body: { code: 'donation_not_impermissible' } });

      expect(await dealWith('sb-ec-anon', paid)).toMatchObject({ status: 201, body: { required: 'return_to_transferor_or_pay_electoral_commission', dueOn: '2026-04-18', recorded: true, dealtWith: { manner: 'paid_to_electoral_commission', dealtWithOn: '2026-04-10' } } });
      expect(await dealWith('sb-ec-anon', paid)).toMatchObject({ status: 200, body: { recorded: false } });
      expect(await dealWith('sb-ec-anon', { ...paid, dealtWithOn: '2026-04-11' })).toMatchObject({ status: 409, body: { code: 'donation_already_dealt_with' } });
      expect(await dealWith('sb-ec-transfer', { manner: 'return_to_transferor', dealtWithOn: '2026-05-12', reason: 'the platform that passed it on was identified' })).toMatchObject({ status: 201 });
      expect((await admin('GET', '/v1/donations/sb-ec-anon')).body).toMatchObject({ dealtWith: { manner: 'paid_to_electoral_commission', dealtWithOn: '2026-04-10', reference: 'EC/2026/0410' } });

      // Reported in the quarter it was dealt with (s.62(9)), with the manner used and its day.
      const q2 = await eventually('Q2 lists both', () => quarterly(C, 2026, 2), (r) => r.returned.filter((l) => l.donationId.startsWith('sb-ec-') && l.returnedOn !== null).length === 2);
      expect(q2.returned.filter((l) => l.donationId.startsWith('sb-ec-')).map((l) => [l.donationId, l.receivedOn, l.manner, l.dueOn, l.returnedOn])).toEqual([
        ['sb-ec-anon', '2026-03-20', 'paid_to_electoral_commission', '2026-04-18', '2026-04-10'],
        ['sb-ec-transfer', '2026-05-05', 'return_to_transferor', '2026-06-03', '2026-05-12'],
      ]);
      expect((await quarterly(C, 2026, 1)).returned.filter((l) => l.donationId.startsWith('sb-ec-'))).toEqual([]);
      expect(lineIds(q2.lines, 'sb-ec-')).toEqual([]);
      // The remedy is closed, as a refund closes it.
      expect(await eventually('its return is no longer due', () => remedyOf('sb-ec-anon', '2026-04-10'), (r) => r === undefined)).toBeUndefined();
    },
    TEST_MS,
  );

  it(
    's.56(3)-(4), s.58: a donation not dealt with within the 30 days is forfeit, and the report shows it as forfeited',
    async () => {
      // Received 10 January 2026 (GMT): day 30 is 8 February; from the 9th it is overdue, and may be forfeited by order.
      expect(await give(CAMPAIGN, 'sb-ff-offshore', 150_000, offshore('Forfeit Offshore Ltd'), '2026-01-10T12:00:00Z')).toMatchObject({ returnRequired: { action: 'return_to_donor', dueOn: '2026-02-08' } });
      expect(await eventually('overdue on the 31st day', () => remedyOf('sb-ff-offshore', '2026-02-09'), (r) => r !== undefined)).toMatchObject({ dueOn: '2026-02-08', overdue: true });

      const order = { manner: 'forfeited', dealtWithOn: '2026-05-15', reference: 'Westminster Magistrates FO/2026/7', reason: 'forfeiture order on the Commission\'s application' };
      expect(await dealWith('sb-ff-offshore', { ...order, reference: undefined })).toMatchObject({ status: 422, body: { code: 'forfeiture_order_required' } });
      expect(await dealWith('sb-ff-offshore', { ...order, dealtWithOn: '2026-02-08' })).toMatchObject({ status: 422, body: { code: 'forfeiture_not_available' } });
      expect(await dealWith('sb-ff-offshore', { ...order, manner: 'paid_to_electoral_commission' })).toMatchObject({ status: 422, body: { code: 'disposal_manner_not_allowed' } });
      expect(await dealWith('sb-ff-offshore', order)).toMatchObject({ status: 201, body: { dealtWith: { manner: 'forfeited', dealtWithOn: '2026-05-15' } } });

      const q2 = await eventually('Q2 shows it forfeited', () => quarterly(C, 2026, 2), (r) => r.returned.some((l) => l.donationId === 'sb-ff-offshore' && l.returnedOn !== null));
      expect(q2.returned.find((l) => l.donationId === 'sb-ff-offshore')).toMatchObject({ receivedOn: '2026-01-10', valueMinor: 150_000, manner: 'forfeited', dueOn: '2026-02-08', returnedOn: '2026-05-15' });
      expect((await quarterly(C, 2026, 1)).returned.filter((l) => l.donationId === 'sb-ff-offshore')).toEqual([]);
      expect(await eventually('no longer due', () => remedyOf('sb-ff-offshore', '2026-05-20'), (r) => r === undefined)).toBeUndefined();
    },
    TEST_MS,
  );
});
