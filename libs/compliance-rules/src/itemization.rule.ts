import type { DonorDetail, DonorDetailsGiven, DonorType } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { amountOf, dueOnFor, hasRule, type RulePack } from './rule-pack.js';

export type ItemizationVerdict =
  | { applies: false }
  | {
      applies: true;
      itemized: boolean;
      thresholdMinor: bigint;
      cycleAggregateAfterMinor: bigint;
      /** Set when itemized and the donor left out details a report must carry. */
      bestEffortsRequest: { missingDetails: DonorDetail[]; dueOn: string } | null;
    };

/**
 * 52 U.S.C. 30104(b)(3)(A): a candidate committee reports by name, mailing address,
 * occupation and employer every donor whose contributions in the election cycle add up to
 * more than $200, with the contribution that passes $200 and every later one. $200.00
 * exactly is not itemized; $200.01 is. The aggregate is what the committee keeps (the parts
 * accepted, less what went back).
 *
 * 11 CFR 104.7(b): where such a donor left out details, the committee shows best efforts by
 * asking at least once, within 30 days of receipt. Details not known to have been given (a
 * donation recorded before intake said which were) are asked for, like missing ones.
 */
export function checkItemization(
  pack: RulePack,
  cycleAggregateAfterMinor: bigint,
  detailsGiven: DonorDetailsGiven | null,
  receivedAt: string,
): ItemizationVerdict {
  const thresholdMinor = amountOf(pack, 'itemizationThreshold');
  if (!hasRule(pack, RULE_IDS.itemizationThreshold) || thresholdMinor === null) return { applies: false };
  const itemized = cycleAggregateAfterMinor > thresholdMinor;
  const bestEffortsRequest = itemized ? bestEffortsRequestFor(pack, detailsGiven, receivedAt) : null;
  return { applies: true, itemized, thresholdMinor, cycleAggregateAfterMinor, bestEffortsRequest };
}

/** For an itemized donation: the request due for the details its donor left out, or null when none are missing. */
export function bestEffortsRequestFor(
  pack: RulePack,
  detailsGiven: DonorDetailsGiven | null,
  receivedAt: string,
): { missingDetails: DonorDetail[]; dueOn: string } | null {
  const missingDetails = missing(detailsGiven);
  return missingDetails.length > 0 ? { missingDetails, dueOn: dueOnFor(pack, 'bestEffortsRequest', receivedAt) } : null;
}

function missing(given: DonorDetailsGiven | null): DonorDetail[] {
  const details: DonorDetail[] = [];
  if (!given?.mailingAddress) details.push('mailing_address');
  if (!given?.occupation) details.push('occupation');
  if (!given?.employer) details.push('employer');
  return details;
}

/**
 * What identifying a contributor asks (52 U.S.C. 30101(13)): of an individual, name, mailing
 * address, occupation and employer; of any other person, such as a partnership or an LLC
 * giving as one, name and address only. An organisation is never asked an occupation.
 */
export function detailsAskedOf(donorType: DonorType, given: DonorDetailsGiven | null): DonorDetailsGiven | null {
  if (donorType !== 'partnership' && donorType !== 'llc') return given;
  return { mailingAddress: given?.mailingAddress ?? false, occupation: true, employer: true };
}
