import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DonorWall1765100000001 implements MigrationInterface {
  name = 'DonorWall1765100000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."donor_wall" (
      donation_id text PRIMARY KEY, campaign_id text NOT NULL, donor_id text NOT NULL, sealed_display_name text NOT NULL,
      show_amount boolean NOT NULL, currency text NOT NULL, decision text, received_minor bigint NOT NULL,
      accepted_minor bigint NOT NULL DEFAULT 0, refunded_minor bigint NOT NULL DEFAULT 0,
      charged_back_minor bigint NOT NULL DEFAULT 0, listed boolean NOT NULL DEFAULT false, amount_minor bigint,
      accepted_position bigint)`);
    await runner.query(`CREATE INDEX donor_wall_listed ON "${schema}"."donor_wall" (campaign_id, accepted_position) WHERE listed`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."donor_wall"`);
  }
}
