import { filingObligations, type FilingCommittee } from './filing-deadlines.rule.js';
import { prePollReportsOwed, weeklyReportingPeriods, weeklyReportingPeriodStarting, type GeneralElectionPeriod } from './ppera-pre-poll.rule.js';

// PPERA 2000 s.63(1), (6) and s.65: the 2024 general election's timetable (Parliament dissolved
// Thursday 30 May, poll Thursday 4 July) gives five weeks of seven days and a final period of one.
const ge2024: GeneralElectionPeriod = { periodId: 'ukpga-2024', dissolvedOn: '2024-05-30', pollOn: '2024-07-04', heldIn: ['great_britain', 'northern_ireland'], partyRegisteredIn: ['great_britain'] };
const party: FilingCommittee = { jurisdiction: 'UK-PPERA-PARTY', registeredOn: '2024-01-01', elections: [], generalElectionPeriods: [ge2024] };

describe('PPERA s.63(1): the weekly reporting periods of a general election period', () => {
  it('given dissolution on 30 May and the poll on 4 July, then five weeks from Thursday to Wednesday and a final one-day period on the poll', () => {
    expect(weeklyReportingPeriods(ge2024).map((w) => [w.week, w.from, w.to, w.final])).toEqual([
      [1, '2024-05-30', '2024-06-05', false],
      [2, '2024-06-06', '2024-06-12', false],
      [3, '2024-06-13', '2024-06-19', false],
      [4, '2024-06-20', '2024-06-26', false],
      [5, '2024-06-27', '2024-07-03', false],
      [6, '2024-07-04', '2024-07-04', true],
    ]);
  });

  it('given a period of exactly 35 days, then five full weeks and no final period', () => {
    expect(weeklyReportingPeriods({ ...ge2024, pollOn: '2024-07-03' }).map((w) => [w.to, w.final]).at(-1)).toEqual(['2024-07-03', false]);
    expect(weeklyReportingPeriods({ ...ge2024, pollOn: '2024-07-03' })).toHaveLength(5);
  });

  it('given each period, then it is delivered within 7 days of its end (s.65): week 1 (to 5 June) by 12 June, the poll-day period by 11 July', () => {
    const weeks = weeklyReportingPeriods(ge2024);
    expect(weeks[0].dueOn).toBe('2024-06-12');
    expect(weeks[5].dueOn).toBe('2024-07-11');
  });

  it('given a day that begins no reporting period (the day before dissolution, a Friday mid-week), then there is no weekly report for it', () => {
    expect(weeklyReportingPeriodStarting('UK-PPERA-PARTY', [ge2024], '2024-05-29')).toBeNull();
    expect(weeklyReportingPeriodStarting('UK-PPERA-PARTY', [ge2024], '2024-05-31')).toBeNull();
    expect(weeklyReportingPeriodStarting('UK-PPERA-PARTY', [ge2024], '2024-06-06')).toMatchObject({ week: 2, to: '2024-06-12' });
  });
});

describe('PPERA s.63: who owes weekly reports', () => {
  it('given a party registered in Great Britain and an election held across the UK, then it owes them', () => {
    expect(prePollReportsOwed('UK-PPERA-PARTY', ge2024)).toEqual({ owed: true });
  });

  it('given a party registered only in Northern Ireland and an election declared for Great Britain only, then it owes none', () => {
    expect(prePollReportsOwed('UK-PPERA-PARTY', { ...ge2024, heldIn: ['great_britain'], partyRegisteredIn: ['northern_ireland'] })).toMatchObject({ owed: false });
  });

  it('given an accounting unit, then it owes none: its central organisation reports (s.63(3)(b))', () => {
    expect(prePollReportsOwed('UK-PPERA-ACCOUNTING-UNIT', ge2024)).toMatchObject({ owed: false, why: expect.stringContaining('s.63(3)(b)') });
    expect(weeklyReportingPeriodStarting('UK-PPERA-ACCOUNTING-UNIT', [ge2024], '2024-05-30')).toBeNull();
  });

  it('given a US committee, then none', () => {
    expect(prePollReportsOwed('US-FEC-CANDIDATE', ge2024)).toMatchObject({ owed: false });
  });
});

describe('PPERA s.63, s.65: weekly reports are tracked obligations beside the quarters', () => {
  it('given 6 June, then week 1 is owed, due 12 June; on 12 June due, on 13 June overdue', () => {
    expect(filingObligations(party, '2024-06-06').filter((o) => o.kind === 'ppera_weekly')).toEqual([
      expect.objectContaining({ name: 'Pre-poll week 1 ukpga-2024', periodFrom: '2024-05-30', periodTo: '2024-06-05', dueOn: '2024-06-12', status: 'due', filedOn: null }),
    ]);
    expect(filingObligations(party, '2024-06-12').find((o) => o.kind === 'ppera_weekly')).toMatchObject({ status: 'due' });
    expect(filingObligations(party, '2024-06-13').find((o) => o.kind === 'ppera_weekly')).toMatchObject({ status: 'overdue' });
  });

  it('given the day before the poll, then weeks 1 to 5 are owed but not the poll-day period, which closes with the poll', () => {
    expect(filingObligations(party, '2024-07-04').filter((o) => o.kind === 'ppera_weekly')).toHaveLength(5);
    expect(filingObligations(party, '2024-07-05').filter((o) => o.kind === 'ppera_weekly')).toHaveLength(6);
  });

  it('given the weekly reports, then the quarters keep their own periods (Q2 still runs 1 April to 30 June)', () => {
    expect(filingObligations(party, '2024-07-05').find((o) => o.name === 'Q2 2024')).toMatchObject({ periodFrom: '2024-04-01', periodTo: '2024-06-30', dueOn: '2024-07-30' });
  });

  it('given an accounting unit with the same period, then no weekly report is listed', () => {
    expect(filingObligations({ ...party, jurisdiction: 'UK-PPERA-ACCOUNTING-UNIT' }, '2024-07-20').filter((o) => o.kind === 'ppera_weekly')).toEqual([]);
  });
});

describe('a recorded filing', () => {
  it('given week 1 recorded as filed on 11 June, then on 20 June it is filed, not overdue, and not late', () => {
    const filed = { ...party, filings: [{ kind: 'ppera_weekly' as const, periodTo: '2024-06-05', filedOn: '2024-06-11' }] };
    expect(filingObligations(filed, '2024-06-20').find((o) => o.kind === 'ppera_weekly')).toMatchObject({ status: 'filed', filedOn: '2024-06-11', filedLate: false });
  });

  it('given Q1 filed on 1 May, a day after its last day, then it is filed and late; a later record corrects the day', () => {
    const late = { ...party, filings: [{ kind: 'ppera_quarterly' as const, periodTo: '2024-03-31', filedOn: '2024-05-01' }] };
    expect(filingObligations(late, '2024-05-02')[0]).toMatchObject({ name: 'Q1 2024', status: 'filed', filedOn: '2024-05-01', filedLate: true });
    const corrected = { ...late, filings: [...late.filings, { kind: 'ppera_quarterly' as const, periodTo: '2024-03-31', filedOn: '2024-04-30' }] };
    expect(filingObligations(corrected, '2024-05-02')[0]).toMatchObject({ filedOn: '2024-04-30', filedLate: false });
  });

  it('given a filing recorded for another report, then this one stays overdue', () => {
    const other = { ...party, filings: [{ kind: 'ppera_weekly' as const, periodTo: '2024-03-31', filedOn: '2024-04-10' }] };
    expect(filingObligations(other, '2024-05-02')[0]).toMatchObject({ name: 'Q1 2024', status: 'overdue', filedOn: null });
  });
});
