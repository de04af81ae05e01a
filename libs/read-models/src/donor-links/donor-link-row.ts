import type { DonorIdentitiesLinkedV1, DonorIdentitiesUnlinkedV1, RecordedEvent } from '#contracts';
import type { DonorLinkPair } from '#domain';

/**
 * One link an officer made between two donor identities of a committee (issue 14, item 12),
 * as reporting keeps it: both donors, when and by whom it was made, and when it was undone.
 * Each of its facts comes twice (once on each donor's aggregate), from two partitions, in either
 * order between them: the first of each kind changes the row, the second changes nothing.
 */
export interface DonorLinkRow {
  linkId: string;
  committeeId: string;
  /** The two donor ids, least first. */
  donorIds: [string, string];
  /** When it was made; null on a row its undoing made first (the link's fact still to come from another partition). */
  linkedAt: string | null;
  officer: string;
  /** When an officer undid it; null while it is in force. */
  unlinkedAt: string | null;
}

export const DONOR_LINK_FACTS: readonly string[] = ['DonorIdentitiesLinked', 'DonorIdentitiesUnlinked'];

/**
 * A link's id: the link's facts are caused by it (their causation id is the link id that the
 * officer's answer names and that undoing it refers to).
 */
export function donorLinkIdOf(event: RecordedEvent): string | null {
  if (event.type === 'DonorIdentitiesUnlinked') return (event.payload as DonorIdentitiesUnlinkedV1).linkId;
  return event.type === 'DonorIdentitiesLinked' ? event.metadata.causationId : null;
}

export function evolveDonorLinkRow(row: DonorLinkRow | null, event: RecordedEvent): DonorLinkRow | null {
  switch (event.type) {
    case 'DonorIdentitiesLinked': {
      if (row !== null) return row.linkedAt === null ? { ...row, linkedAt: event.metadata.occurredAt } : row;
      const p = event.payload as DonorIdentitiesLinkedV1;
      const donorIds = [p.donorId, p.linkedDonorId].sort() as [string, string];
      return { linkId: event.metadata.causationId, committeeId: p.committeeId, donorIds, linkedAt: event.metadata.occurredAt, officer: p.officer, unlinkedAt: null };
    }
    case 'DonorIdentitiesUnlinked': {
      const p = event.payload as DonorIdentitiesUnlinkedV1;
      if (row?.unlinkedAt) return row;
      const donorIds = [p.donorId, p.linkedDonorId].sort() as [string, string];
      return { ...(row ?? { linkId: p.linkId, committeeId: p.committeeId, donorIds, linkedAt: null, officer: p.officer }), unlinkedAt: event.metadata.occurredAt };
    }
    default:
      return row;
  }
}

/** The links of a committee still in force: whose donors its reports count as one contributor. */
export const linksInForce = (rows: readonly DonorLinkRow[]): DonorLinkPair[] =>
  rows.filter((r) => r.unlinkedAt === null).map((r) => ({ donorId: r.donorIds[0], linkedDonorId: r.donorIds[1] }));
