import type { DataSource } from 'typeorm';
import type { TableSet } from '#sql';
import { RecurringPlans1764000000300 } from './1764000000300-recurring-plans.migration.js';
import { RecurringPlanRow } from './recurring-plan.entity.js';

/** The recurring plan table, in intake's schema (IntakeModule.tables). */
export const RECURRING_PLAN_TABLES: TableSet = { entities: [RecurringPlanRow], migrations: [RecurringPlans1764000000300] };

/** How long a command may take between touching a plan and indexing what it appended. */
export const TOUCH_GRACE_MS = 2 * 60 * 1000;

export interface IndexedPlan {
  planId: string;
  committeeId: string;
  campaignId: string;
  status: 'active' | 'paused' | 'cancelled';
  /** When the plan next owes an instalment; null while it owes none (paused, cancelled). */
  nextDueAt: string | null;
  /** Plan stream revision this reflects. */
  revision: number;
  /** Latest period whose donation the scheduler confirmed, when it confirmed one. */
  settledThrough?: string | null;
}

export interface PlanToVisit {
  planId: string;
  settledThrough: string | null;
}

const iso = (at: Date): string => at.toISOString();

/**
 * Which plans the scheduler visits, shared by every intake replica in the app's database.
 * The ledger is the truth; this is a work list kept so that losing a write here can delay a
 * plan by TOUCH_GRACE_MS at most, never drop it: a command touches the row before it appends
 * and indexes the new revision after; a touch that no later revision cleared (the command
 * died in between) makes the scheduler re-read the plan once the grace has passed.
 */
export class RecurringPlanIndex {
  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return this.dataSource.getMetadata(RecurringPlanRow).tablePath;
  }

  /** Before appending to a plan read at `readRevision` (-1: the stream did not exist). */
  async touch(planId: string, readRevision: number, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table} (plan_id, status, revision, touched_revision, touched_at, updated_at)
       VALUES ($1, 'pending', -1, $2, $3, $3)
       ON CONFLICT (plan_id) DO UPDATE SET touched_revision = EXCLUDED.touched_revision, touched_at = EXCLUDED.touched_at`,
      [planId, readRevision, iso(at)],
    );
  }

  /**
   * Records the plan as of `plan.revision`. An older revision than the row's changes nothing,
   * so replicas that index concurrently cannot move the row back in time.
   */
  async sync(plan: IndexedPlan, at: Date): Promise<void> {
    const graceCutoff = iso(new Date(at.getTime() - TOUCH_GRACE_MS));
    const clearsTouch = `(r.touched_revision < EXCLUDED.revision OR r.touched_at <= $9)`;
    await this.dataSource.query(
      `INSERT INTO ${this.table} AS r
         (plan_id, committee_id, campaign_id, status, next_due_at, settled_through, revision, touched_revision, touched_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8)
       ON CONFLICT (plan_id) DO UPDATE SET
         committee_id = EXCLUDED.committee_id, campaign_id = EXCLUDED.campaign_id, status = EXCLUDED.status,
         next_due_at = EXCLUDED.next_due_at, revision = EXCLUDED.revision,
         settled_through = GREATEST(r.settled_through, EXCLUDED.settled_through),
         touched_revision = CASE WHEN ${clearsTouch} THEN NULL ELSE r.touched_revision END,
         touched_at = CASE WHEN ${clearsTouch} THEN NULL ELSE r.touched_at END,
         updated_at = EXCLUDED.updated_at
       WHERE r.revision <= EXCLUDED.revision`,
      [
        plan.planId,
        plan.committeeId,
        plan.campaignId,
        plan.status,
        plan.nextDueAt,
        plan.settledThrough ?? null,
        plan.revision,
        iso(at),
        graceCutoff,
      ],
    );
  }

  /** Plans owing something at `now`, and plans touched longer than the grace ago; oldest first. */
  async due(now: Date, limit: number): Promise<PlanToVisit[]> {
    const rows = (await this.dataSource.query(
      `SELECT plan_id, settled_through FROM ${this.table}
       WHERE next_due_at <= $1 OR touched_at <= $2
       ORDER BY LEAST(next_due_at, touched_at), plan_id LIMIT $3`,
      [iso(now), iso(new Date(now.getTime() - TOUCH_GRACE_MS)), limit],
    )) as { plan_id: string; settled_through: string | null }[];
    return rows.map((row) => ({ planId: row.plan_id, settledThrough: row.settled_through }));
  }

  /** A visit failed: look again at `until`, not on every tick. */
  async postpone(planId: string, until: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table}
       SET next_due_at = GREATEST(next_due_at, $2), touched_at = CASE WHEN touched_at IS NULL THEN NULL ELSE GREATEST(touched_at, $3) END
       WHERE plan_id = $1`,
      [planId, iso(until), iso(new Date(until.getTime() - TOUCH_GRACE_MS))],
    );
  }

  /** A touched plan whose creation never reached the ledger. */
  async forget(planId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE plan_id = $1 AND revision < 0`, [planId]);
  }

  async find(planId: string): Promise<RecurringPlanRow | null> {
    return this.dataSource.getRepository(RecurringPlanRow).findOneBy({ planId });
  }
}
