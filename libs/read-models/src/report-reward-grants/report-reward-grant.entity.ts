import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One reward granted (reward-grant-row.ts), as JSON, by committee and campaign: what reports list. */
@Entity({ name: 'report_reward_grants' })
export class ReportRewardGrantEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Index() @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @Column({ type: 'jsonb' }) row: unknown;
  @Column({ type: 'bigint', name: 'last_position' }) lastPosition: string;
}
