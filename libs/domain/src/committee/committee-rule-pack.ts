import { cycleOfDay, dayInZone, findRulePackInZone, lawOf, rulePackInZone, type RulePack } from '#compliance-rules';
import { committeeTimeZoneAt, type CommitteeState } from './committee.decider.js';

type RegisteredCommittee = CommitteeState & { status: 'registered' };
type CommitteeZone = Pick<RegisteredCommittee, 'jurisdiction' | 'timeZone' | 'timeZoneChanges'>;

/**
 * The rule pack a committee decides a donation received at `at` under: the pack in force on
 * the committee's local day of `at`, counting every date, year and deadline in the committee's
 * zone as it was then (see committeeTimeZoneAt). Read from the committee state the caller
 * already holds: no ledger read.
 */
export function committeeRulePack(committee: CommitteeZone, at: string): RulePack {
  return rulePackInZone(committee.jurisdiction, at, committeeTimeZoneAt(committee, at));
}

/**
 * The committee's calendar day of an instant, in the zone it was in then: the one day every
 * legal date is read on (a gift at 23:30 in New York on 31 March is a 31 March gift, whatever
 * the UTC day). `at` must carry its zone (Z or an offset).
 */
export function committeeDayOf(committee: CommitteeZone, at: string): string {
  const day = dayInZone(at, committeeTimeZoneAt(committee, at));
  if (day === null) throw new RangeError(`${at} is not an instant with a time zone`);
  return day;
}

/** The pack a contribution is decided under, and what the decision must say about its figures. */
export interface ContributionPack {
  pack: RulePack;
  /** Added to the decision's figures: which cycle's limit applied, and whether it is published. */
  notes: Record<string, string>;
}

/**
 * 52 U.S.C. 30116(c) and 11 CFR 110.17: the indexed limits are those of the election's two-year
 * cycle, not of the calendar year a gift arrives in. A gift for the 2026 general received in
 * December 2024 counts against the 2025-26 figure. The deadlines still run from the day of
 * receipt, in the committee's zone. A cycle whose figures the FEC has not yet published (a gift
 * for 2028 received in 2026) is decided on the latest published figures, and the decision says
 * so (limitCycleFigures: unpublished) instead of silently taking the old figure. A law that
 * counts calendar years (PPERA, the Canada Elections Act) takes the pack in force on the day received.
 */
export function contributionPack(committee: CommitteeZone & Pick<RegisteredCommittee, 'elections'>, electionId: string | null, receivedAt: string): ContributionPack {
  const atReceipt = committeeRulePack(committee, receivedAt);
  const election = committee.elections.find((e) => e.electionId === electionId);
  if (!election || !lawOf(atReceipt).limitsOfTheElectionCycle) return { pack: atReceipt, notes: {} };
  const cycle = cycleOfDay(election.date);
  const limitCycle = `${cycle - 1}-${cycle}`;
  // Looked up without a throw: a gift for a cycle not yet published is common (every gift for
  // an election two years out), and an exception per decision cost a stack trace each time.
  const pack = findRulePackInZone(committee.jurisdiction, election.date, atReceipt.timeZone);
  if (typeof pack !== 'string') return { pack, notes: { limitCycle } };
  const why = election.date > atReceipt.effectiveFrom ? `unpublished: the FEC has not published the ${limitCycle} figures` : `not held: no pack here covers ${limitCycle}`;
  return { pack: atReceipt, notes: { limitCycle, limitCycleFigures: `${why}; ${atReceipt.version} applied` } };
}
