import { EXCESS_REMEDIES, type ExcessRemedy } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { amountOf, dueOnFor, hasRule, type RulePack } from './rule-packs.js';

export const ELECTION_LIMIT_RULE_ID = RULE_IDS.individualLimitPerElection;

/** A donation measured against the donor's headroom for its election. */
export interface LimitSplit {
  /** null where the pack sets no limit. */
  limitMinor: bigint | null;
  aggregateBeforeMinor: bigint;
  /** What the donor may still give for this election before this donation; null without a limit. */
  headroomMinor: bigint | null;
  /** The part of the donation within the limit. */
  withinMinor: bigint;
  /** The part over it: an excessive contribution. */
  excessMinor: bigint;
  aggregateAfterMinor: bigint;
}

/**
 * 52 U.S.C. 30116(a)(1)(A): an individual's contributions to a candidate committee, per
 * election, may not exceed the limit (reaching it exactly is allowed). A donation that would
 * pass it is split: the part that fits is within the limit, the rest is excessive
 * (11 CFR 103.3(b)(3) lets the committee deposit it and remedy the excess). An aggregate
 * already above the limit leaves no headroom, never a negative one. A pack without the rule
 * keeps everything.
 */
export function splitAtElectionLimit(pack: RulePack, aggregateBeforeMinor: bigint, amountMinor: bigint): LimitSplit {
  const limitMinor = hasRule(pack, ELECTION_LIMIT_RULE_ID) ? amountOf(pack, 'individualLimitPerElection') : null;
  if (limitMinor === null) {
    return { limitMinor, aggregateBeforeMinor, headroomMinor: null, withinMinor: amountMinor, excessMinor: 0n, aggregateAfterMinor: aggregateBeforeMinor + amountMinor };
  }
  const headroomMinor = limitMinor > aggregateBeforeMinor ? limitMinor - aggregateBeforeMinor : 0n;
  const withinMinor = amountMinor < headroomMinor ? amountMinor : headroomMinor;
  return {
    limitMinor,
    aggregateBeforeMinor,
    headroomMinor,
    withinMinor,
    excessMinor: amountMinor - withinMinor,
    aggregateAfterMinor: aggregateBeforeMinor + withinMinor,
  };
}

/**
 * How an excess may be remedied and by when: refunded, redesignated to another election or
 * reattributed to a joint account holder, within 60 days of receipt (11 CFR 103.3(b)(3)).
 */
export function excessRemedyFor(pack: RulePack, receivedAt: string): { dueOn: string; remedies: readonly ExcessRemedy[] } {
  return { dueOn: dueOnFor(pack, 'excessRemedy', receivedAt), remedies: EXCESS_REMEDIES };
}
