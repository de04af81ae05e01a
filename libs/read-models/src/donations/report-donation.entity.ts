import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row of the donations fold (donation-row.ts) under its key, as JSON (money as decimal
 * strings), beside the columns reports select by. `last_position` is the ledger position of
 * the last fact folded in.
 */
@Entity({ name: 'report_donations' })
@Index(['committeeId', 'receivedAt'])
export class ReportDonationEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Index() @Column({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @Column({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'timestamptz', name: 'received_at' }) receivedAt: Date;
  @Column({ type: 'text' }) status: string;
  /** The election the donation was designated for when received (redesignations live in the row). */
  @Column({ type: 'text', name: 'election_id', nullable: true }) electionId: string | null;
  /** What the donation still counts for: accepted less refunds and chargebacks of accepted money. */
  @Column({ type: 'bigint', name: 'counted_minor' }) countedMinor: string;
  /** Compliance marked it for itemization (the donor's cycle aggregate passed $200); null until decided. */
  @Column({ type: 'boolean', nullable: true }) itemized: boolean | null;
  @Column({ type: 'jsonb' }) row: unknown;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
