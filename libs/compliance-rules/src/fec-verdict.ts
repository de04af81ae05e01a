import type { ExcessRemedy } from '#contracts';
import type { ContributionFacts, ContributionVerdict, DonorStanding, Figures, PartnerCount } from './contribution-facts.js';
import { checkAnonymousLimit, isAnonymousDonor } from './anonymous-limit.rule.js';
import { checkCashLimit } from './cash-limit.rule.js';
import { donorLimitOf, excessRemedyFor, splitAtElectionLimit, type LimitSplit } from './election-limit.rule.js';
import { capAtNetDebts } from './past-election.rule.js';
import { refundForEndedCandidacy } from './candidacy-ended.rule.js';
import { checkItemization, detailsAskedOf } from './itemization.rule.js';
import { checkProhibitedSource } from './prohibited-source.rule.js';
import { checkQuestionableSource, questionableSourceDeadlines } from './questionable-source.rule.js';
import { checkAttribution, splitAmongPartners, type AttributionFacts, type PartnerSplit } from './partner-attribution.rule.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import { dueOnFor, hasRule, type RulePack } from './rule-pack.js';

/**
 * A donation to a US candidate committee under every rule of the FEC pack, in the fixed order
 * of RULE_IDS: certain refusals first (prohibited source, anonymous over its limit, cash over
 * its limit), then a flag for a questionable source, then the per-election limit, which keeps
 * the part that fits and holds the excess for a remedy. Nothing fitting at all is a refusal: there is no part to
 * keep. Itemization is marked on what is kept. Pure: the same facts, standing and pack give
 * the same verdict, on replay as on the day.
 */
export function judgeFecContribution(pack: RulePack, facts: ContributionFacts, standing: DonorStanding): ContributionVerdict {
  const ruleIds: RuleId[] = [];
  const figures: Figures = { amountMinor: facts.amountMinor.toString() };
  const anonymous = isAnonymousDonor(facts.donorId);

  if (hasRule(pack, RULE_IDS.prohibitedSource)) {
    ruleIds.push(RULE_IDS.prohibitedSource);
    const source = checkProhibitedSource(pack, { type: facts.donorType, attestations: facts.attestations });
    if (source.prohibited) return { outcome: 'reject', code: source.code, detail: source.detail, ruleIds, figures };
  }

  const anonymousLimit = checkAnonymousLimit(pack, facts.donorId, facts.amountMinor);
  if (anonymousLimit.applies) {
    ruleIds.push(RULE_IDS.anonymousLimit);
    figures.anonymousLimitMinor = anonymousLimit.anonymousLimitMinor.toString();
    if (!anonymousLimit.ok) {
      const detail = `an anonymous donation is kept up to ${anonymousLimit.anonymousLimitMinor} minor units; ${facts.amountMinor} is over it`;
      return { outcome: 'reject', code: 'anonymous_over_limit', detail, ruleIds, figures };
    }
  }

  const cash = checkCashLimit(pack, facts.method, standing.electionCashMinor, facts.amountMinor);
  if (cash.applies) {
    ruleIds.push(RULE_IDS.cashLimit);
    figures.cashAggregateBeforeMinor = cash.cashAggregateBeforeMinor.toString();
    figures.cashLimitMinor = cash.cashLimitMinor.toString();
    if (!cash.ok) {
      const detail = `donor has given ${cash.cashAggregateBeforeMinor} of ${cash.cashLimitMinor} minor units in cash for this election; ${facts.amountMinor} more in cash would exceed it`;
      return { outcome: 'reject', code: 'cash_over_limit', detail, ruleIds, figures };
    }
  }

  if (hasRule(pack, RULE_IDS.questionableSource) && !anonymous) {
    ruleIds.push(RULE_IDS.questionableSource);
    const question = checkQuestionableSource(pack, { type: facts.donorType, attestations: facts.attestations, anonymous }, facts.receivedAt);
    if (question.questionable) return { outcome: 'flag', code: question.code, detail: question.detail, ruleIds, figures, deadlines: question.deadlines };
  }

  // A partnership's or an LLC's gift that does not say to whom it is attributed is a question
  // for the officer, on the same clock (103.3(b)(1)); cleared by the officer, it counts against
  // the giver alone, which the figures say.
  const attribution = checkAttribution(facts.donorType, facts.amountMinor, facts.attribution);
  if (attribution.citation !== null) figures.attributionCitation = attribution.citation;
  if (!attribution.ok) {
    if (hasRule(pack, RULE_IDS.questionableSource)) return { outcome: 'flag', code: attribution.code, detail: attribution.detail, ruleIds, figures, deadlines: questionableSourceDeadlines(pack, facts.receivedAt) };
    figures.attributionNotApplied = attribution.code;
  }

  return withinLimit(pack, facts, standing, ruleIds, figures, attribution.ok ? attribution.attribution : null);
}

