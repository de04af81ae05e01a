import { pperaQuarterlyReport, pperaTable, pperaWeeklyReport, ukDayOf } from './ppera.report.js';
import { toCsv } from '../reports/report-format.js';
import { disclosedViews, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';

/**
 * A UK party's 2026: P gives £6,000 then £5,500 in kind (together past £11,180 in Q1), then
 * £2,500 late on 30 June UTC, which is 1 July in London; a £400 gift is no donation. Q, a
 * company, gives £12,000 and gets £500 back; R gives £11,000 and £200, never past the threshold.
 */
function ukScenario() {
  const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
  const gift = (id: string, donor: string, at: string, amount: number, options: Parameters<ScenarioLedger['received']>[4] = {}) =>
    l.received(id, donor, at, amount, options).accepted(id, donor, at.replace(/\.000Z$/, '.500Z'), amount, null);
  gift('p1', 'dP', '2026-01-10T12:00:00.000Z', 600_000);
  gift('p2', 'dP', '2026-03-15T12:00:00.000Z', 550_000, { method: 'in_kind' });
  gift('p3', 'dP', '2026-06-30T23:30:00.000Z', 250_000);
  gift('p4', 'dP', '2026-08-01T12:00:00.000Z', 40_000);
  gift('q1', 'dQ', '2026-02-01T12:00:00.000Z', 1_200_000, { type: 'company', registrationNumber: '01234567' });
  l.refunded('q1', 'dQ', '2026-02-10T12:00:00.000Z', 50_000);
  gift('r1', 'dR', '2026-04-02T12:00:00.000Z', 1_100_000);
  gift('r2', 'dR', '2026-05-01T12:00:00.000Z', 20_000);
  const rows = [...l.donationRows().values()];
  return { rows, donors: disclosedViews(rows) };
}

describe('PPERA quarterly donation report (s.62)', () => {
  const { rows, donors } = ukScenario();
  const quarter = (q: number, level?: 'central' | 'accounting_unit') => pperaQuarterlyReport({ committeeId: 'cmte-uk', rows, donors, year: 2026, quarter: q, level });

  it('given Q1 at the central party, then the aggregated donor and the single large one are reported', () => {
    const report = quarter(1);
    expect(report.lines.map((l) => [l.donationId, l.donorStatus, l.valueMinor, l.aggregateInYearMinor, l.nature, l.reportedBecause])).toEqual([
      ['p1', 'Individual', 600_000n, 600_000n, 'cash', 'aggregate_over_threshold'],
      ['q1', 'Company', 1_150_000n, 1_150_000n, 'cash', 'single_over_threshold'],
      ['p2', 'Individual', 550_000n, 1_150_000n, 'non_cash', 'aggregate_over_threshold'],
    ]);
    expect(report.totalMinor).toBe(2_300_000n);
    expect(report.lines[0]).toMatchObject({ receivedOn: '2026-01-10', acceptedOn: '2026-01-10' });
  });

  it('given Q2, then nothing: R stays under £11,180 and a £200 gift is no donation', () => {
    expect(quarter(2).lines).toEqual([]);
  });

  it('given Q3, then the further £2,500 received at 00:30 London time on 1 July is reported there', () => {
    expect(ukDayOf('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(quarter(3).lines.map((l) => [l.donationId, l.receivedOn, l.valueMinor, l.aggregateInYearMinor, l.reportedBecause])).toEqual([
      ['p3', '2026-07-01', 250_000n, 1_400_000n, 'further_over_threshold'],
    ]);
  });

  it('given an accounting unit, then each donation over £2,230 is reported on its own', () => {
    expect(quarter(2, 'accounting_unit').lines.map((l) => [l.donationId, l.reportedBecause])).toEqual([['r1', 'single_over_threshold']]);
    expect(quarter(1, 'accounting_unit').lines.map((l) => [l.donationId, l.reportedBecause])).toEqual([
      ['p1', 'single_over_threshold'],
      ['q1', 'single_over_threshold'],
      ['p2', 'further_over_threshold'],
    ]);
  });

  it('given an erased company, then the CSV line names no one and keeps the value and its public registration number', () => {
    const views = new Map(donors);
    views.set('q1', { status: 'erased' });
    const csv = toCsv(pperaTable(pperaQuarterlyReport({ committeeId: 'cmte-uk', rows, donors: views, year: 2026, quarter: 1 }))).split('\r\n');
    expect(csv[0]).toBe('donation_id,donor_status,donor_name,address_line_1,address_line_2,city,postal_code,company_registration_number,date_received,date_accepted,value,aggregate_in_year,nature,reported_because');
    expect(csv[2]).toBe('q1,Company,[erased person],,,,,01234567,2026-02-01,2026-02-01,11500.00,11500.00,cash,single_over_threshold');
  });
});

describe('PPERA quarterly report: the calendar year a donation counts in is the year it was accepted (s.62(3))', () => {
  // £11,000 in June 2026; then £1,000 received at 23:59 on 31 December (GMT, so London's day too).
  function newYear(acceptedAt: string) {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    l.received('y1', 'dY', '2026-06-01T12:00:00.000Z', 1_100_000).accepted('y1', 'dY', '2026-06-01T12:00:01.000Z', 1_100_000, null);
    l.received('y2', 'dY', '2026-12-31T23:59:00.000Z', 100_000).accepted('y2', 'dY', acceptedAt, 100_000, null);
    const rows = [...l.donationRows().values()];
    const report = (year: number, quarter: number) => pperaQuarterlyReport({ committeeId: 'cmte-uk', rows, donors: disclosedViews(rows), year, quarter });
    return { q4: report(2026, 4), q1: report(2027, 1) };
  }

  it('given the gift accepted at 00:00:30 on 1 January, then it counts in 2027: neither quarter reports it, nor the £11,000', () => {
    const { q4, q1 } = newYear('2027-01-01T00:00:30.000Z');
    expect([q4.lines, q1.lines]).toEqual([[], []]);
  });

  it('given the gift accepted at 23:59:30 on 31 December, then it takes 2026 over £11,180 and both are reported in Q4 2026', () => {
    const { q4, q1 } = newYear('2026-12-31T23:59:30.000Z');
    expect(q4.lines.map((l) => [l.donationId, l.receivedOn, l.acceptedOn, l.aggregateInYearMinor, l.reportedBecause])).toEqual([
      ['y1', '2026-06-01', '2026-06-01', 1_100_000n, 'aggregate_over_threshold'],
      ['y2', '2026-12-31', '2026-12-31', 1_200_000n, 'aggregate_over_threshold'],
    ]);
    expect(q1.lines).toEqual([]);
  });
});

describe('PPERA weekly pre-poll report (s.63)', () => {
  const { rows, donors } = ukScenario();

  it('given the week holding Q\'s £12,000, then it alone is reported, at what was kept', () => {
    const week = pperaWeeklyReport({ committeeId: 'cmte-uk', rows, donors, weekStarting: '2026-01-29' });
    expect(week).toMatchObject({ weekEnding: '2026-02-04', nil: false, totalMinor: 1_150_000n });
    expect(week.lines.map((l) => l.donationId)).toEqual(['q1']);
  });

  it('given a week with only smaller gifts, then it is a nil return', () => {
    expect(pperaWeeklyReport({ committeeId: 'cmte-uk', rows, donors, weekStarting: '2026-03-12' })).toMatchObject({ nil: true, lines: [], totalMinor: 0n });
  });
});
