import { checkAnonymousLimit, isAnonymousDonor } from './anonymous-limit.rule.js';
import { checkCashLimit } from './cash-limit.rule.js';
import { rulePackFor } from './rule-packs.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T12:00:00.000Z');
const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-03-01T12:00:00.000Z');
const uk = rulePackFor('UK-PPERA-PARTY', '2026-03-01T12:00:00.000Z');

describe('cash limit (FEC): $100.00 in currency per donor per election', () => {
  it.each([
    ['one cent under', 0n, 9_999n, true],
    ['exactly $100.00', 0n, 10_000n, true],
    ['one cent over', 0n, 10_001n, false],
    ['$60.00 after $40.00 in cash', 4_000n, 6_000n, true],
    ['$60.01 after $40.00 in cash', 4_000n, 6_001n, false],
    ['one cent once $100.00 was given in cash', 10_000n, 1n, false],
  ])('given %s, then ok is %s', (_case, before, amount, ok) => {
    expect(checkCashLimit(fec2026, 'cash', before, amount)).toEqual({ applies: true, ok, cashAggregateBeforeMinor: before, cashLimitMinor: 10_000n, amountMinor: amount });
  });

  it('is the same $100.00 under the 2023-24 pack', () => {
    expect(checkCashLimit(fec2024, 'cash', 0n, 10_001n)).toMatchObject({ applies: true, ok: false, cashLimitMinor: 10_000n });
  });

  it.each(['card', 'check', 'bank_transfer', 'in_kind'] as const)('does not apply to a payment by %s', (method) => {
    expect(checkCashLimit(fec2026, method, 10_000n, 500_000n)).toEqual({ applies: false });
  });

  it('does not apply under a pack without the rule', () => {
    expect(checkCashLimit(uk, 'cash', 0n, 1_000_000n)).toEqual({ applies: false });
  });
});

describe('anonymous limit (FEC): $50.00', () => {
  const anonymous = 'anonymous-5f0c6a3e-1b2c-8d4e-9f00-112233445566';

  it('knows an anonymous donor by the id intake gives one', () => {
    expect([isAnonymousDonor(anonymous), isAnonymousDonor('3f1d2a7b8e90'), isAnonymousDonor('not-anonymous-x')]).toEqual([true, false, false]);
  });

  it.each([
    ['one cent under', 4_999n, true],
    ['exactly $50.00', 5_000n, true],
    ['one cent over', 5_001n, false],
  ])('given %s, then ok is %s', (_case, amount, ok) => {
    expect(checkAnonymousLimit(fec2026, anonymous, amount)).toEqual({ applies: true, ok, anonymousLimitMinor: 5_000n, amountMinor: amount });
  });

  it('does not apply to an identified donor, nor under a pack without the rule', () => {
    expect(checkAnonymousLimit(fec2026, 'donor-hash', 1_000_000n)).toEqual({ applies: false });
    expect(checkAnonymousLimit(uk, anonymous, 1_000_000n)).toEqual({ applies: false });
  });
});
