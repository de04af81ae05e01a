import type { DonorAttestations, DonorType, FlagDeadline } from '#contracts';
import { RULE_IDS } from './rule-ids.js';
import { dueOnFor, hasRule, type RulePack } from './rule-pack.js';

export type QuestionableSourceCode = 'source_citizenship_not_attested' | 'source_type_unverified';

export type QuestionableVerdict =
  | { questionable: false }
  | { questionable: true; code: QuestionableSourceCode; detail: string; deadlines: FlagDeadline[] };

/** What the committee must do about a questionable contribution (11 CFR 103.3(b)(1)). */
export const QUESTIONABLE_SOURCE_ACTIONS = Object.freeze({
  /** Deposit it or return it, within 10 days of receipt. */
  depositOrReturn: 'deposit_or_return',
  /** If deposited: evidence that it is legal within 30 days of receipt, or refund it. */
  obtainEvidenceOrRefund: 'obtain_evidence_or_refund',
});

/**
 * A contribution that presents a genuine question whether its source is allowed is neither
 * kept nor refused by the rules: it is flagged for an officer with the FEC's clock
 * (11 CFR 103.3(b)(1)): deposit or return it within 10 days of receipt, and once deposited,
 * obtain evidence of its legality within 30 days of receipt or refund it.
 *
 * Questionable here (and so flagged, not refused) — a decision we documented:
 * - an individual who has not attested being a US citizen or permanent resident. The
 *   attestation missing is not proof of being a foreign national (an explicit "no" is, and
 *   is refused by prohibited-source), but without it the committee cannot show the money is
 *   legal, which is exactly the FEC's "questionable" case;
 * - a donor of type 'other' (partnership, LLC, political committee, ...): whether it may
 *   give, and under which limit, depends on what it is, which only an officer can establish.
 * An anonymous donor under the anonymous limit is not questioned: nobody can be asked.
 */
export function checkQuestionableSource(
  pack: RulePack,
  donor: { type: DonorType; attestations: DonorAttestations; anonymous: boolean },
  receivedAt: string,
): QuestionableVerdict {
  if (!hasRule(pack, RULE_IDS.questionableSource) || donor.anonymous) return { questionable: false };
  // 'other', and the UK kinds of organisation PPERA names (a building society, an LLP, ...):
  // what each may give under the FEC depends on what it is, which only an officer can establish.
  if (!FEC_KNOWN_KINDS.has(donor.type)) {
    return flag(pack, receivedAt, 'source_type_unverified', 'the donor is neither an individual nor a known organisation type: whether it may give must be established');
  }
  if (donor.type === 'individual' && donor.attestations.usCitizenOrPermanentResident !== true) {
    return flag(pack, receivedAt, 'source_citizenship_not_attested', 'the donor has not attested being a US citizen or permanent resident');
  }
  return { questionable: false };
}

/** The kinds of giver the FEC rules know the limit or the prohibition of (donorLimitOf, prohibited-source). */
const FEC_KNOWN_KINDS: ReadonlySet<DonorType> = new Set<DonorType>([
  'individual',
  'company',
  'trade_union',
  'candidate',
  'candidate_committee',
  'multicandidate_pac',
  'pac',
  'party_committee',
  'partnership',
  'llc',
  'single_member_llc',
]);

function flag(pack: RulePack, receivedAt: string, code: QuestionableSourceCode, detail: string): QuestionableVerdict {
  return { questionable: true, code, detail, deadlines: questionableSourceDeadlines(pack, receivedAt) };
}

/**
 * The FEC's clock for any contribution whose legality is in question (11 CFR 103.3(b)(1)),
 * also a partnership's gift that does not say to whom it is attributed (partner-attribution.rule.ts).
 */
export function questionableSourceDeadlines(pack: RulePack, receivedAt: string): FlagDeadline[] {
  return [
    { action: QUESTIONABLE_SOURCE_ACTIONS.depositOrReturn, dueOn: dueOnFor(pack, 'questionableDeposit', receivedAt) },
    { action: QUESTIONABLE_SOURCE_ACTIONS.obtainEvidenceOrRefund, dueOn: dueOnFor(pack, 'questionableEvidence', receivedAt) },
  ];
}
