import { aggregateLimitOf, aggregateLimitRuleIdOf } from './aggregate-limit.rule.js';
import { rulePackFor } from './rule-packs.js';

describe('the aggregate limit of a pack', () => {
  const fec = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');

  it.each([
    ['an individual', 'individual', 350_000n],
    ['a multicandidate PAC', 'multicandidate_pac', 500_000n],
    ['the candidate', 'candidate', null],
  ] as const)('given the FEC pack for 2025-26, when %s gives (%s), then the limit per election is %s', (_who, type, limit) => {
    expect(aggregateLimitOf(fec, type)).toBe(limit);
    expect(aggregateLimitRuleIdOf(fec)).toBe('individual-limit-per-election');
  });

  it('given a PPERA pack, then no amount is limited', () => {
    expect(aggregateLimitOf(rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z'), 'individual')).toBeNull();
  });

  it('given the Canadian pack, then the limit is the year\'s to the party', () => {
    const pack = rulePackFor('CA-CEA-PARTY', '2026-03-01T12:00:00.000Z');
    expect(aggregateLimitOf(pack, 'individual')).toBe(pack.amounts.annualLimitToParty?.amountMinor);
    expect(aggregateLimitRuleIdOf(pack)).toBe('cea-annual-limit-to-party');
  });
});
