import { ELECTION_LIMIT_RULE_ID, splitAtElectionLimit, type LimitSplit } from './election-limit.rule.js';
import { rulePackFor } from './rule-packs.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T00:00:00.000Z');
const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-03-01T00:00:00.000Z');
const ukParty = rulePackFor('UK-PPERA-PARTY', '2026-03-01T00:00:00.000Z');

const split = (limitMinor: bigint, before: bigint, within: bigint, excess: bigint): LimitSplit => ({
  limitMinor,
  aggregateBeforeMinor: before,
  headroomMinor: limitMinor > before ? limitMinor - before : 0n,
  withinMinor: within,
  excessMinor: excess,
  aggregateAfterMinor: before + within,
});

describe('splitAtElectionLimit', () => {
  it('is the individual-limit-per-election rule', () => {
    expect(ELECTION_LIMIT_RULE_ID).toBe('individual-limit-per-election');
  });

  describe('FEC 2025-26: $3,500.00 per election', () => {
    it.each([
      ['one cent under the limit', 349_999n, 349_999n, 0n],
      ['exactly the limit', 350_000n, 350_000n, 0n],
      ['one cent over the limit', 350_001n, 350_000n, 1n],
      ['$5,000.00', 500_000n, 350_000n, 150_000n],
    ])('given nothing given yet, when %s is given, then it keeps what fits and splits off the rest', (_case, amount, within, excess) => {
      expect(splitAtElectionLimit(fec2026, 0n, amount)).toEqual(split(350_000n, 0n, within, excess));
    });

    it('given $3,499.99 given, then one cent reaches the limit and two cents leave one excessive', () => {
      expect(splitAtElectionLimit(fec2026, 349_999n, 1n)).toEqual(split(350_000n, 349_999n, 1n, 0n));
      expect(splitAtElectionLimit(fec2026, 349_999n, 2n)).toEqual(split(350_000n, 349_999n, 1n, 1n));
    });

    it('given the limit reached, then nothing more fits: all of one cent is excessive', () => {
      expect(splitAtElectionLimit(fec2026, 350_000n, 1n)).toEqual(split(350_000n, 350_000n, 0n, 1n));
    });

    it('given $1,000 given, then $2,500 fits exactly and $2,500.01 leaves one cent excessive', () => {
      expect(splitAtElectionLimit(fec2026, 100_000n, 250_000n)).toEqual(split(350_000n, 100_000n, 250_000n, 0n));
      expect(splitAtElectionLimit(fec2026, 100_000n, 250_001n)).toEqual(split(350_000n, 100_000n, 250_000n, 1n));
    });

    it('given an aggregate already above the limit, then the headroom is zero, never negative', () => {
      expect(splitAtElectionLimit(fec2026, 360_000n, 1n)).toEqual({ ...split(350_000n, 360_000n, 0n, 1n), headroomMinor: 0n });
    });
  });

  it('applies the 2023-24 limit of $3,300.00 under that pack', () => {
    expect(splitAtElectionLimit(fec2024, 0n, 330_000n)).toEqual(split(330_000n, 0n, 330_000n, 0n));
    expect(splitAtElectionLimit(fec2024, 0n, 330_001n)).toEqual(split(330_000n, 0n, 330_000n, 1n));
    // The same $3,400 is excessive by $100 under 2023-24 and fits whole under 2025-26.
    expect(splitAtElectionLimit(fec2024, 0n, 340_000n).excessMinor).toBe(10_000n);
    expect(splitAtElectionLimit(fec2026, 0n, 340_000n).excessMinor).toBe(0n);
  });

  it('keeps everything, with no headroom to speak of, where the pack sets no limit', () => {
    expect(splitAtElectionLimit(ukParty, 10_000_000n, 5_000_000n)).toEqual({
      limitMinor: null,
      aggregateBeforeMinor: 10_000_000n,
      headroomMinor: null,
      withinMinor: 5_000_000n,
      excessMinor: 0n,
      aggregateAfterMinor: 15_000_000n,
    });
  });
});
