import {
  CURRENT_VERSIONS,
  deterministicId,
  parseMinor,
  type ContributionCounted,
  type DonationAccepted,
  type DonationReceivedV2,
  type DonationRejected,
  type DonorAggregateEvent,
  type EventMetadata,
} from '#contracts';
import { checkElectionLimit, ELECTION_LIMIT_RULE_ID, type RulePack } from '#compliance-rules';
import { assertNever } from './rejection.js';

/** A donor's counted contributions to one committee, per election. */
export interface DonorAggregateState {
  byElection: Map<string, bigint>;
  /**
   * Every donation counted, with the election and amount it was counted for, the aggregate
   * recorded when it was counted (what a re-decision must report again) and how much of it
   * refunds and chargebacks have reversed since. A donation stays listed once reversed in
   * full, so that deciding it again can never count it a second time.
   */
  counted: Map<string, CountedContribution>;
}

export interface CountedContribution {
  electionId: string;
  amountMinor: bigint;
  aggregateAfterMinor: bigint;
  reversedMinor: bigint;
}

export const initialDonorAggregate = (): DonorAggregateState => ({ byElection: new Map(), counted: new Map() });

export function evolveDonorAggregate(state: DonorAggregateState, event: DonorAggregateEvent): DonorAggregateState {
  const byElection = new Map(state.byElection);
  const counted = new Map(state.counted);
  const { electionId, donationId } = event.payload;
  const amount = parseMinor(event.payload.amountMinor);
  const before = byElection.get(electionId) ?? 0n;
  switch (event.type) {
    case 'ContributionCounted':
      byElection.set(electionId, before + amount);
      counted.set(donationId, { electionId, amountMinor: amount, aggregateAfterMinor: parseMinor(event.payload.aggregateAfterMinor), reversedMinor: 0n });
      break;
    case 'ContributionReversed': {
      byElection.set(electionId, before - amount);
      const contribution = counted.get(donationId);
      if (contribution) counted.set(donationId, { ...contribution, reversedMinor: contribution.reversedMinor + amount });
      break;
    }
    default:
      return assertNever(event);
  }
  return { byElection, counted };
}

/** Election a donation counts towards when none is designated and the committee has no default. */
export const UNDESIGNATED = 'undesignated';

export interface DecideContribution {
  type: 'DecideContribution';
  donation: DonationReceivedV2;
  /** Event id of the DonationReceived being decided: the ids of what follows derive from it. */
  causationEventId: string;
  correlationId: string;
  pack: RulePack;
  decidedAt: string;
}

export type ContributionDecision =
  | { outcome: 'accept'; counted: ContributionCounted | null; accepted: DonationAccepted }
  | { outcome: 'reject'; rejected: DonationRejected };

/**
 * Decides a received donation against the donor's aggregate. Deciding the same donation
 * again gives the same answer with the same event ids: a redelivered message, or a retry
 * after a crash between the two appends, writes nothing new.
 */
export function decideContribution(command: DecideContribution, state: DonorAggregateState): ContributionDecision {
  const { donation, pack } = command;
  const electionId = donation.electionId ?? UNDESIGNATED;
  const amount = parseMinor(donation.amountMinor);
  const metadata = metadataFor(command);
  const already = state.counted.get(donation.donationId);
  if (already) {
    // Report the aggregate as it was counted, not as it stands now: later donations by the
    // same donor must not change the figures of a decision that is only being repeated.
    return { outcome: 'accept', counted: null, accepted: acceptedEvent(command, metadata, electionId, already.aggregateAfterMinor) };
  }
  const aggregate = state.byElection.get(electionId) ?? 0n;
  const verdict = checkElectionLimit(pack, aggregate, amount);
  if (!verdict.ok) return { outcome: 'reject', rejected: rejectedEvent(command, metadata, verdict) };
  const counted: ContributionCounted = {
    eventId: deterministicId('contribution-counted', command.causationEventId),
    type: 'ContributionCounted',
    version: CURRENT_VERSIONS.ContributionCounted,
    payload: {
      donationId: donation.donationId,
      donorId: donation.donor.donorId,
      electionId,
      amountMinor: donation.amountMinor,
      currency: donation.currency,
      aggregateAfterMinor: verdict.aggregateAfterMinor.toString(),
    },
    metadata,
  };
  return { outcome: 'accept', counted, accepted: acceptedEvent(command, metadata, electionId, verdict.aggregateAfterMinor) };
}

function metadataFor(command: DecideContribution): EventMetadata {
  return {
    occurredAt: command.decidedAt,
    correlationId: command.correlationId,
    causationId: command.causationEventId,
    committeeId: command.donation.committeeId,
    donorId: command.donation.donor.donorId,
    actor: 'compliance',
  };
}

function acceptedEvent(command: DecideContribution, metadata: EventMetadata, electionId: string, aggregate: bigint): DonationAccepted {
  const { donation, pack } = command;
  return {
    eventId: deterministicId('donation-decided', command.causationEventId),
    type: 'DonationAccepted',
    version: CURRENT_VERSIONS.DonationAccepted,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      electionId,
      acceptedAmountMinor: donation.amountMinor,
      currency: donation.currency,
      aggregateAfterMinor: aggregate.toString(),
      ruleIds: pack.individualLimitPerElectionMinor === null ? [] : [ELECTION_LIMIT_RULE_ID],
      rulePackVersion: pack.version,
    },
    metadata,
  };
}

function rejectedEvent(
  command: DecideContribution,
  metadata: EventMetadata,
  verdict: { aggregateMinor: bigint; limitMinor: bigint; headroomMinor: bigint },
): DonationRejected {
  const { donation, pack } = command;
  return {
    eventId: deterministicId('donation-decided', command.causationEventId),
    type: 'DonationRejected',
    version: CURRENT_VERSIONS.DonationRejected,
    payload: {
      donationId: donation.donationId,
      campaignId: donation.campaignId,
      committeeId: donation.committeeId,
      donorId: donation.donor.donorId,
      code: 'donor_exceeds_election_limit',
      detail: `donor has given ${verdict.aggregateMinor} of ${verdict.limitMinor} minor units for this election; ${donation.amountMinor} would exceed it`,
      figures: {
        aggregateBeforeMinor: verdict.aggregateMinor.toString(),
        amountMinor: donation.amountMinor,
        limitMinor: verdict.limitMinor.toString(),
        headroomMinor: verdict.headroomMinor.toString(),
        electionId: donation.electionId ?? UNDESIGNATED,
      },
      ruleIds: [ELECTION_LIMIT_RULE_ID],
      rulePackVersion: pack.version,
    },
    metadata,
  };
}
