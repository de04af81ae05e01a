import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every reward grant, as campaign staff follow it: which tier and stream it belongs to (the
 * grant id alone does not name the stock stream), what the donor received and its fair market
 * value, how far it was handed over, and whether it was revoked.
 */
@Entity({ name: 'reward_grants' })
export class RewardGrantRow {
  @PrimaryColumn({ type: 'text', name: 'grant_id' }) grantId: string;
  @Column({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @Column({ type: 'text', name: 'committee_id' }) committeeId: string;
  @Column({ type: 'text', name: 'tier_id' }) tierId: string;
  @Column({ type: 'integer', name: 'tier_version' }) tierVersion: number;
  @Column({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'text', name: 'donation_id' }) donationId: string;
  @Column({ type: 'text', name: 'reward_kind' }) rewardKind: string;
  @Column({ type: 'bigint', name: 'fair_market_value_minor' }) fairMarketValueMinor: string;
  @Column({ type: 'text' }) currency: string;
  /** The ledger position of the grant: the order grants were made in. */
  @Column({ type: 'bigint', name: 'granted_position' }) grantedPosition: string;
  @Column({ type: 'timestamptz', name: 'granted_at' }) grantedAt: Date;
  /** 'shipped' | 'delivered' | 'redeemed', or null while the reward has not left. */
  @Column({ type: 'text', nullable: true }) fulfilment: string | null;
  @Column({ type: 'timestamptz', name: 'fulfilled_at', nullable: true }) fulfilledAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  /** 'refund' | 'chargeback' | 'rejection' once revoked. */
  @Column({ type: 'text', name: 'revocation_reason', nullable: true }) revocationReason: string | null;
  @Column({ type: 'boolean', name: 'stock_returned', nullable: true }) stockReturned: boolean | null;
  /** A fulfilled grant was revoked: staff must recover the reward or write it off. */
  @Column({ type: 'boolean', name: 'flagged_for_staff' }) flaggedForStaff: boolean;
}

/** Who waits for a tier, in line, and how each wait ended. */
@Entity({ name: 'reward_waitlist' })
export class RewardWaitlistRow {
  @PrimaryColumn({ type: 'text', name: 'campaign_id' }) campaignId: string;
  @PrimaryColumn({ type: 'text', name: 'tier_id' }) tierId: string;
  @PrimaryColumn({ type: 'integer', name: 'waitlist_position' }) waitlistPosition: number;
  @Column({ type: 'text', name: 'donor_id' }) donorId: string;
  @Column({ type: 'text', name: 'donation_id' }) donationId: string;
  /** 'waiting' | 'promoted' | 'left'. */
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'timestamptz', name: 'waitlisted_at' }) waitlistedAt: Date;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;
}
