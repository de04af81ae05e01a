import { checkElectionLimit, ELECTION_LIMIT_RULE_ID } from './election-limit.rule.js';
import { rulePackFor } from './rule-packs.js';

const fec2026 = rulePackFor('US-FEC-CANDIDATE', '2026-03-01T00:00:00.000Z');
const fec2024 = rulePackFor('US-FEC-CANDIDATE', '2024-03-01T00:00:00.000Z');
const ukParty = rulePackFor('UK-PPERA-PARTY', '2026-03-01T00:00:00.000Z');

describe('checkElectionLimit', () => {
  it('is the individual-limit-per-election rule', () => {
    expect(ELECTION_LIMIT_RULE_ID).toBe('individual-limit-per-election');
  });

  describe('FEC 2025-26: $3,500.00 per election', () => {
    it('accepts a first donation of exactly the limit, leaving no headroom', () => {
      expect(checkElectionLimit(fec2026, 0n, 350_000n)).toEqual({ ok: true, aggregateAfterMinor: 350_000n, headroomMinor: 0n });
    });

    it('refuses a first donation one cent over the limit', () => {
      expect(checkElectionLimit(fec2026, 0n, 350_001n)).toEqual({
        ok: false,
        aggregateMinor: 0n,
        limitMinor: 350_000n,
        headroomMinor: 350_000n,
      });
    });

    it('accepts the last cent that reaches the limit exactly', () => {
      expect(checkElectionLimit(fec2026, 349_999n, 1n)).toEqual({ ok: true, aggregateAfterMinor: 350_000n, headroomMinor: 0n });
    });

    it('refuses one cent once the donor is at the limit', () => {
      expect(checkElectionLimit(fec2026, 350_000n, 1n)).toEqual({ ok: false, aggregateMinor: 350_000n, limitMinor: 350_000n, headroomMinor: 0n });
    });

    it('counts what was already given: $1,000 given leaves $2,500 of headroom', () => {
      expect(checkElectionLimit(fec2026, 100_000n, 250_000n)).toEqual({ ok: true, aggregateAfterMinor: 350_000n, headroomMinor: 0n });
      expect(checkElectionLimit(fec2026, 100_000n, 250_001n)).toEqual({
        ok: false,
        aggregateMinor: 100_000n,
        limitMinor: 350_000n,
        headroomMinor: 250_000n,
      });
      expect(checkElectionLimit(fec2026, 100_000n, 1n)).toEqual({ ok: true, aggregateAfterMinor: 100_001n, headroomMinor: 249_999n });
    });

    it('reports no negative headroom for an aggregate already above the limit', () => {
      expect(checkElectionLimit(fec2026, 360_000n, 1n)).toEqual({ ok: false, aggregateMinor: 360_000n, limitMinor: 350_000n, headroomMinor: 0n });
    });
  });

  it('applies the 2023-24 limit of $3,300.00 to that pack', () => {
    expect(checkElectionLimit(fec2024, 0n, 330_000n)).toEqual({ ok: true, aggregateAfterMinor: 330_000n, headroomMinor: 0n });
    expect(checkElectionLimit(fec2024, 0n, 330_001n)).toEqual({ ok: false, aggregateMinor: 0n, limitMinor: 330_000n, headroomMinor: 330_000n });
  });

  it('has no limit, and so no headroom, where the pack sets none', () => {
    expect(checkElectionLimit(ukParty, 10_000_000n, 5_000_000n)).toEqual({ ok: true, aggregateAfterMinor: 15_000_000n, headroomMinor: null });
  });
});
