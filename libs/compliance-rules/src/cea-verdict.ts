import type { ExcessRemedy, FlagDeadline } from '#contracts';
import { isAnonymousDonor } from './anonymous-limit.rule.js';
import { yearInZone } from './calendar-zone.js';
import { checkCeaEligibleContributor } from './cea-eligible-contributor.rule.js';
import { ceaFigure, checkCeaAnonymous, checkCeaCash, splitAtCeaAnnualLimit } from './cea-limits.rule.js';
import type { ContributionFacts, ContributionVerdict, DonorStanding, Figures } from './contribution-facts.js';
import { CEA_RULE_IDS, type RuleId } from './rule-ids.js';
import { dueOnFor, type RulePack } from './rule-pack.js';

/** What the party must do about a contribution whose contributor's eligibility is not established. */
export const CEA_ACTIONS = Object.freeze({ establishEligibilityOrReturn: 'establish_eligibility_or_return' });

/** The Act lets a party give back the part over a limit; it knows no redesignation or reattribution. */
const CEA_EXCESS_REMEDIES: readonly ExcessRemedy[] = Object.freeze(['refund']);

/**
 * A contribution to a Canadian registered party, in this order:
 * 1. from a known contributor, who it is (s.363(1)): not an individual, or attested not a
 *    citizen or permanent resident: not kept, returned within 30 days (s.363(2)); nothing
 *    attested: flagged for an officer with the same 30 days, unless an officer verified it.
 *    From nobody known: over $20 refused (s.366); $20 or less kept.
 * 2. in cash, over $20 in one contribution (the Act's $20 cash rule): refused whole.
 * 3. the calendar year's limit to the party (s.367(1)(a)), in the party's zone: the part that
 *    fits is kept, the rest returned within 30 days; nothing fitting is a refusal.
 * 4. what is kept over $20 needs a receipt (s.366(1)); a year past $200 names the contributor
 *    in the party's return (s.432(2)): the verdict's `itemized`.
 * `standing.electionAggregateMinor` is the contributor's year so far (see calendarYearKey).
 */
export function judgeCeaContribution(pack: RulePack, facts: ContributionFacts, standing: DonorStanding): ContributionVerdict {
  const ruleIds: RuleId[] = [];
  const figures: Figures = { amountMinor: facts.amountMinor.toString(), calendarYear: String(yearInZone(facts.receivedAt, pack.timeZone)) };
  const refusal = whoMayContribute(pack, facts, ruleIds, figures);
  if (refusal !== null) return refusal;
  const cash = checkCeaCash(pack, facts.method, facts.amountMinor);
  if (cash.applies) {
    ruleIds.push(CEA_RULE_IDS.ceaCashLimit);
    figures.cashLimitMinor = cash.limitMinor.toString();
    if (!cash.ok) return { outcome: 'reject', code: 'cea_cash_over_limit', detail: `a contribution in cash is kept up to ${cash.limitMinor} minor units; ${facts.amountMinor} is over it`, ruleIds, figures };
  }
  return withinAnnualLimit(pack, facts, standing, ruleIds, figures);
}

/** Step 1: the refusal, return or flag the contributor's identity calls for, or null when it may give. */
function whoMayContribute(pack: RulePack, facts: ContributionFacts, ruleIds: RuleId[], figures: Figures): ContributionVerdict | null {
  if (isAnonymousDonor(facts.donorId)) {
    ruleIds.push(CEA_RULE_IDS.ceaAnonymousLimit);
    const anonymous = checkCeaAnonymous(pack, facts.amountMinor);
    figures.anonymousLimitMinor = anonymous.limitMinor.toString();
    if (anonymous.ok) return null;
    return { outcome: 'reject', code: 'cea_anonymous_over_limit', detail: `an anonymous contribution is kept up to ${anonymous.limitMinor} minor units; ${facts.amountMinor} is over it`, ruleIds, figures };
  }
  ruleIds.push(CEA_RULE_IDS.ceaEligibleContributor);
  const eligibility = checkCeaEligibleContributor({ type: facts.donorType, attestations: facts.attestations });
  const dueOn = dueOnFor(pack, 'ineligibleReturn', facts.receivedAt);
  if (eligibility.outcome === 'ineligible') {
    return { outcome: 'return', code: eligibility.code, detail: eligibility.detail, ruleIds, figures, returnDue: { action: 'return_to_donor', dueOn } };
  }
  if (eligibility.outcome === 'not_established' && facts.permissibilityVerified === true) {
    figures.eligibility = 'verified by an officer (Canada Elections Act s.363(1))';
  } else if (eligibility.outcome === 'not_established') {
    const deadlines: FlagDeadline[] = [{ action: CEA_ACTIONS.establishEligibilityOrReturn, dueOn }];
    return { outcome: 'flag', code: eligibility.code, detail: eligibility.detail, ruleIds, figures, deadlines };
  }
  return null;
}

function withinAnnualLimit(pack: RulePack, facts: ContributionFacts, standing: DonorStanding, ruleIds: RuleId[], figures: Figures): ContributionVerdict {
  const before = standing.electionAggregateMinor;
  const split = splitAtCeaAnnualLimit(pack, before, facts.amountMinor);
  ruleIds.push(CEA_RULE_IDS.ceaAnnualLimitToParty);
  figures.aggregateBeforeMinor = before.toString();
  figures.limitMinor = split.limitMinor.toString();
  figures.headroomMinor = split.headroomMinor.toString();
  if (split.withinMinor === 0n) {
    const detail = `contributor has given ${before} of ${split.limitMinor} minor units this calendar year; ${facts.amountMinor} would exceed it`;
    return { outcome: 'reject', code: 'cea_contributor_exceeds_annual_limit', detail, ruleIds, figures };
  }
  const after = before + split.withinMinor;
  figures.acceptedMinor = split.withinMinor.toString();
  figures.excessMinor = split.excessMinor.toString();
  figures.aggregateAfterMinor = after.toString();
  const receiptThreshold = ceaFigure(pack, 'receiptThreshold');
  const disclosureThreshold = ceaFigure(pack, 'disclosureThreshold');
  ruleIds.push(CEA_RULE_IDS.ceaDisclosure);
  figures.receiptRequired = String(split.withinMinor > receiptThreshold);
  figures.disclosureThresholdMinor = disclosureThreshold.toString();
  return {
    outcome: 'accept',
    acceptedMinor: split.withinMinor,
    excessMinor: split.excessMinor,
    aggregateAfterMinor: after,
    itemized: after > disclosureThreshold,
    excessRemedy: split.excessMinor > 0n ? { dueOn: dueOnFor(pack, 'excessRemedy', facts.receivedAt), remedies: CEA_EXCESS_REMEDIES } : null,
    bestEffortsRequest: null,
    ruleIds,
    figures,
  };
}
