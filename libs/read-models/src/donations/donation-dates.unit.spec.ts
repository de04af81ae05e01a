import { pperaQuarterlyReport } from './ppera.report.js';
import { scheduleA } from './schedule-a.report.js';
import { ELECTIONS, PRIMARY, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';
import { instantInZone } from '../reports/report-format.js';

// Issue 14, item 2: reports date a donation by its dates as corrected (a ledger fact with a
// reason), and carry its deposit against 11 CFR 103.3(a).
const NY = 'America/New_York';

describe('a corrected date of receipt on Schedule A (11 CFR 104.3(a)(4)(i))', () => {
  const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
  // Keyed in at 10:00 EDT on 2 April; the cheque arrived at 16:00 on 31 March.
  l.received('chk', 'dA', '2026-04-02T14:00:00.000Z', 30_000, { electionId: PRIMARY, method: 'check' }).accepted('chk', 'dA', '2026-04-02T14:00:01.000Z', 30_000, PRIMARY, true);
  l.deposited('chk', 'dA', '2026-04-03T14:00:00.000Z', '2026-04-03', '2026-04-12', false);
  l.dateCorrected('chk', 'dA', '2026-04-06T14:00:00.000Z', 'received', '2026-04-02T14:00:00.000Z', '2026-03-31T20:00:00.000Z', { dueOn: '2026-04-10', late: false });
  const rows = [...l.donationRows().values()];
  const committee = { committeeId: 'cmte-us', elections: ELECTIONS, timeZone: NY };

  it('given a receipt corrected from 2 April back to 31 March, then the line is in Q1, dated 31 March, and the row keeps its deposit against the new deadline', () => {
    const q1 = scheduleA({ committee, rows, donors: new Map(), from: instantInZone('2026-01-01', NY), to: instantInZone('2026-04-01', NY) });
    const q2 = scheduleA({ committee, rows, donors: new Map(), from: instantInZone('2026-04-01', NY), to: instantInZone('2026-07-01', NY) });
    expect(q1.lines.map((line) => [line.donationId, line.record.contribution_date])).toEqual([['chk', '20260331']]);
    expect(q2.lines).toEqual([]);
    expect(rows[0]).toMatchObject({ deposit: { depositedOn: '2026-04-03', dueOn: '2026-04-10', late: false }, dateCorrections: 1 });
  });
});

describe('PPERA Sch.6 para 5: a corrected date of acceptance decides the quarter', () => {
  it('given £12,000 accepted on 2 April and that acceptance corrected to 31 March (the officer verified it then), then it is in Q1', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('late', 'dQ', '2026-03-30T12:00:00.000Z', 1_200_000).accepted('late', 'dQ', '2026-04-02T09:00:00.000Z', 1_200_000, null);
    l.dateCorrected('late', 'dQ', '2026-04-03T09:00:00.000Z', 'accepted', '2026-04-02T09:00:00.000Z', '2026-03-31T16:00:00.000Z');
    const report = (quarter: number) => pperaQuarterlyReport({ committeeId: 'cmte-uk', rows: [...l.donationRows().values()], donors: new Map(), year: 2026, quarter, benefits: new Map() });
    expect(report(1).lines.map((line) => [line.donationId, line.acceptedOn])).toEqual([['late', '2026-03-31']]);
    expect(report(2).lines).toEqual([]);
  });

  it('given a corrected acceptance and then a later acceptance fact, then the officer’s correction stands', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('d', 'dQ', '2026-03-30T12:00:00.000Z', 1_200_000).accepted('d', 'dQ', '2026-04-02T09:00:00.000Z', 1_200_000, null);
    l.dateCorrected('d', 'dQ', '2026-04-03T09:00:00.000Z', 'accepted', '2026-04-02T09:00:00.000Z', '2026-03-31T16:00:00.000Z');
    l.accepted('d', 'dQ', '2026-04-04T09:00:00.000Z', 1_200_000, null);
    expect([...l.donationRows().values()][0].acceptedAt).toBe('2026-03-31T16:00:00.000Z');
  });
});
