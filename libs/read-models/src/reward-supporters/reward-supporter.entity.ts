import { Column, Entity, PrimaryColumn } from 'typeorm';

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
