import type { JurisdictionProfile } from '#contracts';

/**
 * What a committee's jurisdiction profile decides at intake. One row per profile of
 * JURISDICTION_PROFILES: adding a profile (a US PAC, a Canadian party) is a row here, a value
 * there and in proto/, and a rule pack in libs/compliance-rules; the type makes a missing row
 * a compile error. The numbers (limits, thresholds) live in the rule packs, dated.
 */
export interface JurisdictionIntakeRules {
  /** The currency the committee books and reports in; its campaigns and donations use it too. */
  currency: string;
  /** Whether the committee must name at least one election when it registers. */
  electionsRequired: boolean;
  /** Whether every donation counts towards an election (designated, or the committee's default). */
  donationsCountTowardsAnElection: boolean;
  /**
   * Whether the law counts its own country's days whatever zone the committee names (PPERA's
   * days, quarters and years are UK days): the committee's zone must then be the profile's default.
   */
  timeZoneFixedByLaw: boolean;
}

export const JURISDICTION_RULES: Readonly<Record<JurisdictionProfile, JurisdictionIntakeRules>> = Object.freeze({
  // Per-election limits: every donation belongs to a primary, general, runoff, ... (52 U.S.C. 30116).
  'US-FEC-CANDIDATE': { currency: 'USD', electionsRequired: true, donationsCountTowardsAnElection: true, timeZoneFixedByLaw: false },
  // PPERA aggregates by calendar year, not by election.
  'UK-PPERA-PARTY': { currency: 'GBP', electionsRequired: false, donationsCountTowardsAnElection: false, timeZoneFixedByLaw: true },
  // An accounting unit of a UK party: the same law, its own reporting threshold.
  'UK-PPERA-ACCOUNTING-UNIT': { currency: 'GBP', electionsRequired: false, donationsCountTowardsAnElection: false, timeZoneFixedByLaw: true },
  // A Canadian registered party: its limits run per calendar year, not per election (Canada Elections Act
  // s.367(1)(a)); the country spans six zones, so the party names the one its books are kept in.
  'CA-CEA-PARTY': { currency: 'CAD', electionsRequired: false, donationsCountTowardsAnElection: false, timeZoneFixedByLaw: false },
});
