import { lawOf } from './contribution-laws.js';
import type { ContributionFacts, ContributionVerdict, DonorStanding } from './contribution-facts.js';
import type { RulePack } from './rule-pack.js';

export * from './contribution-facts.js';

/**
 * A contribution judged under the law of the pack (contribution-laws.ts): the FEC's rules for a
 * US candidate committee (fec-verdict.ts), PPERA's for a UK party (ppera-verdict.ts), the Canada
 * Elections Act's for a Canadian party (cea-verdict.ts). Pure: the same facts, standing and pack
 * give the same verdict, on replay as on the day.
 */
export function judgeContribution(pack: RulePack, facts: ContributionFacts, standing: DonorStanding): ContributionVerdict {
  return lawOf(pack).judge(pack, facts, standing);
}
