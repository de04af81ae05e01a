import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RecurringPlans1764000000300 implements MigrationInterface {
  name = 'RecurringPlans1764000000300';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."recurring_plans" (
      plan_id text PRIMARY KEY, committee_id text, campaign_id text,
      status text NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'cancelled')),
      next_due_at timestamptz, settled_through text, revision bigint NOT NULL,
      touched_revision bigint, touched_at timestamptz, updated_at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX recurring_plans_next_due ON "${schema}"."recurring_plans" (next_due_at) WHERE next_due_at IS NOT NULL`);
    await runner.query(`CREATE INDEX recurring_plans_touched ON "${schema}"."recurring_plans" (touched_at) WHERE touched_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."recurring_plans"`);
  }
}
