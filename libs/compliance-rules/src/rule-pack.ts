import type { JurisdictionProfile } from '#contracts';
import { dueOnInZone } from './calendar-zone.js';
import type { DatedAmount, DatedDays } from './dated-figures.js';
import type { RuleId } from './rule-ids.js';
import type { StructuringRules } from './structuring.js';

/** Amounts a rule compares against, in the pack's currency. */
export type AmountId =
  | 'individualLimitPerElection'
  // Per election, by kind of giver: another candidate's committee, a multicandidate committee, a party committee.
  | 'candidateCommitteeLimitPerElection'
  | 'multicandidateLimitPerElection'
  | 'partyCommitteeLimitPerElection'
  | 'cashLimit'
  | 'anonymousLimit'
  | 'itemizationThreshold'
  // PPERA: a donation over this counts (s.52(2)) and must come from a permissible donor (s.54).
  | 'permissibilityThreshold'
  // PPERA: the year's aggregate from one source over this is reportable (s.62).
  | 'reportingThreshold'
  // PPERA: a later donation over this from a source already past the reporting threshold is reportable.
  | 'subsequentReportingThreshold'
  // FEC conduits: an earmarked contribution of this much or less to a political committee may take the longer forwarding period.
  | 'earmarkSmallContribution'
  // Canada Elections Act: an individual's total in a calendar year to a registered party (s.367(1)(a)), and
  // to the party's registered associations, nomination contestants and candidates together (s.367(1)(b)).
  | 'annualLimitToParty'
  | 'annualLimitToPartyAffiliates'
  // Canada Elections Act: a receipt for every contribution over this (s.366(1)); the party's return names
  // every contributor whose year passes this (s.432(2)).
  | 'receiptThreshold'
  | 'disclosureThreshold';

/** Legal periods, in days from the day a donation was received. */
export type PeriodId =
  | 'excessRemedy'
  // FEC: a gift for a general election the candidate will not run in (lost the primary, withdrew) is refunded (11 CFR 102.9(e)(3)).
  | 'candidacyEndedRefund'
  // FEC: every receipt is deposited within 10 days of the treasurer's receipt (11 CFR 103.3(a)).
  | 'deposit'
  | 'questionableDeposit'
  | 'questionableEvidence'
  | 'bestEffortsRequest'
  | 'impermissibleReturn'
  // FEC conduits: forwarding an earmarked contribution, and the longer period for a small one to a political committee.
  | 'earmarkForwarding'
  | 'earmarkForwardingSmall'
  // Canada Elections Act: returning a contribution from an ineligible contributor (s.363(2)), or the part over a limit.
  | 'ineligibleReturn';

/**
 * The numbers of one jurisdiction for one period, held as data with the dates they are in
 * force. A donation is decided, and replayed, under the pack in force on the day it was
 * received; every decision names the pack's version. A figure that changes makes a new pack.
 */
export interface RulePack {
  version: string;
  jurisdiction: JurisdictionProfile;
  /** First day in force (inclusive), YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last day in force (inclusive), or null while current. */
  effectiveTo: string | null;
  /**
   * The zone whose calendar days the pack's dates, years and deadlines are counted in. A
   * committee's decisions use the pack in its own zone (rulePackInZone: the committee's IANA
   * zone, Europe/London for every UK profile); as stored here, before a committee localises it,
   * UTC for the FEC packs and Europe/London for PPERA.
   */
  timeZone: string;
  currency: string;
  /** The rules in force; they are checked in the order of RULE_IDS, whatever the order here. */
  rules: readonly RuleId[];
  amounts: Readonly<Partial<Record<AmountId, DatedAmount>>>;
  periods: Readonly<Partial<Record<PeriodId, DatedDays>>>;
  /** The structuring detectors' figures; absent where the pack runs none. */
  structuring?: StructuringRules;
}

/** Whether the pack puts a rule in force. */
export const hasRule = (pack: RulePack, ruleId: RuleId): boolean => pack.rules.includes(ruleId);

/** A figure of the pack, or null where the pack sets none. */
export const amountOf = (pack: RulePack, id: AmountId): bigint | null => pack.amounts[id]?.amountMinor ?? null;

/** A legal period of the pack, in days; a rule that needs one the pack lacks is a configuration error. */
export function daysOf(pack: RulePack, id: PeriodId): number {
  const period = pack.periods[id];
  if (!period) throw new Error(`rule pack ${pack.version} sets no ${id} period`);
  return period.days;
}

/**
 * The last day of a legal period of the pack for a donation received at `receivedAt`, counted
 * on the pack's calendar (the committee's local days) as the statute counts it (see
 * DatedDays.counting): never from a UTC day, never from the day compliance decided.
 */
export function dueOnFor(pack: RulePack, id: PeriodId, receivedAt: string): string {
  const period = pack.periods[id];
  if (!period) throw new Error(`rule pack ${pack.version} sets no ${id} period`);
  return dueOnInZone(receivedAt, period.counting === 'beginning_with_receipt' ? period.days - 1 : period.days, pack.timeZone);
}
