import { dayInZone } from './calendar-zone.js';
import type { RulePack } from './rule-pack.js';

export const PAST_ELECTION_CITATION = '11 CFR 110.1(b)(3)(i)';

/** A gift for an election already held, measured against what that election still owes. */
export interface PastElectionCap {
  /** The election's day, before the committee-local day the gift was made. */
  electionDate: string;
  /** The election's net debts the committee has recorded as still outstanding; 0 when none are recorded. */
  netDebtsRemainingMinor: bigint;
  /** What of the gift may be kept: no more than the net debts (and no more than the limit left it). */
  withinMinor: bigint;
  citation: string;
}

/**
 * 11 CFR 110.1(b)(3)(i): a contribution designated for (or attributed to) an election after it
 * was held may be accepted only to the extent it does not exceed the net debts outstanding from
 * that election. Past is judged on the committee's local day of receipt: a gift on election day
 * is still for that election, the day after it is not. A committee that has recorded no net
 * debts for the election keeps none of it: the rest is an excess, for the officer to redesignate
 * to a later election or refund within the remedy period (110.1(b)(5)). Null when the election
 * is not past (or unknown). `withinLimitMinor` is what the donor's limit alone would keep.
 */
export function capAtNetDebts(
  pack: RulePack,
  gift: { receivedAt: string; electionDate: string | null; netDebtsRemainingMinor: bigint | null },
  withinLimitMinor: bigint,
): PastElectionCap | null {
  const receivedOn = dayInZone(gift.receivedAt, pack.timeZone);
  if (gift.electionDate === null || receivedOn === null || gift.electionDate >= receivedOn) return null;
  const remaining = gift.netDebtsRemainingMinor !== null && gift.netDebtsRemainingMinor > 0n ? gift.netDebtsRemainingMinor : 0n;
  return { electionDate: gift.electionDate, netDebtsRemainingMinor: remaining, withinMinor: withinLimitMinor < remaining ? withinLimitMinor : remaining, citation: PAST_ELECTION_CITATION };
}
