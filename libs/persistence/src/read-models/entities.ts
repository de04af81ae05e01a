import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last ledger position a projection applied, per source partition; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' }) projection: string;
  @PrimaryColumn({ type: 'text', name: 'partition_key' }) partitionKey: string;
  @Column({ type: 'bigint' }) position: string;
}

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

/** What the rewards service knows of each supporter: accepted money per campaign, the basis of tiers. */
@Entity({ name: 'reward_supporters' })
export class RewardSupporterRow {
  @PrimaryColumn({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @PrimaryColumn({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'bigint', name: 'accepted_total_minor' }) acceptedTotalMinor: string;
  @Column({ type: 'integer', name: 'accepted_donations' }) acceptedDonations: number;
  @Column({ type: 'text', name: 'last_donation_id' }) lastDonationId: string;
}

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, CampaignTotalsRow, CampaignDonorRow, RewardSupporterRow];
