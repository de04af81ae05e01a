import type { DonorIdentitiesLinkedV1, RecordedEvent } from '#contracts';
import type { DonorLinkPair } from '#domain';

/**
 * One link an officer made between two donor identities of a committee (issue 14, item 12),
 * as reporting keeps it: both donors, when and by whom it was made, and when it was undone.
 * Its two facts (one on each donor's aggregate) may arrive in either order from two partitions;
 * either one makes the row, and the second changes nothing.
 */
export interface DonorLinkRow {
  linkId: string;
  committeeId: string;
  /** The two donor ids, least first. */
  donorIds: [string, string];
  linkedAt: string;
  officer: string;
  /** When an officer undid it; null while it is in force. */
  unlinkedAt: string | null;
}

export const DONOR_LINK_FACTS: readonly string[] = ['DonorIdentitiesLinked'];

/**
 * A link's id: the link's facts are caused by it (their causation id is the link id that the
 * officer's answer names and that undoing it refers to).
 */
export const donorLinkIdOf = (event: RecordedEvent): string | null => (DONOR_LINK_FACTS.includes(event.type) ? event.metadata.causationId : null);

export function evolveDonorLinkRow(row: DonorLinkRow | null, event: RecordedEvent): DonorLinkRow | null {
  switch (event.type) {
    case 'DonorIdentitiesLinked': {
      if (row !== null) return row;
      const p = event.payload as DonorIdentitiesLinkedV1;
      const donorIds = [p.donorId, p.linkedDonorId].sort() as [string, string];
      return { linkId: event.metadata.causationId, committeeId: p.committeeId, donorIds, linkedAt: event.metadata.occurredAt, officer: p.officer, unlinkedAt: null };
    }
    default:
      return row;
  }
}

/** The links of a committee still in force: whose donors its reports count as one contributor. */
export const linksInForce = (rows: readonly DonorLinkRow[]): DonorLinkPair[] =>
  rows.filter((r) => r.unlinkedAt === null).map((r) => ({ donorId: r.donorIds[0], linkedDonorId: r.donorIds[1] }));
