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
 * a source's donations in the calendar year over £11,180 (singly or aggregated, s.62(4)) is
 * reportable; after that (s.62(6)), a later one is reportable when it, alone or added to the
 * source's donations not yet recorded since the last one that was, is over £2,230. At an
 * accounting unit the figure is £2,230 for both. Passing means more than the figure: reaching
 * £11,180.00 exactly is not reportable, £11,180.01 is. `valueMinor` is what counts (zero for a
 * donation of £500 or less, which is disregarded and never reportable); `earlierValuesMinor` are
 * the values of the source's earlier donations that year, in the order they were accepted.
 */
export function checkReporting(pack: RulePack, earlierValuesMinor: readonly bigint[], valueMinor: bigint): ReportingVerdict {
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
    const { recorded, unrecordedMinor } = recordedSoFar(earlierValuesMinor, thresholdMinor, subsequentThresholdMinor);
    const figure = recorded ? subsequentThresholdMinor : thresholdMinor;
    if (unrecordedMinor + valueMinor > figure) mark = recorded ? `${prefix}_subsequent` : `${prefix}_threshold`;
  }
  return { applies: true, ruleId, mark, thresholdMinor, subsequentThresholdMinor };
}

/** Whether any of a source's donations of the year was recorded yet, and the sum of those since the last recorded (s.62(4), (6)). */
export function recordedSoFar(valuesMinor: readonly bigint[], thresholdMinor: bigint, subsequentThresholdMinor: bigint): { recorded: boolean; unrecordedMinor: bigint } {
  let recorded = false;
  let unrecordedMinor = 0n;
  for (const value of valuesMinor) {
    if (value <= 0n) continue;
    unrecordedMinor += value;
    if (unrecordedMinor > (recorded ? subsequentThresholdMinor : thresholdMinor)) {
      recorded = true;
      unrecordedMinor = 0n;
    }
  }
  return { recorded, unrecordedMinor };
}
