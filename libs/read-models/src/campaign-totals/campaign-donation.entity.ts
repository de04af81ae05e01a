import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Reporting's view of one donation's money: what was received, accepted, refunded and
 * charged back, and how much of the accepted money refunds and chargebacks have reversed
 * (the part the campaign totals have already taken off).
 */
@Entity({ name: 'campaign_donations' })
export class CampaignDonationRow {
  @PrimaryColumn({ type: 'text', name: 'donation_id' }) donationId: string;
  @Column({ type: 'text', name: 'campaign_id' }) campaignId: string;
  /** Null for a donation received before this table existed: it is then taken as accepted in full. */
  @Column({ type: 'bigint', name: 'received_minor', nullable: true }) receivedMinor: string | null;
  @Column({ type: 'bigint', name: 'accepted_minor' }) acceptedMinor: string;
  @Column({ type: 'bigint', name: 'refunded_minor' }) refundedMinor: string;
  @Column({ type: 'bigint', name: 'charged_back_minor' }) chargedBackMinor: string;
  @Column({ type: 'bigint', name: 'reversed_by_refund_minor' }) reversedByRefundMinor: string;
  @Column({ type: 'bigint', name: 'reversed_by_chargeback_minor' }) reversedByChargebackMinor: string;
}
