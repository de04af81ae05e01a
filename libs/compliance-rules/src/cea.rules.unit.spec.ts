import { ceaAnnualLimitMinor } from './cea-packs.js';
import { checkCeaEligibleContributor } from './cea-eligible-contributor.rule.js';
import { CONTRIBUTION_LAWS, LAW_OF_PROFILE, lawOf } from './contribution-laws.js';
import type { ContributionFacts, DonorStanding } from './contribution-verdict.js';
import { judgeContribution } from './contribution-verdict.js';
import { amountOf, daysOf, NoRulePackError, rulePackFor, rulePackInZone } from './rule-packs.js';

// Canada Elections Act (S.C. 2000, c. 9), a registered party: each rule from the Act's wording,
// with its boundaries (exactly at a figure, and one cent over).
const party2025 = rulePackFor('CA-CEA-PARTY', '2025-06-01T12:00:00Z');
const party2026 = rulePackFor('CA-CEA-PARTY', '2026-06-01T12:00:00Z');
const LIMIT_2025 = 175_000n;

const citizen = { canadianCitizenOrPermanentResident: true };
const facts = (changes: Partial<ContributionFacts> = {}): ContributionFacts => ({
  amountMinor: 10_000n,
  method: 'card',
  donorId: 'dn_ana',
  donorType: 'individual',
  attestations: citizen,
  detailsGiven: null,
  registrationNumber: null,
  receivedAt: '2025-06-01T12:00:00.000Z',
  ...changes,
});
const inYear = (aggregateMinor: bigint): DonorStanding => ({ electionAggregateMinor: aggregateMinor, electionCashMinor: 0n, cycleAggregateMinor: aggregateMinor });
const judge = (changes: Partial<ContributionFacts> = {}, yearMinor = 0n) => judgeContribution(party2025, facts(changes), inYear(yearMinor));

describe('the CA-CEA-PARTY packs: $1,500 raised by $25 each 1 January since 2015 (s.367(1))', () => {
  it.each<[string, bigint]>([
    ['2015', 150_000n],
    ['2021', 165_000n],
    ['2025', 175_000n],
    ['2026', 177_500n],
  ])('given a day in %s, then the limit to the party and to its associations and candidates is that year\'s figure', (year, limitMinor) => {
    const pack = rulePackFor('CA-CEA-PARTY', `${year}-07-01T12:00:00Z`);
    expect([pack.version, pack.currency, amountOf(pack, 'annualLimitToParty'), amountOf(pack, 'annualLimitToPartyAffiliates')]).toEqual([`CA-CEA-PARTY/${year}`, 'CAD', limitMinor, limitMinor]);
    expect(ceaAnnualLimitMinor(Number(year))).toBe(limitMinor);
  });

  it('given the last instant of 2025 in Toronto, then the 2025 pack; a second later, the 2026 pack', () => {
    expect(rulePackInZone('CA-CEA-PARTY', '2026-01-01T04:59:59Z', 'America/Toronto').version).toBe('CA-CEA-PARTY/2025');
    expect(rulePackInZone('CA-CEA-PARTY', '2026-01-01T05:00:00Z', 'America/Toronto').version).toBe('CA-CEA-PARTY/2026');
  });

  it('given a day before 2015 or after the table, then no pack is in force', () => {
    expect(() => rulePackFor('CA-CEA-PARTY', '2014-12-31T12:00:00Z')).toThrow(NoRulePackError);
    expect(() => rulePackFor('CA-CEA-PARTY', '2031-01-01T12:00:00Z')).toThrow(NoRulePackError);
  });

  it('gives 30 days to return an ineligible contribution or an excess, and the $20 and $200 figures unindexed', () => {
    expect([daysOf(party2026, 'ineligibleReturn'), daysOf(party2026, 'excessRemedy')]).toEqual([30, 30]);
    expect(['anonymousLimit', 'cashLimit', 'receiptThreshold', 'disclosureThreshold'].map((id) => amountOf(party2026, id as 'cashLimit'))).toEqual([2_000n, 2_000n, 2_000n, 20_000n]);
  });

  it('is judged by the Canada Elections Act, per calendar year, no reward netted, no election cycle', () => {
    expect(lawOf(party2025)).toBe(CONTRIBUTION_LAWS['CA-CEA']);
    expect(LAW_OF_PROFILE).toEqual({ 'US-FEC-CANDIDATE': 'US-FEC', 'UK-PPERA-PARTY': 'UK-PPERA', 'UK-PPERA-ACCOUNTING-UNIT': 'UK-PPERA', 'CA-CEA-PARTY': 'CA-CEA' });
    expect(CONTRIBUTION_LAWS['CA-CEA']).toMatchObject({ aggregatesBy: 'calendar_year', rewardsLowerTheCountedValue: false, limitsOfTheElectionCycle: false, readsEarlierValues: false });
  });
});

