import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignDonations1764300000001 implements MigrationInterface {
  name = 'CampaignDonations1764300000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."campaign_donations" (
      donation_id text PRIMARY KEY, campaign_id text NOT NULL, received_minor bigint,
      accepted_minor bigint NOT NULL DEFAULT 0, refunded_minor bigint NOT NULL DEFAULT 0,
      charged_back_minor bigint NOT NULL DEFAULT 0, reversed_by_refund_minor bigint NOT NULL DEFAULT 0,
      reversed_by_chargeback_minor bigint NOT NULL DEFAULT 0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."campaign_donations"`);
  }
}
