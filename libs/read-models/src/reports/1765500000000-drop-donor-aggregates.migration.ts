import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stored donor aggregates are gone: no report read them (a donor's limits are judged on
 * compliance's aggregate streams in the ledger, and Schedule A sums its own donation rows),
 * and each of the donor's facts rewrote a row holding every donation the donor ever made, the
 * costliest write of the reporting service and of a replay. The table and its checkpoints go
 * with them; `down` gives back the empty table, which a backfill from the ledger would refill
 * with the version that wrote it.
 */
export class DropDonorAggregates1765500000000 implements MigrationInterface {
  name = 'DropDonorAggregates1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    const t = tableIn(runner);
    await runner.query(`DROP TABLE IF EXISTS ${t('report_donor_aggregates')}`);
    await runner.query(`DELETE FROM ${t('projection_checkpoints')} WHERE projection = 'report-donor-aggregates'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const t = tableIn(runner);
    await runner.query(`CREATE TABLE ${t('report_donor_aggregates')} (
      key text PRIMARY KEY, committee_id text NOT NULL, donor_id text NOT NULL, row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_donor_aggregates_committee ON ${t('report_donor_aggregates')} (committee_id)`);
  }
}

const tableIn = (runner: QueryRunner) => {
  const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
  return (name: string): string => `"${schema}"."${name}"`;
};
