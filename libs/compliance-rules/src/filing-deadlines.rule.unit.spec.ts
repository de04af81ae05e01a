import { filingObligations, type FilingCommittee } from './filing-deadlines.rule.js';

const uk: FilingCommittee = { jurisdiction: 'UK-PPERA-PARTY', registeredOn: '2026-02-10', elections: [] };
const us = (elections: FilingCommittee['elections'] = []): FilingCommittee => ({ jurisdiction: 'US-FEC-CANDIDATE', registeredOn: '2026-02-10', elections });

describe('PPERA s.62, s.65(1): a quarterly report is due 30 days after its quarter ends', () => {
  it('given a party registered in February, when today is 31 March, then Q1 has not closed and nothing is owed', () => {
    expect(filingObligations(uk, '2026-03-31')).toEqual([]);
  });

  it('given Q1 2026, when today is 1 April, then Q1 is due on 30 April and covers the days since registration', () => {
    expect(filingObligations(uk, '2026-04-01')).toEqual([
      expect.objectContaining({ kind: 'ppera_quarterly', name: 'Q1 2026', periodFrom: '2026-02-10', periodTo: '2026-03-31', dueOn: '2026-04-30', status: 'due' }),
    ]);
  });

  it('given Q1 2026, when today is its last day (30 April), then it is due, not overdue; on 1 May it is overdue', () => {
    expect(filingObligations(uk, '2026-04-30')[0]).toMatchObject({ dueOn: '2026-04-30', status: 'due' });
    expect(filingObligations(uk, '2026-05-01')[0]).toMatchObject({ dueOn: '2026-04-30', status: 'overdue' });
  });

  it('given a full year, when today is 31 January, then Q4 (due 30 January, 30 days after 31 December) is overdue, as is every earlier quarter', () => {
    const owed = filingObligations(uk, '2027-01-31');
    expect(owed.map((o) => [o.name, o.periodFrom, o.dueOn, o.status])).toEqual([
      ['Q1 2026', '2026-02-10', '2026-04-30', 'overdue'],
      ['Q2 2026', '2026-04-01', '2026-07-30', 'overdue'],
      ['Q3 2026', '2026-07-01', '2026-10-30', 'overdue'],
      ['Q4 2026', '2026-10-01', '2027-01-30', 'overdue'],
    ]);
  });

  it('given an accounting unit, then its quarters are owed on the same schedule, citing s.65', () => {
    expect(filingObligations({ ...uk, jurisdiction: 'UK-PPERA-ACCOUNTING-UNIT' }, '2026-04-02')[0]).toMatchObject({ dueOn: '2026-04-30', citation: expect.stringContaining('s.65(1)') });
  });
});

describe('52 U.S.C. 30104(a), 11 CFR 104.5: a candidate committee files quarterly, and around its elections', () => {
  it('given no election known, when today is 16 April, then the April Quarterly (due 15 April) is overdue; on 15 April it is due', () => {
    expect(filingObligations(us(), '2026-04-15')).toEqual([
      expect.objectContaining({ kind: 'fec_quarterly', name: 'April Quarterly 2026', periodFrom: '2026-02-10', periodTo: '2026-03-31', dueOn: '2026-04-15', status: 'due', citation: expect.stringContaining('11 CFR 104.5') }),
    ]);
    expect(filingObligations(us(), '2026-04-16')[0]).toMatchObject({ status: 'overdue' });
  });

  it('given the fourth quarter, then it is the Year-End report, due 31 January of the next year', () => {
    const yearEnd = filingObligations(us(), '2027-01-31').at(-1);
    expect(yearEnd).toMatchObject({ kind: 'fec_year_end', periodFrom: '2026-10-01', periodTo: '2026-12-31', dueOn: '2027-01-31', status: 'due' });
  });

  it('given a general election on 3 November 2026, then pre-general closes 14 October (due 22 October) and post-general closes 23 November (due 3 December)', () => {
    const owed = filingObligations(us([{ electionId: 'g', kind: 'general', date: '2026-11-03' }]), '2027-02-01');
    expect(owed.map((o) => [o.kind, o.periodFrom, o.periodTo, o.dueOn])).toEqual([
      ['fec_quarterly', '2026-02-10', '2026-03-31', '2026-04-15'],
      ['fec_quarterly', '2026-04-01', '2026-06-30', '2026-07-15'],
      ['fec_quarterly', '2026-07-01', '2026-09-30', '2026-10-15'],
      ['fec_pre_election', '2026-10-01', '2026-10-14', '2026-10-22'],
      ['fec_post_general', '2026-10-15', '2026-11-23', '2026-12-03'],
      ['fec_year_end', '2026-11-24', '2026-12-31', '2027-01-31'],
    ]);
  });

  it('given a primary on 2 June, then the pre-primary report (due 21 May) is owed once its books close on 13 May, and is overdue on 22 May', () => {
    const committee = us([{ electionId: 'p', kind: 'primary', date: '2026-06-02' }]);
    expect(filingObligations(committee, '2026-05-13').map((o) => o.kind)).toEqual(['fec_quarterly']);
    expect(filingObligations(committee, '2026-05-21')[1]).toMatchObject({ name: 'Pre-Primary 2026-06-02', periodFrom: '2026-04-01', periodTo: '2026-05-13', status: 'due' });
    expect(filingObligations(committee, '2026-05-22')[1]).toMatchObject({ status: 'overdue' });
  });

  it('given an election before the committee registered, then no report of it is owed', () => {
    expect(filingObligations(us([{ electionId: 'p', kind: 'primary', date: '2026-02-20' }]), '2026-03-31')).toEqual([]);
  });
});

describe('a Canadian registered party', () => {
  it('given CA-CEA-PARTY, then no filing schedule is held here and none is listed', () => {
    expect(filingObligations({ jurisdiction: 'CA-CEA-PARTY', registeredOn: '2026-01-01', elections: [] }, '2027-06-01')).toEqual([]);
  });
});
