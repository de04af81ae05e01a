import { rulePackInZone, type RulePack } from '#compliance-rules';
import { committeeTimeZoneAt, type CommitteeState } from './committee.decider.js';

type RegisteredCommittee = CommitteeState & { status: 'registered' };

/**
 * The rule pack a committee decides a donation received at `at` under: the pack in force on
 * the committee's local day of `at`, counting every date, year and deadline in the committee's
 * zone as it was then (see committeeTimeZoneAt). Read from the committee state the caller
 * already holds: no ledger read.
 */
export function committeeRulePack(committee: Pick<RegisteredCommittee, 'jurisdiction' | 'timeZone' | 'timeZoneChanges'>, at: string): RulePack {
  return rulePackInZone(committee.jurisdiction, at, committeeTimeZoneAt(committee, at));
}
