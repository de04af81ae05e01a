import { CURRENT_VERSIONS, deterministicId, type DonorIdentitiesLinked } from '#contracts';
import { reject } from '../shared/rejection.js';
import type { DonorAggregateState } from './donor-aggregate.decider.js';

export interface LinkDonorIdentities {
  type: 'LinkDonorIdentities';
  committeeId: string;
  donorId: string;
  linkedDonorId: string;
  officer: string;
  reason: string;
  correlationId: string;
  decidedAt: string;
}

/** The id of a link between two donors of a committee: the same pair, in either order, is one link. */
export const donorLinkId = (committeeId: string, a: string, b: string): string => deterministicId('donor-identities-linked', committeeId, ...[a, b].sort());

const hasGiven = (state: DonorAggregateState): boolean => state.counted.size > 0 || state.byElection.size > 0;

/**
 * An officer links two donor ids of one committee as one person (issue 14, item 12): a fact on
 * each donor's aggregate stream, naming its own donor first, with ids derived from the pair so
 * that pressing twice, or linking B to A after A to B, is refused as already linked. Both must
 * have given to the committee; a donor is never linked to itself.
 */
export function linkDonorIdentities(command: LinkDonorIdentities, own: DonorAggregateState, other: DonorAggregateState): [DonorIdentitiesLinked, DonorIdentitiesLinked] {
  const { committeeId, donorId, linkedDonorId } = command;
  if (donorId === linkedDonorId) return reject('donor_link_same_donor', `donor ${donorId} cannot be linked to itself`);
  for (const [id, state] of [[donorId, own], [linkedDonorId, other]] as const) {
    if (!hasGiven(state)) return reject('donor_not_found', `donor ${id} has given nothing to committee ${committeeId}`);
  }
  if (own.linkedDonorIds.has(linkedDonorId)) return reject('donors_already_linked', `donors ${donorId} and ${linkedDonorId} are linked already`);
  const linkId = donorLinkId(committeeId, donorId, linkedDonorId);
  const fact = (self: string, to: string): DonorIdentitiesLinked => ({
    eventId: deterministicId(linkId, self),
    type: 'DonorIdentitiesLinked',
    version: CURRENT_VERSIONS.DonorIdentitiesLinked,
    payload: { committeeId, donorId: self, linkedDonorId: to, officer: command.officer, reason: command.reason },
    metadata: { occurredAt: command.decidedAt, correlationId: command.correlationId, causationId: linkId, committeeId, donorId: self, actor: command.officer },
  });
  return [fact(donorId, linkedDonorId), fact(linkedDonorId, donorId)];
}

const sum = (maps: readonly ReadonlyMap<string, bigint>[]): Map<string, bigint> => {
  const total = new Map<string, bigint>();
  for (const map of maps) for (const [key, value] of map) total.set(key, (total.get(key) ?? 0n) + value);
  return total;
};

/**
 * What a donor's next donation is judged against once linked donors count together: the
 * totals of all of them per election (and in cash), with the donor's own contributions and
 * links, so a donation already counted on its own stream is still recognised as repeated.
 */
export function combinedAggregate(own: DonorAggregateState, linked: readonly DonorAggregateState[]): DonorAggregateState {
  if (linked.length === 0) return own;
  return { ...own, byElection: sum([own.byElection, ...linked.map((l) => l.byElection)]), cashByElection: sum([own.cashByElection, ...linked.map((l) => l.cashByElection)]) };
}
