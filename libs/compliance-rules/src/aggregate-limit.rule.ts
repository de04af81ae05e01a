import type { DonorType } from '#contracts';
import { ceaFigure } from './cea-limits.rule.js';
import { ELECTION_LIMIT_RULE_ID, splitAtElectionLimit } from './election-limit.rule.js';
import { CEA_RULE_IDS, type RuleId } from './rule-ids.js';
import { hasRule, type RulePack } from './rule-pack.js';

/**
 * What a donor's counted contributions may add up to under one aggregation key of the pack:
 * per election by the kind of giver under the FEC (52 U.S.C. 30116(a)), per calendar year to
 * the party under the Canada Elections Act (s.367(1)(a)); null where the pack sets none (PPERA
 * limits no amount, and the candidate's own funds have no limit). The same figures the
 * decisions split a donation at, read here for an aggregate already counted: two donor
 * identities linked as one person are held to it together (issue 14, item 12).
 */
export function aggregateLimitOf(pack: RulePack, donorType: DonorType): bigint | null {
  if (hasRule(pack, CEA_RULE_IDS.ceaAnnualLimitToParty)) return ceaFigure(pack, 'annualLimitToParty');
  return splitAtElectionLimit(pack, 0n, 0n, donorType).limitMinor;
}

/** The rule aggregateLimitOf reads the figure of, named on what it decides. */
export const aggregateLimitRuleIdOf = (pack: RulePack): RuleId => (hasRule(pack, CEA_RULE_IDS.ceaAnnualLimitToParty) ? CEA_RULE_IDS.ceaAnnualLimitToParty : ELECTION_LIMIT_RULE_ID);