describe('s.363(1): only an individual who is a Canadian citizen or permanent resident may contribute', () => {
  it('given an individual who attested being a citizen or permanent resident, then eligible', () => {
    expect(checkCeaEligibleContributor({ type: 'individual', attestations: citizen })).toEqual({ outcome: 'eligible' });
  });

  it.each<[string, ContributionFacts['donorType']]>([
    ['a corporation', 'company'],
    ['a trade union', 'trade_union'],
    ['an unincorporated association', 'unincorporated_association'],
    ['another registered party', 'registered_party'],
  ])('given %s, even one attesting, then not kept: returned to it within 30 days of receipt (s.363(2))', (_, donorType) => {
    expect(judge({ donorType })).toMatchObject({
      outcome: 'return',
      code: 'cea_contributor_not_an_individual',
      ruleIds: ['cea-eligible-contributor'],
      returnDue: { action: 'return_to_donor', dueOn: '2025-07-01' },
    });
  });

  it('given a non-resident (attested not a citizen or permanent resident), then not kept: returned within 30 days', () => {
    expect(judge({ attestations: { canadianCitizenOrPermanentResident: false } })).toMatchObject({
      outcome: 'return',
      code: 'cea_contributor_not_citizen_or_permanent_resident',
      returnDue: { action: 'return_to_donor', dueOn: '2025-07-01' },
    });
  });

  it('given an individual who attested only being a US citizen, then eligibility is not established: flagged with 30 days', () => {
    expect(judge({ attestations: { usCitizenOrPermanentResident: true } })).toMatchObject({
      outcome: 'flag',
      code: 'cea_eligibility_not_established',
      deadlines: [{ action: 'establish_eligibility_or_return', dueOn: '2025-07-01' }],
    });
  });

  it('given that flagged contribution verified by an officer, then it is judged on and kept', () => {
    const verdict = judge({ attestations: {}, permissibilityVerified: true });
    expect(verdict).toMatchObject({ outcome: 'accept', acceptedMinor: 10_000n });
    expect(verdict.figures.eligibility).toBe('verified by an officer (Canada Elections Act s.363(1))');
  });
});

describe('s.366: anonymous contributions of $20 or less only', () => {
  it('given $20.00 from nobody known, then kept (no receipt needed)', () => {
    const verdict = judge({ donorId: 'anonymous-d1', attestations: {}, amountMinor: 2_000n });
    expect(verdict).toMatchObject({ outcome: 'accept', acceptedMinor: 2_000n, itemized: false });
    expect(verdict.figures.receiptRequired).toBe('false');
    expect(verdict.ruleIds).toEqual(['cea-anonymous-limit', 'cea-annual-limit-to-party', 'cea-disclosure']);
  });

  it('given $20.01 from nobody known, then refused whole', () => {
    expect(judge({ donorId: 'anonymous-d1', attestations: {}, amountMinor: 2_001n })).toMatchObject({ outcome: 'reject', code: 'cea_anonymous_over_limit', figures: { anonymousLimitMinor: '2000' } });
  });
});

