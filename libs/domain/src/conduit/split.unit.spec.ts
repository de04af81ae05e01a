import type { ConduitRecipientAddedV1 } from '#contracts';
import { spreadProRata } from './pro-rata.js';
import { checkSplit, MAX_RECIPIENTS_PER_CHECKOUT, type Allocation } from './split.js';

const recipient = (id: string): [string, ConduitRecipientAddedV1] => [
  id,
  { conduitCommitteeId: 'conduit', recipientCommitteeId: id, kind: 'hustings', committeeType: 'authorized_committee', name: id, fecId: null },
];
const served = new Map([recipient('c-a'), recipient('c-b'), recipient('c-c')]);
const to = (recipientCommitteeId: string, amountMinor: bigint, currency: string | null = null): Allocation => ({ recipientCommitteeId, amountMinor, currency, electionId: null });
const usd = (amountMinor: bigint) => ({ amountMinor, currency: 'USD' });

const refusal = (f: () => void): string => {
  try {
    f();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'accepted';
};

describe('checkSplit: whether one payment splits into these allocations', () => {
  it('given $100.00 to three served recipients adding up exactly, it passes', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n), to('c-b', 3_000n), to('c-c', 2_000n, 'USD')], served))).toBe('accepted');
  });

  it('given allocations one cent short of the payment, it refuses allocations_sum_mismatch', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n), to('c-b', 4_999n)], served))).toBe('allocations_sum_mismatch');
  });

  it('given allocations one cent over the payment, it refuses allocations_sum_mismatch', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n), to('c-b', 5_001n)], served))).toBe('allocations_sum_mismatch');
  });

  it('given a recipient the conduit does not serve, it refuses recipient_not_served', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n), to('c-x', 5_000n)], served))).toBe('recipient_not_served');
  });

  it('given one recipient twice, it refuses recipient_duplicated (before the sum is looked at)', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n), to('c-a', 4_000n)], served))).toBe('recipient_duplicated');
  });

  it(`given ${MAX_RECIPIENTS_PER_CHECKOUT + 1} allocations, it refuses too_many_recipients; ${MAX_RECIPIENTS_PER_CHECKOUT} pass that check`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => to(`c-${i}`, 100n));
    const all = new Map(Array.from({ length: 11 }, (_, i) => recipient(`c-${i}`)));
    expect(refusal(() => checkSplit(usd(1_100n), many(11), all))).toBe('too_many_recipients');
    expect(refusal(() => checkSplit(usd(1_000n), many(10), all))).toBe('accepted');
  });

  it('given an allocation in another currency than the payment, it refuses currency_mixed', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 5_000n, 'USD'), to('c-b', 5_000n, 'GBP')], served))).toBe('currency_mixed');
  });

  it('given a zero allocation, it refuses amount_must_be_positive', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [to('c-a', 10_000n), to('c-b', 0n)], served))).toBe('amount_must_be_positive');
  });

  it('given no allocation, it refuses allocations_sum_mismatch', () => {
    expect(refusal(() => checkSplit(usd(10_000n), [], served))).toBe('allocations_sum_mismatch');
  });
});

describe('spreadProRata: a reversal spread over shares in whole minor units', () => {
  it('given $100.00 shared 50/30/20 and a $10.00 refund, the parts are $5.00, $3.00 and $2.00', () => {
    expect(spreadProRata(1_000n, [5_000n, 3_000n, 2_000n])).toEqual([500n, 300n, 200n]);
  });

  it('given three equal shares and one cent, the cent goes to the first share (largest remainder, ties to the earlier)', () => {
    expect(spreadProRata(1n, [100n, 100n, 100n])).toEqual([1n, 0n, 0n]);
  });

  it('given three equal shares and $1.00, the parts are 34, 33 and 33 cents', () => {
    expect(spreadProRata(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
  });

  it('given a full refund, every share goes back whole', () => {
    expect(spreadProRata(10_000n, [7_001n, 2_999n])).toEqual([7_001n, 2_999n]);
  });

  it('given a share with nothing left, it takes no part', () => {
    expect(spreadProRata(500n, [0n, 1_000n])).toEqual([0n, 500n]);
  });

  it('always sums exactly and never gives a part more than its weight (randomized)', () => {
    let seed = 15;
    const next = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let round = 0; round < 2_000; round++) {
      const weights = Array.from({ length: 1 + next(10) }, () => BigInt(next(100_000)));
      const total = weights.reduce((s, w) => s + w, 0n);
      if (total === 0n) continue;
      const amount = BigInt(next(Number(total) + 1));
      const parts = spreadProRata(amount, weights);
      expect(parts.reduce((s, p) => s + p, 0n)).toBe(amount);
      parts.forEach((p, i) => expect(p <= weights[i] && p >= 0n).toBe(true));
    }
  });
});
