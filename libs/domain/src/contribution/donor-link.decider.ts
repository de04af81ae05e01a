import { CURRENT_VERSIONS, deterministicId, type DonorIdentitiesLinked, type DonorIdentitiesUnlinked } from '#contracts';
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

/**
 * The id of a link between two donors of a committee: the same pair, in either order, is one
 * link. A pair linked again after an officer undid their link is a new link, numbered by how
 * many links the pair had before (the first keeps the id it always had).
 */
export const donorLinkId = (committeeId: string, a: string, b: string, earlierLinks = 0): string =>
  earlierLinks === 0 ? deterministicId('donor-identities-linked', committeeId, ...[a, b].sort()) : deterministicId('donor-identities-linked', committeeId, ...[a, b].sort(), String(earlierLinks));

/** How many links this donor has had with that one: the next link's number. */
const linksWith = (state: DonorAggregateState, linkedDonorId: string): number => [...state.links.values()].filter((l) => l.linkedDonorId === linkedDonorId).length;

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
  const linkId = donorLinkId(committeeId, donorId, linkedDonorId, linksWith(own, linkedDonorId));
  const fact = (self: string, to: string): DonorIdentitiesLinked => ({
    eventId: deterministicId(linkId, self),
    type: 'DonorIdentitiesLinked',
    version: CURRENT_VERSIONS.DonorIdentitiesLinked,
    payload: { committeeId, donorId: self, linkedDonorId: to, officer: command.officer, reason: command.reason },
    metadata: { occurredAt: command.decidedAt, correlationId: command.correlationId, causationId: linkId, committeeId, donorId: self, actor: command.officer },
  });
  return [fact(donorId, linkedDonorId), fact(linkedDonorId, donorId)];
}

export interface UnlinkDonorIdentities {
  type: 'UnlinkDonorIdentities';
  committeeId: string;
  linkId: string;
  officer: string;
  reason: string;
  correlationId: string;
  decidedAt: string;
}

/**
 * An officer undoes a link made in error (issue 14, item 12): a fact on each of the two donors'
 * aggregate streams, naming its own donor first, after which each donation of either is judged
 * against its own aggregate again and the FEC reports count them apart. `own` is the aggregate
 * of either donor of the link. A link the donor never had is donor_link_not_found; one undone
 * already is donor_link_already_revoked. What the link held before stays held: it is the
 * officer's to release or refund in the review queue, like any held excess.
 */
export function unlinkDonorIdentities(command: UnlinkDonorIdentities, ownDonorId: string, own: DonorAggregateState, other: DonorAggregateState): [DonorIdentitiesUnlinked, DonorIdentitiesUnlinked] {
  const { committeeId, linkId } = command;
  const link = own.links.get(linkId);
  if (!link) return reject('donor_link_not_found', `committee ${committeeId} has no donor link ${linkId}`);
  if (!link.inForce || other.links.get(linkId)?.inForce !== true) return reject('donor_link_already_revoked', `donor link ${linkId} was undone already`);
  const fact = (self: string, to: string): DonorIdentitiesUnlinked => ({
    eventId: deterministicId(linkId, 'unlinked', self),
    type: 'DonorIdentitiesUnlinked',
    version: CURRENT_VERSIONS.DonorIdentitiesUnlinked,
    payload: { committeeId, linkId, donorId: self, linkedDonorId: to, officer: command.officer, reason: command.reason },
    metadata: { occurredAt: command.decidedAt, correlationId: command.correlationId, causationId: linkId, committeeId, donorId: self, actor: command.officer },
  });
  return [fact(ownDonorId, link.linkedDonorId), fact(link.linkedDonorId, ownDonorId)];
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
