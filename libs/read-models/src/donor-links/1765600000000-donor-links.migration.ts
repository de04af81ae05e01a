import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The donor links reporting keeps (issue 14, item 12). An empty table: the projection's
 * checkpoint starts at nothing, so the backfill folds every link already in the ledger.
 */
export class DonorLinks1765600000000 implements MigrationInterface {
  name = 'DonorLinks1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    const t = tableIn(runner);
    await runner.query(`CREATE TABLE ${t('report_donor_links')} (key text PRIMARY KEY, committee_id text NOT NULL, row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_donor_links_committee ON ${t('report_donor_links')} (committee_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${tableIn(runner)('report_donor_links')}`);
  }
}

const tableIn = (runner: QueryRunner) => {
  const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
  return (name: string): string => `"${schema}"."${name}"`;
};
