import type { JurisdictionProfile } from '#contracts';
import { judgeCeaContribution } from './cea-verdict.js';
import type { ContributionFacts, ContributionVerdict, DonorStanding } from './contribution-facts.js';
import { judgeFecContribution } from './fec-verdict.js';
import { judgePperaDonation } from './ppera-verdict.js';
import type { RulePack } from './rule-pack.js';

export type LawId = 'US-FEC' | 'UK-PPERA' | 'CA-CEA';

/**
 * What one law decides beyond its figures: how a contribution is judged, what a contributor's
 * total is counted over, whether rewards lower what a gift counts for, and whether the limits
 * are those of the election's cycle. Data and small pure functions, looked up by the pack's
 * jurisdiction: the engine (the donor aggregate, the committee's pack, the benefit handler)
 * asks the law and never names one, so a jurisdiction is added here and in its packs alone.
 */
export interface ContributionLaw {
  id: LawId;
  judge: (pack: RulePack, facts: ContributionFacts, standing: DonorStanding) => ContributionVerdict;
  /** 'election': a donor's total per election (designated or default); 'calendar_year': per calendar year in the committee's zone. */
  aggregatesBy: 'election' | 'calendar_year';
  /**
   * Under 'calendar_year', which year a contribution counts in: the year it was received, or the
   * year it was accepted. PPERA s.62(3) makes a donation "accepted by the party during that year"
   * a relevant donation of that year, so a gift received on 31 December and accepted on 1 January
   * counts in the new year; the Canada Elections Act counts contributions made (received) in a year.
   */
  calendarYearOf: 'received' | 'accepted';
  /** Whether the market value of a reward lowers what its donation counts for (PPERA s.50, s.53). */
  rewardsLowerTheCountedValue: boolean;
  /** Whether a gift for an election is held to the figures of that election's two-year cycle (52 U.S.C. 30116(c)). */
  limitsOfTheElectionCycle: boolean;
  /**
   * Whether the verdict reads the value of each earlier donation of the aggregate, not only their
   * total (PPERA s.62(6)(b): `DonorStanding.electionValuesMinor`). Where not, they are not listed:
   * a donor with hundreds of earlier gifts would cost a pass over them all on every decision.
   */
  readsEarlierValues: boolean;
}

export const CONTRIBUTION_LAWS: Readonly<Record<LawId, ContributionLaw>> = Object.freeze({
  'US-FEC': { id: 'US-FEC', judge: judgeFecContribution, aggregatesBy: 'election', calendarYearOf: 'received', rewardsLowerTheCountedValue: false, limitsOfTheElectionCycle: true, readsEarlierValues: false },
  'UK-PPERA': { id: 'UK-PPERA', judge: judgePperaDonation, aggregatesBy: 'calendar_year', calendarYearOf: 'accepted', rewardsLowerTheCountedValue: true, limitsOfTheElectionCycle: false, readsEarlierValues: true },
  // The Act values a contribution at what was paid; a benefit given for it is not netted here
  // (s.377's fundraising-event rule is the party's to apply when it sets a ticket's price).
  'CA-CEA': { id: 'CA-CEA', judge: judgeCeaContribution, aggregatesBy: 'calendar_year', calendarYearOf: 'received', rewardsLowerTheCountedValue: false, limitsOfTheElectionCycle: false, readsEarlierValues: false },
});

/** The law of each profile: a profile without one is a compile error. */
export const LAW_OF_PROFILE: Readonly<Record<JurisdictionProfile, LawId>> = Object.freeze({
  'US-FEC-CANDIDATE': 'US-FEC',
  'UK-PPERA-PARTY': 'UK-PPERA',
  'UK-PPERA-ACCOUNTING-UNIT': 'UK-PPERA',
  'CA-CEA-PARTY': 'CA-CEA',
});

export const lawOfProfile = (jurisdiction: JurisdictionProfile): ContributionLaw => CONTRIBUTION_LAWS[LAW_OF_PROFILE[jurisdiction]];

/** The law whose rules a pack holds the figures of. */
export const lawOf = (pack: RulePack): ContributionLaw => lawOfProfile(pack.jurisdiction);