describe('the $20 cash rule: no more than $20 in cash in respect of each contribution', () => {
  it('given $20.00 in cash, after cash given earlier in the year, then kept: each contribution is measured alone', () => {
    expect(judgeContribution(party2025, facts({ method: 'cash', amountMinor: 2_000n }), { ...inYear(50_000n), electionCashMinor: 10_000n })).toMatchObject({ outcome: 'accept', acceptedMinor: 2_000n });
  });

  it('given $20.01 in cash, then refused whole', () => {
    expect(judge({ method: 'cash', amountMinor: 2_001n })).toMatchObject({ outcome: 'reject', code: 'cea_cash_over_limit', ruleIds: ['cea-eligible-contributor', 'cea-cash-limit'] });
  });

  it('given $20.01 by cheque, then the cash rule does not apply', () => {
    expect(judge({ method: 'check', amountMinor: 2_001n })).toMatchObject({ outcome: 'accept', acceptedMinor: 2_001n });
  });
});

describe('s.367(1)(a): the calendar year\'s limit to the party ($1,750 in 2025)', () => {
  it('given nothing yet this year, when exactly $1,750.00 is given, then all of it is kept', () => {
    expect(judge({ amountMinor: LIMIT_2025 })).toMatchObject({ outcome: 'accept', acceptedMinor: LIMIT_2025, excessMinor: 0n, aggregateAfterMinor: LIMIT_2025, excessRemedy: null });
  });

  it('given nothing yet this year, when $1,750.01 is given, then $1,750.00 is kept and one cent goes back within 30 days', () => {
    const verdict = judge({ amountMinor: LIMIT_2025 + 1n });
    expect(verdict).toMatchObject({ outcome: 'accept', acceptedMinor: LIMIT_2025, excessMinor: 1n, excessRemedy: { dueOn: '2025-07-01', remedies: ['refund'] } });
    expect(verdict.figures).toMatchObject({ limitMinor: '175000', headroomMinor: '175000', acceptedMinor: '175000', excessMinor: '1', calendarYear: '2025' });
  });

  it('given $1,749.99 already given this year, when one cent is given, then it is kept and the year is at the limit', () => {
    expect(judge({ amountMinor: 1n }, LIMIT_2025 - 1n)).toMatchObject({ outcome: 'accept', acceptedMinor: 1n, aggregateAfterMinor: LIMIT_2025 });
  });

  it('given the year at the limit, when one more cent is given, then it is refused: nothing fits', () => {
    expect(judge({ amountMinor: 1n }, LIMIT_2025)).toMatchObject({ outcome: 'reject', code: 'cea_contributor_exceeds_annual_limit', figures: { headroomMinor: '0' } });
  });

  it('given the year at the 2025 limit, when a gift comes in 2026, then the 2026 pack\'s own limit applies (the aggregate key is the year)', () => {
    const verdict = judgeContribution(party2026, facts({ amountMinor: 177_500n, receivedAt: '2026-01-02T12:00:00Z' }), inYear(0n));
    expect(verdict).toMatchObject({ outcome: 'accept', acceptedMinor: 177_500n, excessMinor: 0n });
  });
});

describe('s.366(1) receipts and s.432(2) disclosure', () => {
  it('given $20.00 kept, then no receipt is required; $20.01, then one is', () => {
    expect(judge({ amountMinor: 2_000n }).figures.receiptRequired).toBe('false');
    expect(judge({ amountMinor: 2_001n }).figures.receiptRequired).toBe('true');
  });

  it('given a year reaching exactly $200.00, then the contributor is not named; at $200.01, then named', () => {
    expect(judge({ amountMinor: 5_000n }, 15_000n)).toMatchObject({ outcome: 'accept', itemized: false });
    expect(judge({ amountMinor: 5_001n }, 15_000n)).toMatchObject({ outcome: 'accept', itemized: true });
  });
});
