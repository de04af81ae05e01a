import type { Election } from '#contracts';
import { cycleOfDay, electionsOfCycle, nextElectionOn } from './election-cycle.js';

const elections: Election[] = [
  { electionId: 'primary-2024', kind: 'primary', date: '2024-03-05' },
  { electionId: 'general-2024', kind: 'general', date: '2024-11-05' },
  { electionId: 'special-2025', kind: 'special', date: '2025-06-10' },
  { electionId: 'primary-2026', kind: 'primary', date: '2026-06-02' },
  { electionId: 'general-2026', kind: 'general', date: '2026-11-03' },
];

describe('election cycles', () => {
  it.each([
    ['2025-01-01', 2026],
    ['2026-12-31', 2026],
    ['2024-11-05', 2024],
    ['2027-01-01', 2028],
  ])('puts %s in the cycle of %i', (day, cycle) => {
    expect(cycleOfDay(day)).toBe(cycle);
  });

  it('groups the primary and general of one cycle, and an odd-year special with them', () => {
    expect(electionsOfCycle(elections, 'general-2026')).toEqual(['special-2025', 'primary-2026', 'general-2026']);
    expect(electionsOfCycle(elections, 'primary-2024')).toEqual(['primary-2024', 'general-2024']);
  });

  it('makes an election the committee does not list a cycle of its own', () => {
    expect(electionsOfCycle(elections, 'undesignated')).toEqual(['undesignated']);
  });
});

describe('11 CFR 110.1(b)(2)(ii): an undesignated contribution counts toward the next election after it is made', () => {
  const elections = [
    { electionId: 'p-2026', kind: 'primary' as const, date: '2026-06-02' },
    { electionId: 'g-2026', kind: 'general' as const, date: '2026-11-03' },
  ];

  it.each([
    ['2026-06-01', 'p-2026', 'the day before the primary'],
    ['2026-06-02', 'p-2026', 'primary day itself (the polls are still open)'],
    ['2026-06-03', 'g-2026', 'the day after the primary'],
    ['2026-11-03', 'g-2026', 'general election day'],
  ])('made on %s, it counts toward %s (%s)', (day, electionId) => {
    expect(nextElectionOn(elections, day)).toBe(electionId);
  });

  it('made after the last listed election, or on no known day, it has no next election here (the committee default applies)', () => {
    expect(nextElectionOn(elections, '2026-11-04')).toBeNull();
    expect(nextElectionOn(elections, null)).toBeNull();
  });

  it('takes the earliest election ahead whatever order the committee listed them in', () => {
    expect(nextElectionOn([...elections].reverse(), '2026-03-01')).toBe('p-2026');
  });
});
