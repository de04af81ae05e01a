import type { Election } from '#contracts';
import { cycleOfDay, electionsOfCycle } from './election-cycle.js';

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
