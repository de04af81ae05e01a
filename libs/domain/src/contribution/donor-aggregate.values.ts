import type { DonationReceivedV4, PaymentMethod } from '#contracts';
import { calendarYearKey, countedValueMinor, lawOf, type RulePack } from '#compliance-rules';

/** Election a donation counts towards when none is designated and the committee has no default. */
export const UNDESIGNATED = 'undesignated';

/** What one donation counts for on the donor's aggregate (the state the decider keeps per donation). */
export interface CountedContribution {
  electionId: string;
  /** When it was counted (the decision's instant): a link's excess is held on the latest first. */
  countedAt: string;
  /** The part counted: for an excessive contribution, less than was received. */
  amountMinor: bigint;
  aggregateAfterMinor: bigint;
  reversedMinor: bigint;
  /** null: counted before payment methods were recorded (not counted as cash). */
  paymentMethod: PaymentMethod | null;
  itemized: boolean | null;
  ruleIds: string[];
  figures: Record<string, string>;
  /**
   * PPERA: rewards granted for this donation, by grant id, with their market value; a revoked
   * one stays listed (revoked) so that its grant, delivered late, changes nothing.
   */
  benefits: Map<string, { fairMarketValueMinor: bigint; revoked: boolean }>;
  /** PPERA: a donation worth this or less is disregarded (s.52(2)); null under the FEC. */
  disregardAtOrBelowMinor: bigint | null;
}

/**
 * What a donation aggregates under on the donor's stream, as the pack's law counts: its
 * election under the FEC, its calendar year in the committee's zone under PPERA and the Canada
 * Elections Act (`calendar-year-2026`): the year it is accepted in under PPERA (s.62(3);
 * `acceptedAt` is the decision's instant), the year received under the Canada Elections Act.
 */
export function aggregationKeyOf(pack: RulePack, donation: Pick<DonationReceivedV4, 'electionId' | 'receivedAt'>, acceptedAt: string): string {
  const law = lawOf(pack);
  if (law.aggregatesBy !== 'calendar_year') return donation.electionId ?? UNDESIGNATED;
  return calendarYearKey(pack, law.calendarYearOf === 'accepted' ? acceptedAt : donation.receivedAt);
}

/** What a counted donation counts for now towards the donor's aggregate. */
export function countedValueOf(contribution: CountedContribution): bigint {
  let benefitsMinor = 0n;
  for (const benefit of contribution.benefits.values()) if (!benefit.revoked) benefitsMinor += benefit.fairMarketValueMinor;
  return countedValueMinor({ keptMinor: contribution.amountMinor - contribution.reversedMinor, benefitsMinor, disregardAtOrBelowMinor: contribution.disregardAtOrBelowMinor });
}

