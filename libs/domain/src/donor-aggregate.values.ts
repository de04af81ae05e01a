import type { DonationReceivedV4 } from '#contracts';
import { calendarYearKey, countedValueMinor, isPperaPack, type RulePack } from '#compliance-rules';
// A cycle with the decider, read only when called: the decider uses these, these its constant.
import { UNDESIGNATED, type CountedContribution } from './donor-aggregate.decider.js';

/**
 * What a donation aggregates under on the donor's stream: its election under the FEC, its
 * calendar year in UK time under PPERA (`calendar-year-2026`).
 */
export function aggregationKeyOf(pack: RulePack, donation: Pick<DonationReceivedV4, 'electionId' | 'receivedAt'>): string {
  return isPperaPack(pack) ? calendarYearKey(pack, donation.receivedAt) : (donation.electionId ?? UNDESIGNATED);
}

/** What a counted donation counts for now towards the donor's aggregate. */
export function countedValueOf(contribution: CountedContribution): bigint {
  let benefitsMinor = 0n;
  for (const benefit of contribution.benefits.values()) if (!benefit.revoked) benefitsMinor += benefit.fairMarketValueMinor;
  return countedValueMinor({ keptMinor: contribution.amountMinor - contribution.reversedMinor, benefitsMinor, disregardAtOrBelowMinor: contribution.disregardAtOrBelowMinor });
}

