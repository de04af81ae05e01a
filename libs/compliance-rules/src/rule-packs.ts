import type { JurisdictionProfile } from '#contracts';

/**
 * The numbers of each jurisdiction, held as data with the dates they are in force. A
 * donation is decided, and replayed, under the pack in force on the day it was received.
 */
export interface RulePack {
  version: string;
  jurisdiction: JurisdictionProfile;
  /** First day in force (inclusive), YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last day in force (inclusive), or null while current. */
  effectiveTo: string | null;
  currency: string;
  /** Most one individual may give per election, or null where the law sets none. */
  individualLimitPerElectionMinor: bigint | null;
}

export const RULE_PACKS: readonly RulePack[] = Object.freeze([
  {
    version: 'US-FEC-CANDIDATE/2023-2024',
    jurisdiction: 'US-FEC-CANDIDATE',
    effectiveFrom: '2023-01-01',
    effectiveTo: '2024-12-31',
    currency: 'USD',
    individualLimitPerElectionMinor: 330_000n,
  },
  {
    version: 'US-FEC-CANDIDATE/2025-2026',
    jurisdiction: 'US-FEC-CANDIDATE',
    effectiveFrom: '2025-01-01',
    effectiveTo: '2026-12-31',
    currency: 'USD',
    individualLimitPerElectionMinor: 350_000n,
  },
  {
    version: 'UK-PPERA-PARTY/2024',
    jurisdiction: 'UK-PPERA-PARTY',
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    currency: 'GBP',
    individualLimitPerElectionMinor: null,
  },
]);

export class NoRulePackError extends Error {
  readonly code = 'no_rule_pack_in_force';
  constructor(jurisdiction: string, day: string) {
    super(`no ${jurisdiction} rule pack is in force on ${day}`);
  }
}

/** The pack in force for a jurisdiction on the day of an instant (UTC). */
export function rulePackFor(jurisdiction: JurisdictionProfile, at: string, packs: readonly RulePack[] = RULE_PACKS): RulePack {
  const day = utcDayOf(at);
  if (day === null) throw new NoRulePackError(jurisdiction, at);
  const pack = packs.find(
    (p) => p.jurisdiction === jurisdiction && p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo),
  );
  if (!pack) throw new NoRulePackError(jurisdiction, day);
  return pack;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/;

/**
 * The UTC calendar day of an instant. Slicing the text would take the local day of an instant
 * written with an offset; an instant without a zone is refused, since its day would depend on
 * the machine's time zone and a replay elsewhere could pick another pack.
 */
function utcDayOf(at: string): string | null {
  const time = DAY.test(at) || INSTANT_WITH_ZONE.test(at) ? Date.parse(at) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}
