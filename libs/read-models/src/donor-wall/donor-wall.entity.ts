import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The public donor wall: one row per donation whose donor consented to be named, and only
 * those. The display name is kept sealed with the donor's key, as in the ledger, and opened
 * only to answer a request, so erasing the donor takes it off the wall at once and no plaintext
 * copy outlives the erasure in this table or its backups.
 */
@Entity({ name: 'donor_wall' })
export class DonorWallRow {
  @PrimaryColumn({ type: 'text', name: 'donation_id' }) donationId: string;
  @Column({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @Column({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'text', name: 'sealed_display_name' }) sealedDisplayName: string;
  @Column({ type: 'boolean', name: 'show_amount' }) showAmount: boolean;
  @Column({ type: 'text' }) currency: string;
  /** 'accepted' | 'flagged' | 'rejected', or null until compliance decides. */
  @Column({ type: 'text', nullable: true }) decision: string | null;
  @Column({ type: 'bigint', name: 'received_minor' }) receivedMinor: string;
  @Column({ type: 'bigint', name: 'accepted_minor' }) acceptedMinor: string;
  @Column({ type: 'bigint', name: 'refunded_minor' }) refundedMinor: string;
  @Column({ type: 'bigint', name: 'charged_back_minor' }) chargedBackMinor: string;
  /** Whether the wall shows it now (libs/domain donor-wall.ts), and the amount it shows, if any. */
  @Column({ type: 'boolean' }) listed: boolean;
  @Column({ type: 'bigint', name: 'amount_minor', nullable: true }) amountMinor: string | null;
  /** Ledger position of the acceptance: the wall's order, oldest first. */
  @Column({ type: 'bigint', name: 'accepted_position', nullable: true }) acceptedPosition: string | null;
}
