import type { FilingCommittee } from '#compliance-rules';
import { FILING_NOTE, remediesDue } from './compliance-queue.report.js';

const NY = 'America/New_York';
const us: FilingCommittee = { jurisdiction: 'US-FEC-CANDIDATE', registeredOn: '2026-01-05', elections: [] };
const uk: FilingCommittee = { jurisdiction: 'UK-PPERA-PARTY', registeredOn: '2026-01-05', elections: [] };
const due = (asOf: string, timeZone: string, filing = us) => remediesDue({ committeeId: 'c', rows: [], asOf, timeZone, filing });

describe('remedies due lists the filing obligations, judged on the committee-local day of asOf', () => {
  it('given 23:30 in New York on 15 April (03:30Z on the 16th), then the April Quarterly is due, not overdue', () => {
    expect(due('2026-04-16T03:30:00.000Z', NY).filingObligations).toEqual([expect.objectContaining({ name: 'April Quarterly 2026', dueOn: '2026-04-15', status: 'due' })]);
  });

  it('given 00:30 in New York on 16 April (04:30Z), then it is overdue', () => {
    expect(due('2026-04-16T04:30:00.000Z', NY).filingObligations[0]).toMatchObject({ status: 'overdue' });
  });

  it('given a UK party at 23:30Z on 30 April (00:30 on 1 May in London, summer time), then Q1 is overdue; at 22:59Z it is still due', () => {
    expect(due('2026-04-30T23:30:00.000Z', 'Europe/London', uk).filingObligations[0]).toMatchObject({ name: 'Q1 2026', dueOn: '2026-04-30', status: 'overdue' });
    expect(due('2026-04-30T22:59:00.000Z', 'Europe/London', uk).filingObligations[0]).toMatchObject({ status: 'due' });
  });

  it('given the existing fields, then they are unchanged and the note says no filing is recorded', () => {
    const report = due('2026-04-16', NY);
    expect(report).toMatchObject({ committeeId: 'c', asOf: '2026-04-16', overdueCount: 0, items: [], filingNote: FILING_NOTE });
    expect(report.filingObligations[0]).toMatchObject({ status: 'overdue' });
  });

  it('given no committee to schedule, then no filing is listed', () => {
    expect(remediesDue({ committeeId: 'c', rows: [], asOf: '2026-04-16', timeZone: NY }).filingObligations).toEqual([]);
  });
});
