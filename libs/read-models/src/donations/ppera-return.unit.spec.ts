import type { InKindGift } from '#contracts';
import { countedOf } from './donation-row.js';
import { pperaQuarterlyReport, pperaWeeklyReport } from './ppera.report.js';
import { UK_DONATION_TYPES, UK_DONOR_STATUSES, UK_NATURE_OF_DONATION, UK_RETURN_COLUMNS, ukQuarterName, ukReturnFile, ukReturnRowProblems, ukReturnTable, UkReturnInvalid, ukWeekName, type UkReturnColumn } from './ppera-return.js';
import { disclosedViews, ScenarioLedger } from '../reports/scenario.fixtures.spec.js';
import type { DonorView } from '../reports/report-donor.js';

/**
 * A UK party's 2026: Ada gives £6,000 in January and £5,500 in kind in March (past £11,180 together),
 * then £2,500 in August; a company gives £12,000 and gets £500 back; Bo gives £11,000 and £900,
 * past £11,180 only with the second, in May; a £400 gift is no donation.
 */
function scenario() {
  const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
  const gift = (id: string, donor: string, at: string, amount: number, options: Parameters<ScenarioLedger['received']>[4] = {}) =>
    l.received(id, donor, at, amount, options).accepted(id, donor, at.replace(/\.000Z$/, '.500Z'), amount, null);
  gift('a1', 'dA', '2026-01-10T12:00:00.000Z', 600_000);
  gift('a2', 'dA', '2026-03-15T12:00:00.000Z', 550_000, { method: 'in_kind' });
  gift('a3', 'dA', '2026-08-01T12:00:00.000Z', 250_000);
  gift('a4', 'dA', '2026-09-01T12:00:00.000Z', 40_000);
  gift('c1', 'dC', '2026-02-01T12:00:00.000Z', 1_200_000, { type: 'company', registrationNumber: '01234567' });
  l.refunded('c1', 'dC', '2026-02-10T12:00:00.000Z', 50_000);
  gift('b1', 'dB', '2026-04-02T12:00:00.000Z', 1_100_000);
  gift('b2', 'dB', '2026-05-01T12:00:00.000Z', 90_000);
  const rows = [...l.donationRows().values()];
  const donors = disclosedViews(rows) as Map<string, DonorView>;
  donors.set('a1', { status: 'disclosed', name: 'Dr Augusta A. King', address: { line1: '12 St James Sq', line2: null, city: 'London', region: null, postalCode: 'SW1Y 4JH', country: 'GB' }, occupation: null, employer: null, companyNumber: null });
  return { rows, donors };
}

const money = (text: string): bigint => BigInt(text.replace('.', ''));

