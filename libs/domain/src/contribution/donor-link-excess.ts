import { CURRENT_VERSIONS, deterministicId, parseMinor, type DonationReceivedV4, type EventMetadata, type ExcessiveContributionHeld } from '#contracts';
import { aggregateLimitRuleIdOf, excessRemedyFor, type RulePack } from '#compliance-rules';
import { initialDonorAggregate, type DonorAggregateState } from './donor-aggregate.decider.js';
import { countedValueOf } from './donor-aggregate.values.js';
import { combinedAggregate } from './donor-link.decider.js';

/** A part of a counted donation that linking made excessive, to be held for a remedy. */
export interface LinkedExcess {
  donationId: string;
  donorId: string;
  electionId: string;
  excessMinor: bigint;
}

/**
 * The excess that counting linked donors together creates, per election: what all of them have
 * counted above the limit (limitMinorOf: null where none applies), held on the latest counted
 * donations first (the ones that, counted together, went past it), each up to what it counts
 * for. `alreadyHeld` donations carry an excess of their own and are passed over;
 * `outstandingMinor` is, per election, what an earlier link already holds of money still
 * counted (a second link of the same person must not hold it twice).
 */
export function excessOfLinkedDonors(
  group: readonly { donorId: string; state: DonorAggregateState }[],
  limitMinorOf: (electionId: string) => bigint | null,
  alreadyHeld: ReadonlySet<string> = new Set(),
  outstandingMinor: ReadonlyMap<string, bigint> = new Map(),
): LinkedExcess[] {
  const combined = combinedAggregate(group[0]?.state ?? initialDonorAggregate(), group.slice(1).map((g) => g.state));
  const held: LinkedExcess[] = [];
  for (const [electionId, totalMinor] of [...combined.byElection].sort(([a], [b]) => a.localeCompare(b))) {
    const limitMinor = limitMinorOf(electionId);
    if (limitMinor === null || totalMinor <= limitMinor) continue;
    let left = totalMinor - limitMinor - (outstandingMinor.get(electionId) ?? 0n);
    const latestFirst = group
      .flatMap(({ donorId, state }) => [...state.counted].map(([donationId, c]) => ({ donorId, donationId, c })))
      .filter(({ donationId, c }) => c.electionId === electionId && !alreadyHeld.has(donationId))
      .sort((x, y) => y.c.countedAt.localeCompare(x.c.countedAt) || y.donationId.localeCompare(x.donationId));
    for (const { donorId, donationId, c } of latestFirst) {
      if (left <= 0n) break;
      const value = countedValueOf(c);
      const part = value < left ? value : left;
      if (part > 0n) held.push({ donationId, donorId, electionId, excessMinor: part });
      left -= part;
    }
  }
  return held;
}

export interface LinkedExcessFacts {
  excess: LinkedExcess;
  /** The donation the excess is held on, as it was received. */
  received: DonationReceivedV4;
  /** The pack the donation was decided under (its election's cycle). */
  pack: RulePack;
  linkId: string;
  linkedDonorIds: readonly string[];
  limitMinor: bigint;
  togetherMinor: bigint;
  metadata: EventMetadata;
}

/**
 * The excess a link created, held on a donation for the officer like any excess found on
 * receipt (11 CFR 103.3(b)(3): remedied within 60 days of receipt, counted in the committee's
 * zone). The money was counted in full when it came, so the only remedy offered is a refund:
 * a redesignation or reattribution would count it a second time elsewhere. Its id derives
 * from the link and the donation, so applying the link again holds nothing more.
 */
export function linkedExcessHeldEvent(facts: LinkedExcessFacts): ExcessiveContributionHeld {
  const { excess, received, pack } = facts;
  return {
    eventId: deterministicId('linked-excess-held', facts.linkId, excess.donationId),
    type: 'ExcessiveContributionHeld',
    version: CURRENT_VERSIONS.ExcessiveContributionHeld,
    payload: {
      donationId: received.donationId,
      campaignId: received.campaignId,
      committeeId: received.committeeId,
      donorId: received.donor.donorId,
      electionId: excess.electionId,
      receivedAmountMinor: received.amountMinor,
      acceptedAmountMinor: (parseMinor(received.amountMinor) - excess.excessMinor).toString(),
      excessAmountMinor: excess.excessMinor.toString(),
      currency: received.currency,
      remedies: ['refund'],
      dueOn: excessRemedyFor(pack, received.receivedAt).dueOn,
      figures: {
        cause: 'donor_identities_linked',
        linkId: facts.linkId,
        linkedDonorIds: [...facts.linkedDonorIds].sort().join(' '),
        limitMinor: facts.limitMinor.toString(),
        aggregateTogetherMinor: facts.togetherMinor.toString(),
        excessMinor: excess.excessMinor.toString(),
        electionId: excess.electionId,
      },
      ruleIds: [aggregateLimitRuleIdOf(pack)],
      rulePackVersion: pack.version,
    },
    metadata: { ...facts.metadata, donorId: received.donor.donorId },
  };
}
