import { amountOf } from '#compliance-rules';
import { committeeRulePack, contributionPack } from './committee-rule-pack.js';
import type { CommitteeState } from './committee.decider.js';

// Issue 14, item 4: 52 U.S.C. 30116(c), 11 CFR 110.17: an election's limit is its cycle's figure.
const committee = {
  status: 'registered',
  committeeId: 'c-lee',
  name: 'Lee for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [
    { electionId: 'g-2024', kind: 'general', date: '2024-11-05' },
    { electionId: 'p-2026', kind: 'primary', date: '2026-06-02' },
    { electionId: 'g-2026', kind: 'general', date: '2026-11-03' },
    { electionId: 'g-2028', kind: 'general', date: '2028-11-07' },
  ],
  defaultElectionId: 'g-2026',
  registeredBy: 'admin',
  tenantId: 't',
  timeZone: 'America/New_York',
} as CommitteeState & { status: 'registered' };

describe('the limit of a contribution is its election cycle figure (52 U.S.C. 30116(c); 11 CFR 110.17)', () => {
  it('given a gift for the 2026 general received in December 2024 after the 2024 general, then the 2025-26 figure ($3,500) applies, not 2023-24 ($3,300)', () => {
    const { pack, notes } = contributionPack(committee, 'g-2026', '2024-12-10T15:00:00.000Z');
    expect(pack.version).toBe('US-FEC-CANDIDATE/2025-2026');
    expect(amountOf(pack, 'individualLimitPerElection')).toBe(350_000n);
    expect(notes).toEqual({ limitCycle: '2025-2026' });
    // Deadlines still count in the committee's zone from the day of receipt.
    expect(pack.timeZone).toBe('America/New_York');
  });

  it('given a gift in 2025 designated for the 2024 general (debt retirement), then the 2023-24 figure applies', () => {
    const { pack } = contributionPack(committee, 'g-2024', '2025-02-01T15:00:00.000Z');
    expect(amountOf(pack, 'individualLimitPerElection')).toBe(330_000n);
  });

  it('given a gift for the 2028 general, whose figures are not published, then the latest figure applies and the decision says the cycle is unpublished', () => {
    const { pack, notes } = contributionPack(committee, 'g-2028', '2026-03-01T15:00:00.000Z');
    expect(pack.version).toBe('US-FEC-CANDIDATE/2025-2026');
    expect(notes.limitCycle).toBe('2027-2028');
    expect(notes.limitCycleFigures).toMatch(/^unpublished: the FEC has not published the 2027-2028 figures; US-FEC-CANDIDATE\/2025-2026 applied$/);
  });

  it('given a gift with no election of the committee, then the pack of its local day of receipt applies', () => {
    expect(contributionPack(committee, null, '2025-01-01T04:59:00.000Z').pack.version).toBe('US-FEC-CANDIDATE/2023-2024');
    expect(committeeRulePack(committee, '2025-01-01T05:00:00.000Z').version).toBe('US-FEC-CANDIDATE/2025-2026');
  });

  it('given a UK party, then the pack of the day received applies (PPERA counts calendar years, not elections)', () => {
    const party = { ...committee, jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP', timeZone: 'Europe/London' } as typeof committee;
    expect(contributionPack(party, 'g-2026', '2026-03-01T12:00:00.000Z')).toMatchObject({ pack: { version: 'UK-PPERA-PARTY/2024', timeZone: 'Europe/London' }, notes: {} });
  });
});
