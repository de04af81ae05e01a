import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'campaign_totals' })
export class CampaignTotalsRow {
  @PrimaryColumn({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'bigint', name: 'raised_minor' }) raisedMinor: string;
  @Column({ type: 'bigint', name: 'refunded_minor' }) refundedMinor: string;
  @Column({ type: 'bigint', name: 'charged_back_minor' }) chargedBackMinor: string;
  @Column({ type: 'integer', name: 'donation_count' }) donationCount: number;
  @Column({ type: 'integer', name: 'unique_donors' }) uniqueDonors: number;
}

@Entity({ name: 'campaign_donors' })
export class CampaignDonorRow {
  @PrimaryColumn({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @PrimaryColumn({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'bigint', name: 'accepted_minor' }) acceptedMinor: string;
  @Column({ type: 'integer', name: 'accepted_count' }) acceptedCount: number;
}
