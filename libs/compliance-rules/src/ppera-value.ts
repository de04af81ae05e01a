import { yearInZone } from './calendar-zone.js';
import type { RulePack } from './rule-pack.js';

/**
 * The key a donor's donations aggregate under when its law counts per calendar year: the year,
 * in the pack's zone, of the instant the law counts from (the acceptance under PPERA s.62(3),
 * see ContributionLaw.calendarYearOf). It takes the place of the FEC's election on the donor's
 * aggregate stream.
 */
export const calendarYearKey = (pack: RulePack, at: string): string => `calendar-year-${yearInZone(at, pack.timeZone)}`;

/**
 * What a donation counts for under PPERA: what was kept (less what went back) above the market
 * value of the benefits the donor received for it (s.50, s.53), and nothing at all when that is
 * £500 or less (s.52(2): such a donation is disregarded). Without a disregard figure (the FEC)
 * it is what was kept less what went back; the FEC counts benefits in full, so none are passed.
 */
export function countedValueMinor(input: { keptMinor: bigint; benefitsMinor: bigint; disregardAtOrBelowMinor: bigint | null }): bigint {
  const net = input.keptMinor - input.benefitsMinor;
  if (net <= 0n) return 0n;
  return input.disregardAtOrBelowMinor !== null && net <= input.disregardAtOrBelowMinor ? 0n : net;
}
