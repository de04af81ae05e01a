import type { JurisdictionProfile } from '#contracts';
import { dayInZone } from './calendar-zone.js';
import { CEA_PACKS } from './cea-packs.js';
import { PPERA_PACKS } from './ppera-packs.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import { FEC_STRUCTURING } from './structuring.js';
import type { DatedAmount, DatedDays } from './dated-figures.js';
import type { RulePack } from './rule-pack.js';

// The shape of a pack and its dated figures live in leaf files, so the packs' modules can use
// them without importing this registry (and this registry import them).
export * from './dated-figures.js';
export * from './rule-pack.js';


// The FEC figures below that the law does not index stand from the first day this table
// covers (2023) until changed; the indexed individual limit has one entry per two-year period.
const FEC_SINCE = '2023-01-01';
const fecAmount = (amountMinor: bigint, citation: string, effectiveFrom = FEC_SINCE, effectiveTo: string | null = null): DatedAmount =>
  Object.freeze({ amountMinor, effectiveFrom, effectiveTo, citation });
const fecDays = (days: number, citation: string): DatedDays => Object.freeze({ days, effectiveFrom: FEC_SINCE, effectiveTo: null, citation });

const FEC_UNINDEXED = {
  cashLimit: fecAmount(10_000n, '11 CFR 110.4(c)(1)-(2)'),
  anonymousLimit: fecAmount(5_000n, '11 CFR 110.4(c)(3)'),
  itemizationThreshold: fecAmount(20_000n, '52 U.S.C. 30104(b)(3)(A); 11 CFR 104.3(a)(4)(i)'),
  earmarkSmallContribution: fecAmount(5_000n, '11 CFR 102.8(b)(1)'),
  // Not indexed (52 U.S.C. 30116(c) indexes only (a)(1)(A) and (B), (a)(3) and (h)).
  candidateCommitteeLimitPerElection: fecAmount(200_000n, '52 U.S.C. 30102(e)(3)(B); 11 CFR 102.12(c)(2)'),
  multicandidateLimitPerElection: fecAmount(500_000n, '52 U.S.C. 30116(a)(2)(A); 11 CFR 110.2(b)(1)'),
  partyCommitteeLimitPerElection: fecAmount(500_000n, '52 U.S.C. 30116(a)(2)(A); 11 CFR 110.2(b)(1), 110.3(b)(1)'),
};

const FEC_PERIODS = Object.freeze({
  excessRemedy: fecDays(60, '11 CFR 103.3(b)(3), 110.1(b)(5), 110.1(k)(3)'),
  // Gifts for a general election the candidate will not run in are refunded within 60 days.
  candidacyEndedRefund: fecDays(60, '11 CFR 102.9(e)(3)'),
  deposit: fecDays(10, '11 CFR 103.3(a)'),
  questionableDeposit: fecDays(10, '11 CFR 103.3(a), 103.3(b)(1)'),
  questionableEvidence: fecDays(30, '11 CFR 103.3(b)(1)'),
  bestEffortsRequest: fecDays(30, '11 CFR 104.7(b)(2)'),
  earmarkForwarding: fecDays(10, '11 CFR 102.8(a), (b)(2); 110.6(b)(2)(iii)'),
  earmarkForwardingSmall: fecDays(30, '11 CFR 102.8(b)(1)'),
});

const FEC_RULES: readonly RuleId[] = Object.freeze([
  RULE_IDS.prohibitedSource,
  RULE_IDS.anonymousLimit,
  RULE_IDS.cashLimit,
  RULE_IDS.questionableSource,
  RULE_IDS.individualLimitPerElection,
  RULE_IDS.itemizationThreshold,
]);

const fecPack = (from: string, to: string, individualLimitMinor: bigint): RulePack =>
  Object.freeze({
    version: `US-FEC-CANDIDATE/${from.slice(0, 4)}-${to.slice(0, 4)}`,
    jurisdiction: 'US-FEC-CANDIDATE',
    effectiveFrom: from,
    effectiveTo: to,
    timeZone: 'UTC',
    currency: 'USD',
    rules: FEC_RULES,
    amounts: Object.freeze({
      individualLimitPerElection: fecAmount(individualLimitMinor, `52 U.S.C. 30116(a)(1)(A), (c); 11 CFR 110.1(b), 110.17, indexed for ${from.slice(0, 4)}-${to.slice(0, 4)}`, from, to),
      ...FEC_UNINDEXED,
    }),
    periods: FEC_PERIODS,
    structuring: FEC_STRUCTURING,
  });

export const RULE_PACKS: readonly RulePack[] = Object.freeze([
  fecPack('2023-01-01', '2024-12-31', 330_000n),
  fecPack('2025-01-01', '2026-12-31', 350_000n),
  ...PPERA_PACKS,
  ...CEA_PACKS,
]);

export class NoRulePackError extends Error {
  readonly code = 'no_rule_pack_in_force';
  constructor(jurisdiction: string, day: string) {
    super(`no ${jurisdiction} rule pack is in force on ${day}`);
  }
}

/** The pack in force for a jurisdiction on the day of an instant, counted in the pack's time zone. */
export function rulePackFor(jurisdiction: JurisdictionProfile, at: string, packs: readonly RulePack[] = RULE_PACKS): RulePack {
  const candidates = packs.filter((p) => p.jurisdiction === jurisdiction);
  const zone = candidates[0]?.timeZone ?? 'UTC';
  const day = dayInZone(at, zone);
  if (day === null) throw new NoRulePackError(jurisdiction, at);
  const pack = candidates.find((p) => p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo));
  if (!pack) throw new NoRulePackError(jurisdiction, day);
  return pack;
}

const localised = new Map<string, RulePack>();

/**
 * The pack in force on the committee's local day of an instant, localised to that zone: every
 * date, year and deadline it gives is a calendar day of the committee's zone (issue 14: UTC
 * days are never a legal date). 23:30 in New York on 31 December 2024 is 2024 there, so the
 * 2023-24 pack, whatever the UTC day.
 */
export function rulePackInZone(jurisdiction: JurisdictionProfile, at: string, timeZone: string, packs: readonly RulePack[] = RULE_PACKS): RulePack {
  const found = findRulePackInZone(jurisdiction, at, timeZone, packs);
  if (typeof found === 'string') throw new NoRulePackError(jurisdiction, found);
  return found;
}

/**
 * `rulePackInZone` without the throw: the pack, or the day (or the instant, where it has no
 * day) on which none is in force. For a caller to whom "no pack" is an answer, not a failure.
 */
export function findRulePackInZone(jurisdiction: JurisdictionProfile, at: string, timeZone: string, packs: readonly RulePack[] = RULE_PACKS): RulePack | string {
  const day = dayInZone(at, timeZone);
  if (day === null) return at;
  const pack = packs.find((p) => p.jurisdiction === jurisdiction && p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo));
  if (!pack) return day;
  if (pack.timeZone === timeZone) return pack;
  const key = `${pack.version}|${timeZone}`;
  let zoned = localised.get(key);
  if (zoned === undefined || packs !== RULE_PACKS) {
    zoned = Object.freeze({ ...pack, timeZone });
    if (packs === RULE_PACKS) localised.set(key, zoned);
  }
  return zoned;
}
