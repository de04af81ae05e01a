import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The scheduler's index of recurring plans: which plan to look at, and when. It is not a
 * source of truth: every decision re-reads the plan's stream in the ledger, and a row only
 * says "look here at next_due_at" (or, while touched, "a change may not be indexed yet").
 */
@Entity({ name: 'recurring_plans' })
export class RecurringPlanRow {
  @PrimaryColumn({ type: 'text', name: 'plan_id' }) planId: string;
  @Column({ type: 'text', name: 'committee_id', nullable: true }) committeeId: string | null;
  @Column({ type: 'text', name: 'campaign_id', nullable: true }) campaignId: string | null;
  /** 'pending' until the plan's creation is indexed, then the plan's status. */
  @Column({ type: 'text' }) status: 'pending' | 'active' | 'paused' | 'cancelled';
  @Column({ type: 'timestamptz', name: 'next_due_at', nullable: true }) nextDueAt: Date | null;
  /** Latest period (YYYY-MM) whose instalment donation the scheduler confirmed. */
  @Column({ type: 'text', name: 'settled_through', nullable: true }) settledThrough: string | null;
  /** Plan stream revision the row reflects; -1 before the creation is indexed. */
  @Column({ type: 'bigint' }) revision: string;
  /** Revision a command read before appending; cleared once a later revision is indexed. */
  @Column({ type: 'bigint', name: 'touched_revision', nullable: true }) touchedRevision: string | null;
  @Column({ type: 'timestamptz', name: 'touched_at', nullable: true }) touchedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt: Date;
}