describe('the UK donation return for the Electoral Commission', () => {
  const { rows, donors } = scenario();
  const quarters = [1, 2, 3, 4].map((quarter) => pperaQuarterlyReport({ committeeId: 'cmte-uk', rows, donors, year: 2026, quarter }));
  const returns = quarters.map((q) => ukReturnTable(q, { periodName: ukQuarterName(q), accountingUnitName: 'Central Party', prePoll: false }));
  const cell = (row: readonly string[], column: (typeof UK_RETURN_COLUMNS)[number]): string => row[UK_RETURN_COLUMNS.indexOf(column)];

  it('given Q1, then each reportable donation is a row in the Commission\'s columns with its donor status, donation type and nature codes', () => {
    expect(returns[0].header).toEqual(UK_RETURN_COLUMNS);
    expect(returns[0].rows.map((r) => [cell(r, 'DonorStatus'), cell(r, 'DonorName'), cell(r, 'Value'), cell(r, 'DonationType'), cell(r, 'NatureOfDonation'), cell(r, 'ReceivedDate'), cell(r, 'IsAggregation')])).toEqual([
      ['Individual', 'Dr Augusta A. King', '6000.00', 'Cash', '', '10/01/2026', 'True'],
      ['Company', 'Donor dC', '11500.00', 'Cash', '', '01/02/2026', 'False'],
      ['Individual', 'Donor dA', '5500.00', 'Non Cash', 'Other', '15/03/2026', 'True'],
    ]);
    const ada = returns[0].rows[0];
    expect([cell(ada, 'DonorTitle'), cell(ada, 'DonorFirstName'), cell(ada, 'DonorMiddleName'), cell(ada, 'DonorLastName'), cell(ada, 'Postcode'), cell(ada, 'ReportingPeriodName')]).toEqual(['Dr', 'Augusta', 'A', 'King', 'SW1Y 4JH', 'Q1 2026']);
    expect(cell(returns[0].rows[1], 'CompanyRegistrationNumber')).toBe('01234567');
  });

  it('given the year\'s four returns, then they reconcile with the ledger: every donation over £500 from a source past £11,180 once, at the value kept', () => {
    const reported = returns.flatMap((r) => r.rows);
    const byDonor = new Map<string, bigint>();
    for (const row of rows) if (countedOf(row).countedMinor > 50_000n) byDonor.set(row.donorId, (byDonor.get(row.donorId) ?? 0n) + countedOf(row).countedMinor);
    const expected = rows.filter((r) => countedOf(r).countedMinor > 50_000n && (byDonor.get(r.donorId) ?? 0n) > 1_118_000n);
    expect(reported).toHaveLength(expected.length);
    expect(reported.reduce((sum, r) => sum + money(cell(r, 'Value')), 0n)).toBe(expected.reduce((sum, r) => sum + countedOf(r).countedMinor, 0n));
    expect(quarters.map((q, i) => returns[i].rows.reduce((sum, r) => sum + money(cell(r, 'Value')), 0n) === q.totalMinor)).toEqual([true, true, true, true]);
    // Bo passes £11,180 in Q2 with both gifts; Ada's August £2,500 passes the further £2,230 in Q3.
    expect(returns.map((r) => r.rows.length)).toEqual([3, 2, 1, 0]);
  });

  describe('given gifts in kind recorded with what they were', () => {
    const l = new ScenarioLedger('cmte-uk', 'camp-uk', 'GBP');
    const gift = (id: string, donor: string, at: string, amount: number, inKind: InKindGift) =>
      l.received(id, donor, at, amount, { inKind }).accepted(id, donor, at.replace(/\.000Z$/, '.500Z'), amount, null);
    gift('k1', 'dK', '2026-04-02T12:00:00.000Z', 1_200_000, { nature: 'premises', description: 'Office space, April to June', valuationBasis: 'market rent' });
    gift('k2', 'dL', '2026-04-03T12:00:00.000Z', 1_300_000, { nature: 'visit', description: 'Fact-finding visit to Brussels', valuationBasis: 'fares and hotel at cost' });
    gift('k3', 'dM', '2026-04-04T12:00:00.000Z', 1_400_000, { nature: 'sponsorship', description: 'Conference dinner', valuationBasis: 'price of the sponsorship package' });
    const kindRows = [...l.donationRows().values()];
    const q2 = pperaQuarterlyReport({ committeeId: 'cmte-uk', rows: kindRows, donors: disclosedViews(kindRows), year: 2026, quarter: 2 });
    const table = ukReturnTable(q2, { periodName: ukQuarterName(q2), accountingUnitName: 'Central Party', prePoll: false });

    it('then each row carries the nature of donation in the register\'s words: Non Cash premises, a Visit with its purpose, sponsorship flagged', () => {
      expect(table.rows.map((r) => [cell(r, 'DonationType'), cell(r, 'NatureOfDonation'), cell(r, 'PurposeOfVisit'), cell(r, 'IsSponsorship'), cell(r, 'Value')])).toEqual([
        ['Non Cash', 'Premises', '', 'False', '12000.00'],
        ['Visit', '', 'Fact-finding visit to Brussels', 'False', '13000.00'],
        ['Non Cash', 'Sponsorship', '', 'True', '14000.00'],
      ]);
    });
  });

  describe('every value is checked before it reaches the file', () => {
    const good = Object.fromEntries(UK_RETURN_COLUMNS.map((c, i) => [c, returns[0].rows[0][i]])) as Record<UkReturnColumn, string>;
    it('given a row of the return, then it has no problem', () => {
      expect(ukReturnRowProblems(good)).toEqual([]);
    });

    it.each<[string, Partial<Record<UkReturnColumn, string>>, string]>([
      ['a day that does not exist', { ReceivedDate: '31/02/2026' }, 'ReceivedDate'],
      ['an ISO day', { AcceptedDate: '2026-01-10' }, 'AcceptedDate'],
      ['no accepted day', { AcceptedDate: '' }, 'AcceptedDate'],
      ['pounds without pence', { Value: '6000' }, 'Value'],
      ['a thousands separator', { Value: '6,000.00' }, 'Value'],
      ['a donor status the register does not list', { DonorStatus: 'Registered Society' }, 'DonorStatus'],
      ['a donation type the register does not list', { DonationType: 'In Kind' }, 'DonationType'],
      ['a non-cash donation without its nature', { DonationType: 'Non Cash', NatureOfDonation: '' }, 'NatureOfDonation'],
      ['cash with a nature', { NatureOfDonation: 'Premises' }, 'NatureOfDonation'],
      ['a visit without its purpose', { DonationType: 'Visit' }, 'PurposeOfVisit'],
      ['a flag that is not True or False', { IsAggregation: 'Yes' }, 'IsAggregation'],
    ])('given %s, then the row is refused naming its column', (_what, change, column) => {
      expect(ukReturnRowProblems({ ...good, ...change }).map((p) => p.split(' ')[0])).toEqual([column]);
    });

    it('given a line whose value breaks a rule, then no file is made and the error names the donation', () => {
      const [line] = quarters[0].lines;
      expect(() => ukReturnTable({ lines: [{ ...line, acceptedOn: null }] }, { periodName: 'Q1 2026', accountingUnitName: 'Central Party', prePoll: false })).toThrow(UkReturnInvalid);
    });

    it('then the statuses the reports name, the donation types and the natures they write are all on the register\'s lists', () => {
      expect(UK_DONATION_TYPES).toEqual(expect.arrayContaining(['Cash', 'Non Cash', 'Visit']));
      expect(Object.values(UK_NATURE_OF_DONATION).filter(Boolean).every((n) => ['Administration services', 'Advertising', 'Auction prizes', 'Consultancy services', 'Hospitality', 'Other', 'Premises', 'Sponsorship', 'Staff costs', 'Travel'].includes(n))).toBe(true);
      expect(UK_DONOR_STATUSES).not.toContain('Registered Society');
    });
  });

  it('given a pre-poll week, then the weekly return marks its rows reported pre-poll and names the week', () => {
    const week = pperaWeeklyReport({ committeeId: 'cmte-uk', rows, donors, weekStarting: '2026-01-29' });
    const file = ukReturnFile(week, { periodName: ukWeekName(week), accountingUnitName: 'Central Party', prePoll: true });
    const [header, line] = file.text.split('\r\n');
    expect(header).toBe(UK_RETURN_COLUMNS.join(','));
    expect(line).toContain('Pre-poll 29/01/2026 - 04/02/2026,Central Party,Company,Donor dC');
    expect(line.split(',')[UK_RETURN_COLUMNS.indexOf('IsReportedPrePoll')]).toBe('True');
    expect(file.name).toBe('cmte-uk_donations_Pre_poll_29_01_2026_04_02_2026.csv');
    const again = pperaWeeklyReport({ committeeId: 'cmte-uk', rows: [...rows].reverse(), donors, weekStarting: '2026-01-29' });
    expect(ukReturnFile(again, { periodName: ukWeekName(again), accountingUnitName: 'Central Party', prePoll: true }).text).toBe(file.text);
  });
});
