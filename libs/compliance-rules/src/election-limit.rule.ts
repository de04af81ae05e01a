import { EXCESS_REMEDIES, type DonorType, type ExcessRemedy } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { amountOf, dueOnFor, hasRule, type AmountId, type RulePack } from './rule-packs.js';

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

/** Which limit a kind of giver has per election, and how its gift is attributed. */
export interface DonorLimit {
  /** null: no limit (the candidate's own funds). */
  amountId: AmountId | null;
  /** Where the limit, or its absence, is set. */
  basis: string;
  /** Said on the decision when the gift is attributed to others too. */
  attribution: string | null;
}

/**
 * The per-election limit of each kind of giver to a candidate committee, checked by class:
 * - the candidate's own funds: none (11 CFR 110.10; reported as the candidate's);
 * - another candidate's authorized committee: $2,000 (52 U.S.C. 30102(e)(3)(B));
 * - a multicandidate committee or a party committee: $5,000 (52 U.S.C. 30116(a)(2)(A));
 * - a political committee that is not multicandidate, a partnership, an LLC treated as one and
 *   a single-member LLC: a "person" under 52 U.S.C. 30116(a)(1)(A), the individual's figure; a
 *   partnership's gift is also attributed to its partners (11 CFR 110.1(e)) and a single-member
 *   LLC's to its member alone (110.1(g)(4)), which the decision says for the officer.
 * Corporations and unions never reach here (prohibited-source); every other kind has the
 * individual's limit as a person would.
 */
export function donorLimitOf(type: DonorType): DonorLimit {
  switch (type) {
    case 'candidate':
      return { amountId: null, basis: "none: the candidate's personal funds (11 CFR 110.10)", attribution: null };
    case 'candidate_committee':
      return { amountId: 'candidateCommitteeLimitPerElection', basis: 'authorized committee to another candidate', attribution: null };
    case 'multicandidate_pac':
      return { amountId: 'multicandidateLimitPerElection', basis: 'multicandidate political committee', attribution: null };
    case 'party_committee':
      return { amountId: 'partyCommitteeLimitPerElection', basis: 'party committee', attribution: null };
    case 'partnership':
    case 'llc':
      return { amountId: 'individualLimitPerElection', basis: 'partnership (11 CFR 110.1(e), (g)(2))', attribution: "to the partnership and to each partner in proportion to their share of its profits (11 CFR 110.1(e)): each partner's share counts toward that partner's own limit" };
    case 'single_member_llc':
      return { amountId: 'individualLimitPerElection', basis: 'single-member LLC (11 CFR 110.1(g)(4))', attribution: "solely to the LLC's single member (11 CFR 110.1(g)(4)): it counts toward the member's own limit" };
    default:
      return { amountId: 'individualLimitPerElection', basis: 'person (52 U.S.C. 30116(a)(1)(A))', attribution: null };
  }
}

/**
 * 52 U.S.C. 30116(a)(1)(A): an individual's contributions to a candidate committee, per
 * election, may not exceed the limit (reaching it exactly is allowed). A donation that would
 * pass it is split: the part that fits is within the limit, the rest is excessive
 * (11 CFR 103.3(b)(3) lets the committee deposit it and remedy the excess). An aggregate
 * already above the limit leaves no headroom, never a negative one. A pack without the rule
 * keeps everything.
 */
export function splitAtElectionLimit(pack: RulePack, aggregateBeforeMinor: bigint, amountMinor: bigint, donorType: DonorType = 'individual'): LimitSplit {
  const { amountId } = donorLimitOf(donorType);
  const limitMinor = hasRule(pack, ELECTION_LIMIT_RULE_ID) && amountId !== null ? amountOf(pack, amountId) : null;
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
