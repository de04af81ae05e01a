import { judgeContribution, type ContributionFacts, type DonorStanding } from './contribution-verdict.js';
import { capAtNetDebts } from './past-election.rule.js';
import { rulePackInZone } from './rule-packs.js';

// Issue 14, item 5: 11 CFR 110.1(b)(3)(i), a gift for an election already held, on the
// committee's local day (New York). The primary is on 2 June 2026.
const NY = 'America/New_York';
const PRIMARY_DAY = '2026-06-02';
const facts = (receivedAt: string, changes: Partial<ContributionFacts> = {}): ContributionFacts => ({
  amountMinor: 100_000n,
  method: 'card',
  donorId: 'donor-hash-jane',
  donorType: 'individual',
  attestations: { usCitizenOrPermanentResident: true },
  detailsGiven: { mailingAddress: true, occupation: true, employer: true },
  registrationNumber: null,
  receivedAt,
  election: { date: PRIMARY_DAY, netDebtsRemainingMinor: null },
  ...changes,
});
const judge = (f: ContributionFacts, standing: DonorStanding = { electionAggregateMinor: 0n, electionCashMinor: 0n, cycleAggregateMinor: 0n }) =>
  judgeContribution(rulePackInZone('US-FEC-CANDIDATE', f.receivedAt, NY), f, standing);

describe('11 CFR 110.1(b)(3)(i): gifts for an election already held', () => {
  describe('given no net debts recorded for the primary', () => {
    it('when $1,000 for the primary arrives at 23:30 on primary day in New York (03:30Z on 3 June), then it is for an election still being held: kept', () => {
      expect(judge(facts('2026-06-03T03:30:00.000Z'))).toMatchObject({ outcome: 'accept', acceptedMinor: 100_000n, excessMinor: 0n, excessRemedy: null });
    });

    it('when it arrives at 00:30 on the day after (04:30Z on 3 June), then none of it is kept: all $1,000 is an excess to redesignate or refund within 60 days', () => {
      const verdict = judge(facts('2026-06-03T04:30:00.000Z'));
      expect(verdict).toMatchObject({
        outcome: 'accept', acceptedMinor: 0n, excessMinor: 100_000n, excessRemedy: { dueOn: '2026-08-02', remedies: ['refund', 'redesignation', 'reattribution'] },
        figures: { pastElectionDate: PRIMARY_DAY, netDebtsOutstandingMinor: '0', netDebtsCitation: '11 CFR 110.1(b)(3)(i)', acceptedMinor: '0', excessMinor: '100000' },
      });
    });

    it('when the donor is already at the limit, then the gift is still held whole for a remedy, not refused', () => {
      expect(judge(facts('2026-06-10T15:00:00.000Z'), { electionAggregateMinor: 350_000n, electionCashMinor: 0n, cycleAggregateMinor: 350_000n })).toMatchObject({ outcome: 'accept', acceptedMinor: 0n, excessMinor: 100_000n });
    });

    it('when the candidate gives from personal funds after the primary, then there is no limit to cap: kept', () => {
      expect(judge(facts('2026-06-10T15:00:00.000Z', { donorType: 'candidate' }))).toMatchObject({ outcome: 'accept', acceptedMinor: 100_000n });
    });
  });

  describe('given net debts outstanding from the primary', () => {
    it('when $1,000 arrives with $600.00 still owed, then $600.00 is kept and $400.00 held; one minor unit more owed keeps one more', () => {
      const at = '2026-06-10T15:00:00.000Z';
      expect(judge(facts(at, { election: { date: PRIMARY_DAY, netDebtsRemainingMinor: 60_000n } }))).toMatchObject({ acceptedMinor: 60_000n, excessMinor: 40_000n });
      expect(judge(facts(at, { election: { date: PRIMARY_DAY, netDebtsRemainingMinor: 60_001n } }))).toMatchObject({ acceptedMinor: 60_001n, excessMinor: 39_999n });
    });

    it('when the debts exceed what the limit leaves, then the limit still decides', () => {
      const pack = rulePackInZone('US-FEC-CANDIDATE', '2026-06-10T15:00:00.000Z', NY);
      expect(capAtNetDebts(pack, { receivedAt: '2026-06-10T15:00:00.000Z', electionDate: PRIMARY_DAY, netDebtsRemainingMinor: 1_000_000n }, 50_000n)).toMatchObject({ withinMinor: 50_000n });
    });
  });

  it('given an election ahead, or none known, then nothing is capped', () => {
    const pack = rulePackInZone('US-FEC-CANDIDATE', '2026-06-01T15:00:00.000Z', NY);
    expect(capAtNetDebts(pack, { receivedAt: '2026-06-01T15:00:00.000Z', electionDate: PRIMARY_DAY, netDebtsRemainingMinor: null }, 100_000n)).toBeNull();
    expect(capAtNetDebts(pack, { receivedAt: '2026-06-10T15:00:00.000Z', electionDate: null, netDebtsRemainingMinor: null }, 100_000n)).toBeNull();
  });
});
