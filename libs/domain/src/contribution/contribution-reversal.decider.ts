import { CURRENT_VERSIONS, deterministicId, type ContributionReversed } from '#contracts';
import { countedAmounts } from '../donation/donation-amounts.js';
import type { DonorAggregateState } from './donor-aggregate.decider.js';

export interface ReverseContribution {
  type: 'ReverseContribution';
  donationId: string;
  committeeId: string;
  donorId: string;
  currency: string;
  /** The donation's money as its stream tells it now. */
  receivedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
  /** The refund or chargeback being handled: the reversal's id derives from it and from what was reversed before. */
  causationEventId: string;
  reason: 'refund' | 'chargeback';
  correlationId: string;
  decidedAt: string;
}

/**
 * Takes back from the donor's aggregate the part of a counted donation that refunds and
 * chargebacks reversed, so the donor's next donation sees the headroom again. The amount is
 * what the donation should no longer count for, less what was reversed already: handling the
 * same refund twice, or a second refund whose amount an earlier reversal already covered,
 * reverses nothing more. A donation compliance never counted (rejected, not yet decided) has
 * nothing to reverse; counting it later sees the refund through the same rule.
 */
export function reverseContribution(command: ReverseContribution, state: DonorAggregateState): ContributionReversed[] {
  const contribution = state.counted.get(command.donationId);
  if (!contribution) return [];
  const { countedMinor } = countedAmounts({
    receivedMinor: command.receivedMinor,
    acceptedMinor: contribution.amountMinor,
    refundedMinor: command.refundedMinor,
    chargedBackMinor: command.chargedBackMinor,
  });
  const dueMinor = contribution.amountMinor - countedMinor - contribution.reversedMinor;
  if (dueMinor <= 0n) return [];
  return [
    {
      // Named by its cause and by what was reversed before it: a concurrent handler that read
      // the same aggregate derives the same id, and the expected revision stops any other.
      eventId: deterministicId('contribution-reversed', command.causationEventId, contribution.reversedMinor.toString(10)),
      type: 'ContributionReversed',
      version: CURRENT_VERSIONS.ContributionReversed,
      payload: {
        donationId: command.donationId,
        donorId: command.donorId,
        electionId: contribution.electionId,
        amountMinor: dueMinor.toString(10),
        currency: command.currency,
        reason: command.reason,
      },
      metadata: {
        occurredAt: command.decidedAt,
        correlationId: command.correlationId,
        causationId: command.causationEventId,
        committeeId: command.committeeId,
        donorId: command.donorId,
        actor: 'compliance',
      },
    },
  ];
}
