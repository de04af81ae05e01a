import { CURRENT_VERSIONS, deterministicId, parseMinor, type ContributionBenefitRecorded } from '#contracts';
import { lawOf, type RulePack } from '#compliance-rules';
import type { DonorAggregateState } from './donor-aggregate.decider.js';
import { countedValueOf } from './donor-aggregate.values.js';

/**
 * A reward granted for a donation (RewardGranted) or taken back (RewardRevoked): the fields
 * both carry that compliance reads.
 */
export interface RewardBenefitFacts {
  grantId: string;
  committeeId: string;
  donorId: string;
  donationId: string;
  fairMarketValueMinor: string;
  currency: string;
}

export interface RecordContributionBenefit {
  type: 'RecordContributionBenefit';
  change: 'granted' | 'revoked';
  reward: RewardBenefitFacts;
  /** The pack in force on the day the donation was received. */
  pack: RulePack;
  causationEventId: string;
  correlationId: string;
  decidedAt: string;
}

/**
 * Under PPERA a donation's value is what was paid above the market value of what the donor
 * got for it (s.50, s.53): a granted reward lowers what the donation counts for towards the
 * donor's year (to nothing once it is worth £500 or less), and revoking it restores that. The
 * FEC counts the whole amount, so nothing is recorded where the pack's law does not net rewards. Each grant is recorded once per
 * change, under an id derived from the grant: a redelivered RewardGranted changes nothing, and
 * a revocation seen before its grant leaves the grant, when it comes, without effect. A donation
 * not counted (returned, flagged, not yet decided) has no value to adjust.
 */
export function recordContributionBenefit(command: RecordContributionBenefit, state: DonorAggregateState): ContributionBenefitRecorded[] {
  const { reward, change, pack } = command;
  if (!lawOf(pack).rewardsLowerTheCountedValue) return [];
  const contribution = state.counted.get(reward.donationId);
  if (!contribution) return [];
  const known = contribution.benefits.get(reward.grantId);
  if (known && (change === 'granted' || known.revoked)) return [];
  const benefit = { fairMarketValueMinor: parseMinor(reward.fairMarketValueMinor), revoked: change === 'revoked' };
  const after = countedValueOf({ ...contribution, benefits: new Map(contribution.benefits).set(reward.grantId, benefit) });
  return [
    {
      eventId: deterministicId('contribution-benefit-recorded', reward.grantId, change),
      type: 'ContributionBenefitRecorded',
      version: CURRENT_VERSIONS.ContributionBenefitRecorded,
      payload: {
        donationId: reward.donationId,
        donorId: reward.donorId,
        electionId: contribution.electionId,
        grantId: reward.grantId,
        change,
        fairMarketValueMinor: reward.fairMarketValueMinor,
        currency: reward.currency,
        countedBeforeMinor: countedValueOf(contribution).toString(10),
        countedAfterMinor: after.toString(10),
        rulePackVersion: pack.version,
      },
      metadata: {
        occurredAt: command.decidedAt,
        correlationId: command.correlationId,
        causationId: command.causationEventId,
        committeeId: reward.committeeId,
        donorId: reward.donorId,
        actor: 'compliance',
      },
    },
  ];
}
