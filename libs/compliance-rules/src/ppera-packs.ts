import { UK_TIME_ZONE } from './calendar-zone.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import type { DatedAmount, DatedDays } from './dated-figures.js';
import type { RulePack } from './rule-pack.js';

/*
 * The figures of PPERA 2000 for a registered party, with the dates they are in force. The
 * permissibility figure (£500, s.52(2): a donation not over it is disregarded) and the
 * 30 days to return a donation (s.56(2)) stand since 2010; the reporting thresholds were
 * £7,500 (central party) and £1,500 (accounting unit) from 1 January 2010 and are £11,180
 * and £2,230 from 1 January 2024. A change of any figure is a new pack, so a donation is
 * decided, and replayed, under the figures in force on the day (UK time) it was received.
 */
const PPERA_SINCE = '2010-01-01';
const LONDON = UK_TIME_ZONE;

const amount = (amountMinor: bigint, citation: string, effectiveFrom: string, effectiveTo: string | null): DatedAmount =>
  Object.freeze({ amountMinor, effectiveFrom, effectiveTo, citation });

const PERIODS = Object.freeze({
  impermissibleReturn: Object.freeze<DatedDays>({
    days: 30,
    counting: 'beginning_with_receipt',
    effectiveFrom: PPERA_SINCE,
    effectiveTo: null,
    citation: 'PPERA 2000 s.56(2) (return within the period of 30 days beginning with the date the donation is received)',
  }),
});

const PERMISSIBILITY = amount(50_000n, 'PPERA 2000 s.52(2), s.54(1) (donations over £500, as amended by the Political Parties and Elections Act 2009)', PPERA_SINCE, null);

/** The central organisation of a party; an accounting unit reports at the lower figure. */
type Unit = 'central' | 'accounting_unit';

const RULES_OF: Readonly<Record<Unit, readonly RuleId[]>> = Object.freeze({
  central: Object.freeze([RULE_IDS.pperaPermissibleDonor, RULE_IDS.pperaCentralReporting]),
  accounting_unit: Object.freeze([RULE_IDS.pperaPermissibleDonor, RULE_IDS.pperaAccountingUnitReporting]),
});

function pperaPack(unit: Unit, from: string, to: string | null, centralMinor: bigint, unitMinor: bigint, amended: string): RulePack {
  const jurisdiction = unit === 'central' ? 'UK-PPERA-PARTY' : 'UK-PPERA-ACCOUNTING-UNIT';
  const reporting =
    unit === 'central'
      ? { reportingThreshold: amount(centralMinor, `PPERA 2000 s.62 and Sch.6 (reportable by the central organisation), ${amended}`, from, to) }
      : { reportingThreshold: amount(unitMinor, `PPERA 2000 s.62 and Sch.6 (reportable by an accounting unit), ${amended}`, from, to) };
  return Object.freeze({
    version: `${jurisdiction}/${from.slice(0, 4)}`,
    jurisdiction,
    effectiveFrom: from,
    effectiveTo: to,
    timeZone: LONDON,
    currency: 'GBP',
    rules: RULES_OF[unit],
    amounts: Object.freeze({
      permissibilityThreshold: PERMISSIBILITY,
      ...reporting,
      subsequentReportingThreshold: amount(unitMinor, `PPERA 2000 s.62 (later donations in the year from a source already past the threshold), ${amended}`, from, to),
    }),
    periods: PERIODS,
  });
}

const AMENDED_2010 = 'as amended by the Political Parties and Elections Act 2009, from 1 January 2010';
const AMENDED_2024 = 'as amended with effect from 1 January 2024';

export const PPERA_PACKS: readonly RulePack[] = Object.freeze([
  pperaPack('central', '2010-01-01', '2023-12-31', 750_000n, 150_000n, AMENDED_2010),
  pperaPack('central', '2024-01-01', null, 1_118_000n, 223_000n, AMENDED_2024),
  pperaPack('accounting_unit', '2010-01-01', '2023-12-31', 750_000n, 150_000n, AMENDED_2010),
  pperaPack('accounting_unit', '2024-01-01', null, 1_118_000n, 223_000n, AMENDED_2024),
]);
