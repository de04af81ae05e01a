import { CEA_RULE_IDS, type RuleId } from './rule-ids.js';
import type { DatedAmount, DatedDays } from './dated-figures.js';
import type { RulePack } from './rule-pack.js';

/*
 * The figures of the Canada Elections Act (S.C. 2000, c. 9) for a registered party, a pack per
 * calendar year. s.367(1)(a) and (b) set an individual's limits at $1,500 a calendar year to a
 * registered party, and $1,500 to the party's registered associations, nomination contestants
 * and candidates together; s.367 raises both by $25 on each 1 January, from $1,500 in 2015 (as
 * enacted by S.C. 2014, c. 12, s. 86), so 2025's limit is $1,750. The increase is set by the
 * Act, not published by an officer, so each year's figure is known in advance: the table runs
 * to the last year it lists, and a later day has no pack (no_rule_pack_in_force) until a
 * year is added here. The $20 figures (anonymous, cash, receipts) are not indexed.
 */
const CEA_FIRST_YEAR = 2015;
const CEA_LAST_YEAR = 2030;
const CEA_BASE_LIMIT_MINOR = 150_000n;
const CEA_YEARLY_INCREASE_MINOR = 2_500n;
const CEA_SINCE = `${CEA_FIRST_YEAR}-01-01`;
const TORONTO = 'America/Toronto';

const amount = (amountMinor: bigint, citation: string, effectiveFrom = CEA_SINCE, effectiveTo: string | null = null): DatedAmount =>
  Object.freeze({ amountMinor, effectiveFrom, effectiveTo, citation });

/** The yearly limit the Act sets for a year: the base, raised $25 for each 1 January since 2015. */
export const ceaAnnualLimitMinor = (year: number): bigint => CEA_BASE_LIMIT_MINOR + BigInt(year - CEA_FIRST_YEAR) * CEA_YEARLY_INCREASE_MINOR;

const UNINDEXED = Object.freeze({
  anonymousLimit: amount(2_000n, 'Canada Elections Act s.366(1)-(2) (no receipt, so no contributor named, only for a contribution of $20 or less)'),
  cashLimit: amount(2_000n, 'Canada Elections Act, Part 18, Division 1 (no individual contributes cash of more than $20 in respect of each contribution; the wording of Elections Canada form EC 20154)'),
  receiptThreshold: amount(2_000n, 'Canada Elections Act s.366(1) (a receipt for each contribution of more than $20)'),
  disclosureThreshold: amount(20_000n, "Canada Elections Act s.432(2) (the party's return names each contributor whose contributions total more than $200)"),
});

const PERIODS = Object.freeze({
  ineligibleReturn: Object.freeze<DatedDays>({
    days: 30,
    effectiveFrom: CEA_SINCE,
    effectiveTo: null,
    citation: 'Canada Elections Act s.363(2) (returned unused within 30 days after becoming aware, here the day of receipt)',
  }),
  excessRemedy: Object.freeze<DatedDays>({
    days: 30,
    effectiveFrom: CEA_SINCE,
    effectiveTo: null,
    citation: 'Canada Elections Act s.368(3) (no accepting over a limit); returned within 30 days, as s.363(2) for an ineligible one',
  }),
});

const RULES: readonly RuleId[] = Object.freeze([
  CEA_RULE_IDS.ceaEligibleContributor,
  CEA_RULE_IDS.ceaAnonymousLimit,
  CEA_RULE_IDS.ceaCashLimit,
  CEA_RULE_IDS.ceaAnnualLimitToParty,
  CEA_RULE_IDS.ceaDisclosure,
]);

function ceaPartyPack(year: number): RulePack {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const limit = ceaAnnualLimitMinor(year);
  const indexed = `Canada Elections Act s.367(1), $1,500 raised by $25 each 1 January since 2015: ${year}`;
  return Object.freeze({
    version: `CA-CEA-PARTY/${year}`,
    jurisdiction: 'CA-CEA-PARTY',
    effectiveFrom: from,
    effectiveTo: to,
    timeZone: TORONTO,
    currency: 'CAD',
    rules: RULES,
    amounts: Object.freeze({
      annualLimitToParty: amount(limit, `${indexed} (s.367(1)(a), to a particular registered party)`, from, to),
      annualLimitToPartyAffiliates: amount(limit, `${indexed} (s.367(1)(b), to the party's registered associations, nomination contestants and candidates together)`, from, to),
      ...UNINDEXED,
    }),
    periods: PERIODS,
  });
}

export const CEA_PACKS: readonly RulePack[] = Object.freeze(
  Array.from({ length: CEA_LAST_YEAR - CEA_FIRST_YEAR + 1 }, (_, i) => ceaPartyPack(CEA_FIRST_YEAR + i)),
);
