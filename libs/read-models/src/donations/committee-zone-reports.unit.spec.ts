import { fortyEightHourNotices, noticeWindow } from './forty-eight-hour-notices.report.js';
import { scheduleA } from './schedule-a.report.js';
import { disclosedViews, ELECTIONS, PRIMARY, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';
import { fecDate, instantInZone, localDayOf } from '../reports/report-format.js';

// Issue 14, item 1: FEC filings date contributions, and count their windows, on the committee's
// local calendar day (America/New_York here), never on the UTC day.
const NY = 'America/New_York';

describe('11 CFR 104.3(a)(4)(i) (Schedule A contribution date) on the committee local day', () => {
  it('dates a gift at 23:59 in New York on 1 March as 1 March, and one at 00:00 on 2 March as 2 March', () => {
    expect(fecDate('2026-03-02T04:59:00.000Z', NY)).toBe('20260301');
    expect(fecDate('2026-03-02T05:00:00.000Z', NY)).toBe('20260302');
  });

  it('given a report period named by days, then it runs from local midnight to local midnight', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    // 23:59 on 31 March local (03:59Z on 1 April, EDT) belongs to Q1; 00:00 on 1 April local to Q2.
    l.received('q1-last', 'dA', '2026-04-01T03:59:00.000Z', 30_000, { electionId: PRIMARY }).accepted('q1-last', 'dA', '2026-04-01T04:00:00.000Z', 30_000, PRIMARY, true);
    l.received('q2-first', 'dA', '2026-04-01T04:00:00.000Z', 30_000, { electionId: PRIMARY }).accepted('q2-first', 'dA', '2026-04-01T04:00:01.000Z', 30_000, PRIMARY, true);
    const rows = [...l.donationRows().values()];
    const committee = { committeeId: 'cmte-us', elections: ELECTIONS, timeZone: NY };
    const q1 = scheduleA({ committee, rows, donors: new Map(), from: instantInZone('2026-01-01', NY), to: instantInZone('2026-04-01', NY) });
    const q2 = scheduleA({ committee, rows, donors: new Map(), from: instantInZone('2026-04-01', NY), to: instantInZone('2026-07-01', NY) });
    expect(q1.lines.map((line) => [line.donationId, line.record.contribution_date])).toEqual([['q1-last', '20260331']]);
    expect(q2.lines.map((line) => [line.donationId, line.record.contribution_date])).toEqual([['q2-first', '20260401']]);
  });
});

describe('11 CFR 104.5(f) 48-hour notices on the committee local day', () => {
  it('given the general on 3 November 2026 in New York, then the window opens at local midnight on 15 October and closes 48 hours before 00:01 local on election day', () => {
    // 15 October is EDT (UTC-4); election day, after daylight saving ends on 1 November, EST (UTC-5).
    expect(noticeWindow('2026-11-03', NY)).toEqual({ from: '2026-10-15T04:00:00.000Z', to: '2026-11-01T05:01:00.000Z' });
  });

  it('given $1,000 gifts a minute either side of local midnight at each edge, then only those inside are noticed', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    // The primary on 2 June: window from 14 May 00:00 EDT (04:00Z) to 31 May 00:01 EDT (04:01Z).
    l.received('before', 'd1', '2026-05-14T03:59:00.000Z', 100_000).received('first', 'd2', '2026-05-14T04:00:00.000Z', 100_000);
    l.received('utc-day-inside', 'd3', '2026-05-14T02:00:00.000Z', 100_000);
    l.received('last', 'd4', '2026-05-31T04:00:59.999Z', 100_000).received('late', 'd5', '2026-05-31T04:01:00.000Z', 100_000);
    const notices = fortyEightHourNotices({ committeeId: 'cmte-us', elections: [ELECTIONS[0]], rows: [...l.donationRows().values()], donors: new Map(), timeZone: NY });
    // 02:00Z on 14 May is 22:00 on 13 May in New York: before the window, though inside it by the UTC day.
    expect(notices.lines.map((n) => n.donationId)).toEqual(['first', 'last']);
    expect(notices.timeZone).toBe(NY);
  });
});

describe('remedies and review deadlines on the committee local day', () => {
  it('reads an instant as its local day and a bare day as itself', () => {
    expect(localDayOf('2026-05-21T03:59:00.000Z', NY)).toBe('2026-05-20');
    expect(localDayOf('2026-05-21T04:00:00.000Z', NY)).toBe('2026-05-21');
    expect(localDayOf('2026-05-21', NY)).toBe('2026-05-21');
  });
});

describe('the FEC JSON date of a Schedule A line on the committee local day', () => {
  it('dates a gift at 23:59 in New York on 31 March as 2026-03-31', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    l.received('late', 'dA', '2026-04-01T03:59:00.000Z', 30_000, { electionId: PRIMARY }).accepted('late', 'dA', '2026-04-01T04:00:00.000Z', 30_000, PRIMARY, true);
    const rows = [...l.donationRows().values()];
    const report = scheduleA({ committee: { committeeId: 'cmte-us', elections: ELECTIONS, timeZone: NY }, rows, donors: disclosedViews(rows), from: instantInZone('2026-01-01', NY), to: instantInZone('2026-04-01', NY) });
    expect(report.lines[0].transaction).toMatchObject({ contribution_date: '2026-03-31' });
  });
});
