import type { Election } from '#contracts';

/**
 * The two-year election cycle an election falls in, named by its even year: elections of
 * 2025 and 2026 are cycle 2026. A House candidate's cycle runs to the general election of
 * the even year (11 CFR 100.3(b)); counting by calendar years is that, give or take the weeks
 * after a general election, which a committee registered per cycle does not straddle.
 */
export function cycleOfDay(day: string): number {
  const year = Number(day.slice(0, 4));
  return year % 2 === 0 ? year : year + 1;
}

/**
 * The committee's elections in the same cycle as `electionId`, itself included: a donor's
 * aggregate for itemization adds up what they gave towards each of them. An election the
 * committee does not list (an undesignated donation) is a cycle of its own.
 */
export function electionsOfCycle(elections: readonly Election[], electionId: string): string[] {
  const election = elections.find((e) => e.electionId === electionId);
  if (!election) return [electionId];
  const cycle = cycleOfDay(election.date);
  return elections.filter((e) => cycleOfDay(e.date) === cycle).map((e) => e.electionId);
}

/**
 * 11 CFR 110.1(b)(2)(ii) (and 110.2(b)(2)(ii) for multicandidate committees): a contribution
 * not designated in writing for a particular election is "with respect to ... the next election
 * for that Federal office after the contribution is made". Election day is still before the
 * polls close, so an undesignated gift made on primary day counts toward the primary and one
 * made the day after toward the general, whatever the committee named as its default. `day` is
 * the committee's local day the gift was made (null when unknown: no attribution). Elections on
 * the same day keep the committee's listing order. null when no listed election is still ahead:
 * the caller falls back to the committee's default.
 */
export function nextElectionOn(elections: readonly Election[], day: string | null): string | null {
  if (day === null) return null;
  let next: Election | null = null;
  for (const election of elections) if (election.date >= day && (next === null || election.date < next.date)) next = election;
  return next?.electionId ?? null;
}