type RemedyDue = { dueOn: string; remedies: readonly ExcessRemedy[] };

/**
 * What the election the gift counts toward leaves of the split at the limit (issue 14, item 5).
 * A candidacy that ended (11 CFR 102.9(e)(3)) keeps nothing: the whole gift is held for its
 * refund. A gift for an election already held keeps no more than that election's net debts
 * (110.1(b)(3)): the rest joins the excess, remedied like any excess. Either is said in the
 * figures, and either is held for the officer, never refused. A giver without a limit (the
 * candidate's own funds) is neither capped nor refunded.
 */
function cappedByElection(pack: RulePack, facts: ContributionFacts, split: LimitSplit, figures: Figures): { split: LimitSplit; past: boolean; remedy: RemedyDue | null } {
  const election = facts.election ?? null;
  if (split.limitMinor === null || election === null) return { split, past: false, remedy: null };
  const refund = refundForEndedCandidacy(pack, { receivedAt: facts.receivedAt, candidacyEndedOn: election.candidacyEndedOn ?? null });
  if (refund) {
    figures.candidacyEndedOn = refund.endedOn;
    figures.candidacyEndedCitation = refund.citation;
    const held = { ...split, withinMinor: 0n, excessMinor: facts.amountMinor, aggregateAfterMinor: split.aggregateBeforeMinor };
    return { split: held, past: true, remedy: { dueOn: refund.dueOn, remedies: refund.remedies } };
  }
  const cap = capAtNetDebts(pack, { receivedAt: facts.receivedAt, electionDate: election.date, netDebtsRemainingMinor: election.netDebtsRemainingMinor }, split.withinMinor);
  if (!cap) return { split, past: false, remedy: null };
  figures.pastElectionDate = cap.electionDate;
  figures.netDebtsOutstandingMinor = cap.netDebtsRemainingMinor.toString();
  figures.netDebtsCitation = cap.citation;
  const moved = split.withinMinor - cap.withinMinor;
  return { split: { ...split, withinMinor: cap.withinMinor, excessMinor: split.excessMinor + moved, aggregateAfterMinor: split.aggregateAfterMinor - moved }, past: true, remedy: null };
}

/**
 * What of the giver's kept part fits every partner's own limit (11 CFR 110.1(e), (g)): the rest
 * joins the excess. Each partner's figures are said, numbered in the attribution's order.
 */
function attributedToPartners(pack: RulePack, split: LimitSplit, attribution: AttributionFacts | null, standing: DonorStanding, figures: Figures): { split: LimitSplit; counts: PartnerCount[]; prohibited: NonNullable<PartnerSplit['prohibited']>[] } {
  if (attribution === null || split.limitMinor === null) return { split, counts: [], prohibited: [] };
  const among = splitAmongPartners(pack, split.withinMinor, attribution, (id) => standing.partnerElectionAggregateMinor?.get(id) ?? 0n);
  figures.attributionBasis = attribution.basis;
  among.partners.forEach((p, i) => {
    const key = `partner${i + 1}`;
    figures[`${key}DonorId`] = p.donorId;
    figures[`${key}ShareMinor`] = p.shareMinor.toString();
    figures[`${key}AggregateBeforeMinor`] = p.split.aggregateBeforeMinor.toString();
    if (p.split.limitMinor !== null) figures[`${key}LimitMinor`] = p.split.limitMinor.toString();
    figures[`${key}CountedMinor`] = p.split.withinMinor.toString();
    figures[`${key}ExcessMinor`] = p.split.excessMinor.toString();
    if (p.prohibited) {
      figures[`${key}Prohibited`] = p.prohibited.code;
      figures[`${key}ProhibitedCitation`] = p.prohibited.citation;
    }
  });
  const moved = split.withinMinor - among.keptMinor;
  const counts = among.partners.filter((p) => p.split.withinMinor > 0n).map((p) => ({ donorId: p.donorId, countedMinor: p.split.withinMinor, aggregateAfterMinor: p.split.aggregateAfterMinor }));
  const prohibited = among.partners.flatMap((p) => (p.prohibited ? [p.prohibited] : []));
  return { split: { ...split, withinMinor: among.keptMinor, excessMinor: split.excessMinor + moved, aggregateAfterMinor: split.aggregateAfterMinor - moved }, counts, prohibited };
}

