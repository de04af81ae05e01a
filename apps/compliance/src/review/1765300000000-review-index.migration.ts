import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewIndex1765300000000 implements MigrationInterface {
  name = 'ReviewIndex1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."review_index" (
      donation_id text PRIMARY KEY, committee_id text NOT NULL, open_items integer NOT NULL, next_due_on text)`);
    await runner.query(`CREATE INDEX "review_index_committee_due" ON "${schema}"."review_index" (committee_id, next_due_on)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."review_index"`);
  }
}
