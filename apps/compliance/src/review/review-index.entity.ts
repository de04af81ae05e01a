import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TableSet } from '#sql';
import { ReviewIndex1765300000000 } from './1765300000000-review-index.migration.js';

/**
 * Which donations of a committee have something for an officer, and the earliest legal
 * deadline among what is still open. The items themselves are read from the ledger when the
 * queue is asked for; this row only finds them without scanning the ledger.
 */
@Entity({ name: 'review_index' })
@Index('review_index_committee_due', ['committeeId', 'nextDueOn'])
export class ReviewIndexRow {
  @PrimaryColumn({ type: 'text', name: 'donation_id' }) donationId: string;
  @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'integer', name: 'open_items' }) openItems: number;
  /** YYYY-MM-DD; null once nothing is open. */
  @Column({ type: 'text', name: 'next_due_on', nullable: true }) nextDueOn: string | null;
}

/** The review index table, in compliance's schema (ComplianceModule.tables). */
export const REVIEW_INDEX_TABLES: TableSet = { entities: [ReviewIndexRow], migrations: [ReviewIndex1765300000000] };
