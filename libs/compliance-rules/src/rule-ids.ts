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

export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS];
