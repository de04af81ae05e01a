import type { RulePack } from './rule-packs.js';

export const ELECTION_LIMIT_RULE_ID = 'individual-limit-per-election';

export type LimitVerdict =
  | { ok: true; aggregateAfterMinor: bigint; headroomMinor: bigint | null }
  | { ok: false; aggregateMinor: bigint; limitMinor: bigint; headroomMinor: bigint };

/**
 * 52 U.S.C. 30116(a)(1)(A): an individual's contributions to a candidate committee, per
 * election, may not exceed the limit. The donation fits if the donor's aggregate for that
 * election plus this amount stays within the limit (equal to the limit is allowed).
 */
export function checkElectionLimit(pack: RulePack, aggregateMinor: bigint, amountMinor: bigint): LimitVerdict {
  const limitMinor = pack.individualLimitPerElectionMinor;
  if (limitMinor === null) return { ok: true, aggregateAfterMinor: aggregateMinor + amountMinor, headroomMinor: null };
  const headroomMinor = limitMinor - aggregateMinor;
  if (amountMinor <= headroomMinor) {
    return { ok: true, aggregateAfterMinor: aggregateMinor + amountMinor, headroomMinor: headroomMinor - amountMinor };
  }
  return { ok: false, aggregateMinor, limitMinor, headroomMinor: headroomMinor < 0n ? 0n : headroomMinor };
}
