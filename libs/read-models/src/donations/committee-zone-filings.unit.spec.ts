import { fecReport, coverageDays, quarterCode } from './fec-report.js';
import { form6Notices } from './form-6.js';
import { fortyEightHourNotices } from './forty-eight-hour-notices.report.js';
import { scheduleB } from './schedule-b.report.js';
import { disclosedViews, ELECTIONS, GENERAL, PRIMARY, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';
import { instantInZone } from '../reports/report-format.js';

// Issue 14, item 1: Form 6, Schedule B and the Form 3 cover page read every date on the
// committee's local calendar day, never the UTC day.
const NY = 'America/New_York';
const LONDON = 'Europe/London';
const signer = { filerCommitteeId: 'C00123456', committeeName: 'Pat for Congress', signerName: 'Jane Q. Treasurer' };

describe('11 CFR 104.5(f) Form 6 contribution dates on the committee local day', () => {
  const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
  // 23:30 EDT on 20 May is 03:30Z on 21 May; 00:30Z on 22 May is 20:30 EDT on 21 May.
  l.received('late-evening', 'd1', '2026-05-21T03:30:00.000Z', 100_000, { electionId: PRIMARY }).accepted('late-evening', 'd1', '2026-05-21T03:30:01.000Z', 100_000, PRIMARY, true);
  l.received('utc-after-midnight', 'd2', '2026-05-22T00:30:00.000Z', 150_000, { electionId: PRIMARY }).accepted('utc-after-midnight', 'd2', '2026-05-22T00:30:01.000Z', 150_000, PRIMARY, true);
  const rows = [...l.donationRows().values()];
  const notices = fortyEightHourNotices({ committeeId: 'cmte-us', elections: [ELECTIONS[0]], rows, donors: disclosedViews(rows), timeZone: NY });

  it('given a $1,000 gift at 23:30 in New York on 20 May and one at 00:30Z on 22 May, then the F65 records are dated 20 and 21 May', () => {
    const [form] = form6Notices(notices, signer);
    expect(form.contributions.map((c) => [c.contribution_date, c.contribution_amount])).toEqual([['2026-05-20', 1000], ['2026-05-21', 1500]]);
  });

  it('given no signing day, then the notice is signed on the local day of its last contribution, and its file is named by that day', () => {
    const [form] = form6Notices(notices, signer);
    expect(form.form.date_signed).toBe('2026-05-21');
    expect(form.fileName).toBe('C00123456_F6N_P2026_20260521.fec');
  });
});

describe('11 CFR 104.3(b)(4)(vi) Schedule B refund dates and cycles on the committee local day', () => {
  const committee = { committeeId: 'cmte-us', elections: ELECTIONS, timeZone: NY };
  const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
  l.received('g1', 'dA', '2026-10-01T14:00:00.000Z', 50_000, { electionId: GENERAL }).accepted('g1', 'dA', '2026-10-01T14:00:01.000Z', 50_000, GENERAL, true);
  // 00:30Z on 1 January 2027 is 19:30 EST on 31 December 2026: a refund of the 2026 cycle, on 31 December.
  l.refunded('g1', 'dA', '2027-01-01T00:30:00.000Z', 15_000);
  // 23:30 EST on 31 December 2026 written in UTC: 04:30Z on 1 January 2027. Same cycle, same day.
  l.refunded('g1', 'dA', '2027-01-01T04:30:00.000Z', 10_000);
  const rows = [...l.donationRows().values()];

  it('given refunds at 00:30Z and at 23:30 local on the last day of the year, then both are in the year-end period, dated 31 December, and itemized together in the 2026 cycle', () => {
    const ye = scheduleB({ committee, rows, donors: disclosedViews(rows), from: instantInZone('2026-10-01', NY), to: instantInZone('2027-01-01', NY) });
    expect(ye.all.map((line) => [line.amountMinor, line.aggregateMinor, line.itemized, line.transaction?.expenditure_date])).toEqual([
      [15_000n, 15_000n, true, '2026-12-31'],
      [10_000n, 25_000n, true, '2026-12-31'],
    ]);
  });

  it('given the first local period of 2027, then neither refund is in it', () => {
    const q1 = scheduleB({ committee, rows, donors: disclosedViews(rows), from: instantInZone('2027-01-01', NY), to: instantInZone('2027-04-01', NY) });
    expect(q1.all).toEqual([]);
  });
});

describe('the Form 3 cover page on the committee local days', () => {
  it('given a New York calendar quarter (from 05:00Z on 1 January to 04:00Z on 1 April), then it is Q1, covering 1 January to 31 March', () => {
    const [from, to] = [instantInZone('2026-01-01', NY), instantInZone('2026-04-01', NY)];
    expect(quarterCode(from, to, NY)).toBe('Q1');
    expect(coverageDays(from, to, NY)).toEqual({ from: '2026-01-01', through: '2026-03-31' });
    expect(quarterCode(from, to)).toBeNull();
  });

  it('given a London quarter in summer time (23:00Z on 31 March to 23:00Z on 30 June), then it is Q2, covering 1 April to 30 June', () => {
    const [from, to] = [instantInZone('2026-04-01', LONDON), instantInZone('2026-07-01', LONDON)];
    expect(from).toBe('2026-03-31T23:00:00.000Z');
    expect(quarterCode(from, to, LONDON)).toBe('Q2');
    expect(coverageDays(from, to, LONDON)).toEqual({ from: '2026-04-01', through: '2026-06-30' });
  });

  it('given a period ending on the day daylight saving starts (8 March 2026, a 23-hour day), then it covers through 8 March', () => {
    expect(coverageDays(instantInZone('2026-03-01', NY), instantInZone('2026-03-09', NY), NY)).toEqual({ from: '2026-03-01', through: '2026-03-08' });
    expect(quarterCode(instantInZone('2026-03-01', NY), instantInZone('2026-06-01', NY), NY)).toBeNull();
  });

  it('given a gift at 22:00 on 31 December 2024 in New York (03:00Z on 1 January 2025), then the 2026 cycle to date leaves it out; one at local midnight is in', () => {
    const l = new ScenarioLedger('cmte-us', 'camp-us', 'USD');
    l.received('prior-cycle', 'dA', '2025-01-01T03:00:00.000Z', 10_000, { electionId: PRIMARY }).accepted('prior-cycle', 'dA', '2025-01-01T03:00:01.000Z', 10_000, PRIMARY);
    l.received('this-cycle', 'dB', '2025-01-01T05:00:00.000Z', 20_000, { electionId: PRIMARY }).accepted('this-cycle', 'dB', '2025-01-01T05:00:01.000Z', 20_000, PRIMARY);
    const rows = [...l.donationRows().values()];
    const report = fecReport({
      committee: { committeeId: 'cmte-us', elections: ELECTIONS, timeZone: NY, name: 'Pat for Congress' },
      rows, donors: disclosedViews(rows), from: instantInZone('2026-01-01', NY), to: instantInZone('2026-04-01', NY), treasurerName: 'Jane Q. Treasurer',
    });
    expect(report.cycleToDate.L11aiii).toBe(20_000n);
    expect(report.export.report).toMatchObject({ report_code: 'Q1', coverage_from_date: '2026-01-01', coverage_through_date: '2026-03-31' });
  });
});