/**
 * A gift part of which was attributed to a prohibited partner is refunded, never redesignated
 * or reattributed, on the clock of a contribution from a prohibited source (11 CFR 103.3(b)(1),
 * (b)(2)): within 30 days of receipt.
 */
const prohibitedShareRefund = (pack: RulePack, receivedAt: string): RemedyDue => ({ dueOn: dueOnFor(pack, 'questionableEvidence', receivedAt), remedies: ['refund'] });

function withinLimit(pack: RulePack, facts: ContributionFacts, standing: DonorStanding, ruleIds: RuleId[], figures: Figures, attribution: AttributionFacts | null): ContributionVerdict {
  const capped = cappedByElection(pack, facts, splitAtElectionLimit(pack, standing.electionAggregateMinor, facts.amountMinor, facts.donorType), figures);
  const { past, remedy } = capped;
  const { split, counts, prohibited } = attributedToPartners(pack, capped.split, attribution, standing, figures);
  // Every partner prohibited: nothing of the gift may be kept, so it is refused as theirs would be.
  const [firstProhibited] = prohibited;
  if (firstProhibited && split.withinMinor === 0n && counts.length === 0 && prohibited.length === attribution?.shares.length) {
    return { outcome: 'reject', code: firstProhibited.code, detail: firstProhibited.detail, ruleIds, figures };
  }
  const limitOfDonor = donorLimitOf(facts.donorType);
  figures.aggregateBeforeMinor = split.aggregateBeforeMinor.toString();
  // An individual's limit is the pack's individual figure, named by the rule id; any other kind
  // of giver says which limit it has, where it is set, and to whom its gift is attributed.
  if (hasRule(pack, RULE_IDS.individualLimitPerElection) && facts.donorType !== 'individual') {
    figures.limitBasis = limitOfDonor.basis;
    if (limitOfDonor.amountId !== null) figures.limitCitation = pack.amounts[limitOfDonor.amountId]?.citation ?? '';
    if (limitOfDonor.attribution !== null) figures.attribution = limitOfDonor.attribution;
  }
  if (split.limitMinor !== null && split.headroomMinor !== null) {
    ruleIds.push(RULE_IDS.individualLimitPerElection);
    figures.limitMinor = split.limitMinor.toString();
    figures.headroomMinor = split.headroomMinor.toString();
    // Over the donor's limit with nothing to keep: refused. A past election's gift is held whole
    // instead, so the officer can redesignate it to an election still ahead or refund it; the
    // gift for a candidacy that ended is held whole for its refund.
    if (split.withinMinor === 0n && !past) {
      const detail = `donor has given ${split.aggregateBeforeMinor} of ${split.limitMinor} minor units for this election; ${facts.amountMinor} would exceed it`;
      return { outcome: 'reject', code: 'donor_exceeds_election_limit', detail, ruleIds, figures };
    }
    figures.acceptedMinor = split.withinMinor.toString();
    figures.excessMinor = split.excessMinor.toString();
  }
  figures.aggregateAfterMinor = split.aggregateAfterMinor.toString();

  const itemization = checkItemization(pack, standing.cycleAggregateMinor + split.withinMinor, detailsAskedOf(facts.donorType, facts.detailsGiven), facts.receivedAt);
  if (itemization.applies) {
    ruleIds.push(RULE_IDS.itemizationThreshold);
    figures.cycleAggregateAfterMinor = itemization.cycleAggregateAfterMinor.toString();
    figures.itemizationThresholdMinor = itemization.thresholdMinor.toString();
  }
  return {
    outcome: 'accept',
    acceptedMinor: split.withinMinor,
    excessMinor: split.excessMinor,
    aggregateAfterMinor: split.aggregateAfterMinor,
    itemized: itemization.applies ? itemization.itemized || isPoliticalCommittee(facts.donorType) : null,
    excessRemedy: split.excessMinor > 0n ? (remedy ?? (prohibited.length > 0 ? prohibitedShareRefund(pack, facts.receivedAt) : excessRemedyFor(pack, facts.receivedAt))) : null,
    bestEffortsRequest: itemization.applies && !isPoliticalCommittee(facts.donorType) ? itemization.bestEffortsRequest : null,
    ...(counts.length > 0 ? { partnerCounts: counts } : {}),
    ruleIds,
    figures,
  };
}

/**
 * 52 U.S.C. 30104(b)(3)(B)-(D): a committee reports every political committee that contributes
 * to it, whatever the amount, so their gifts are itemized from the first cent; occupation and
 * employer are an individual's details, never asked of a committee.
 */
const isPoliticalCommittee = (type: ContributionFacts['donorType']): boolean =>
  type === 'candidate_committee' || type === 'multicandidate_pac' || type === 'pac' || type === 'party_committee';
