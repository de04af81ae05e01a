/**
 * The rules a pack can put in force, by the id every decision event names. The order here is
 * the order they are checked in: refusals that are certain (prohibited sources, anonymous and
 * cash limits) before a flag for a human, and both before the limit that splits an amount.
 */
export const RULE_IDS = Object.freeze({
  prohibitedSource: 'prohibited-source',
  anonymousLimit: 'anonymous-limit',
  cashLimit: 'cash-limit',
  questionableSource: 'questionable-source',
  individualLimitPerElection: 'individual-limit-per-election',
  itemizationThreshold: 'itemization-threshold',
  // PPERA 2000 (UK registered parties): who may give (s.54), then what must be reported (s.62).
  pperaPermissibleDonor: 'ppera-permissible-donor',
  pperaCentralReporting: 'ppera-central-party-reporting',
  pperaAccountingUnitReporting: 'ppera-accounting-unit-reporting',
});

/**
 * The rules of the Canada Elections Act for a registered party, kept apart from RULE_IDS (whose
 * order is the FEC's and PPERA's) because the Act's judge orders them itself (cea-verdict.ts):
 * who may contribute (s.363), anonymous and cash contributions ($20), the yearly limit
 * (s.367(1)(a)), receipts and disclosure (s.366, s.432).
 */
export const CEA_RULE_IDS = Object.freeze({
  ceaEligibleContributor: 'cea-eligible-contributor',
  ceaAnonymousLimit: 'cea-anonymous-limit',
  ceaCashLimit: 'cea-cash-limit',
  ceaAnnualLimitToParty: 'cea-annual-limit-to-party',
  ceaDisclosure: 'cea-disclosure',
});

export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS] | (typeof CEA_RULE_IDS)[keyof typeof CEA_RULE_IDS];
