import type { FlagDeadline } from '#contracts';
import { yearInZone } from './calendar-zone.js';
import type { ContributionFacts, ContributionVerdict, DonorStanding, Figures } from './contribution-facts.js';
import { checkPermissibleDonor } from './ppera-permissible-donor.rule.js';
import { checkReporting } from './ppera-reporting.rule.js';
import { countedValueMinor } from './ppera-value.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import { amountOf, dueOnFor, type RulePack } from './rule-pack.js';

/** What the party must do about a donation whose donor's permissibility is not established. */
export const PPERA_ACTIONS = Object.freeze({ establishPermissibilityOrReturn: 'establish_permissibility_or_return' });

/**
 * A donation to a UK registered party (or its accounting unit), in this order:
 * 1. £500 or less: disregarded (s.52(2)), neither checked for permissibility nor counted
 *    towards the donor's year; accepted. £500.00 is disregarded, £500.01 is a donation.
 * 2. over it, from a donor who cannot be identified or is impermissible: not accepted; to be
 *    returned within 30 days of receipt (s.56(2)). Not established either way: flagged for an
 *    officer with the same 30 days.
 * 3. accepted whole (PPERA sets no limit), counted towards the donor's calendar year (UK
 *    time) of acceptance (s.62(3)), and marked reportable when it passes the pack's reporting figures (s.62).
 * `standing.electionAggregateMinor` is the donor's year so far (see calendarYearKey).
 */
export function judgePperaDonation(pack: RulePack, facts: ContributionFacts, standing: DonorStanding): ContributionVerdict {
  const ruleIds: RuleId[] = [RULE_IDS.pperaPermissibleDonor];
  const thresholdMinor = amountOf(pack, 'permissibilityThreshold');
  if (thresholdMinor === null) throw new Error(`rule pack ${pack.version} sets no permissibilityThreshold`);
  const figures: Figures = {
    amountMinor: facts.amountMinor.toString(),
    permissibilityThresholdMinor: thresholdMinor.toString(),
    // s.62(3): the year the party accepts the donation in, which differs from receipt only at New Year.
    calendarYear: String(yearInZone(facts.acceptedAt ?? facts.receivedAt, pack.timeZone)),
  };
  const valueMinor = countedValueMinor({ keptMinor: facts.amountMinor, benefitsMinor: 0n, disregardAtOrBelowMinor: thresholdMinor });
  if (valueMinor > 0n) {
    const donor = { donorId: facts.donorId, type: facts.donorType, attestations: facts.attestations, registrationNumber: facts.registrationNumber };
    const permissibility = checkPermissibleDonor(donor);
    const dueOn = dueOnFor(pack, 'impermissibleReturn', facts.receivedAt);
    if (permissibility.outcome === 'impermissible') {
      const action = permissibility.code === 'ppera_unidentifiable_donor' ? 'return_to_transferor_or_pay_electoral_commission' : 'return_to_donor';
      return { outcome: 'return', code: permissibility.code, detail: permissibility.detail, ruleIds, figures, returnDue: { action, dueOn } };
    }
    if (permissibility.outcome === 'not_established' && facts.permissibilityVerified === true) {
      // The officer's verification completes the case: accepted once, as a permissible donation.
      figures.permissibility = 'verified by an officer (PPERA s.56(1))';
    } else if (permissibility.outcome === 'not_established') {
      const deadlines: FlagDeadline[] = [{ action: PPERA_ACTIONS.establishPermissibilityOrReturn, dueOn }];
      return { outcome: 'flag', code: permissibility.code, detail: permissibility.detail, ruleIds, figures, deadlines };
    }
  }
  return reportable(pack, standing, valueMinor, facts.amountMinor, ruleIds, figures);
}

function reportable(pack: RulePack, standing: DonorStanding, valueMinor: bigint, amountMinor: bigint, ruleIds: RuleId[], figures: Figures): ContributionVerdict {
  const before = standing.electionAggregateMinor;
  const after = before + valueMinor;
  figures.countedMinor = valueMinor.toString();
  figures.aggregateBeforeMinor = before.toString();
  figures.aggregateAfterMinor = after.toString();
  const reporting = checkReporting(pack, standing.electionValuesMinor ?? (before > 0n ? [before] : []), valueMinor);
  if (reporting.applies) {
    ruleIds.push(reporting.ruleId);
    figures.reportingThresholdMinor = reporting.thresholdMinor.toString();
    figures.subsequentReportingThresholdMinor = reporting.subsequentThresholdMinor.toString();
    if (reporting.mark) figures.reportingMark = reporting.mark;
  }
  return {
    outcome: 'accept',
    acceptedMinor: amountMinor,
    excessMinor: 0n,
    aggregateAfterMinor: after,
    itemized: reporting.applies ? reporting.mark !== null : null,
    excessRemedy: null,
    bestEffortsRequest: null,
    ruleIds,
    figures,
  };
}
