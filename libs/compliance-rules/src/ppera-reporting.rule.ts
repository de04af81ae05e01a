import { RULE_IDS, type RuleId } from './rule-ids.js';
import { amountOf, hasRule, type RulePack } from './rule-packs.js';

/** Why a donation is reportable, by the figure it passed. */
export const PPERA_REPORTING_MARKS = [
  'central_party_threshold',
  'central_party_subsequent',
  'accounting_unit_threshold',
  'accounting_unit_subsequent',
] as const;
export type PperaReportingMark = (typeof PPERA_REPORTING_MARKS)[number];

export type ReportingVerdict =
  | { applies: false }
  | {
      applies: true;
      ruleId: RuleId;
      mark: PperaReportingMark | null;
      thresholdMinor: bigint;
      subsequentThresholdMinor: bigint;
    };

/**
 * PPERA 2000 s.62: what a party reports. At the central organisation, the donation that takes
 * a source's donations in the calendar year over £11,180 (singly or aggregated) is reportable;
 * so is each later one over £2,230 from a source already past £11,180 that year. At an
 * accounting unit the figure is £2,230 for both. Passing means more than the figure: reaching
 * £11,180.00 exactly is not reportable, £11,180.01 is. `valueMinor` is what counts (zero for a
 * donation of £500 or less, which is disregarded and never reportable).
 */
export function checkReporting(pack: RulePack, yearAggregateBeforeMinor: bigint, valueMinor: bigint): ReportingVerdict {
  const ruleId = hasRule(pack, RULE_IDS.pperaCentralReporting)
    ? RULE_IDS.pperaCentralReporting
    : hasRule(pack, RULE_IDS.pperaAccountingUnitReporting)
      ? RULE_IDS.pperaAccountingUnitReporting
      : null;
  const thresholdMinor = amountOf(pack, 'reportingThreshold');
  const subsequentThresholdMinor = amountOf(pack, 'subsequentReportingThreshold');
  if (ruleId === null || thresholdMinor === null || subsequentThresholdMinor === null) return { applies: false };
  const prefix = ruleId === RULE_IDS.pperaCentralReporting ? 'central_party' : 'accounting_unit';
  let mark: PperaReportingMark | null = null;
  if (valueMinor > 0n) {
    const alreadyPast = yearAggregateBeforeMinor > thresholdMinor;
    if (!alreadyPast && yearAggregateBeforeMinor + valueMinor > thresholdMinor) mark = `${prefix}_threshold`;
    else if (alreadyPast && valueMinor > subsequentThresholdMinor) mark = `${prefix}_subsequent`;
  }
  return { applies: true, ruleId, mark, thresholdMinor, subsequentThresholdMinor };
}
