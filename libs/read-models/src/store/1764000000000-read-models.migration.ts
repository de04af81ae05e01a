import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadModels1764000000000 implements MigrationInterface {
  name = 'ReadModels1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    const t = (name: string): string => `"${schema}"."${name}"`;
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await runner.query(`CREATE TABLE ${t('projection_checkpoints')} (
      projection text NOT NULL, partition_key text NOT NULL, position bigint NOT NULL,
      PRIMARY KEY (projection, partition_key))`);
    await runner.query(`CREATE TABLE ${t('campaign_totals')} (
      campaign_id text PRIMARY KEY, committee_id text NOT NULL, currency text NOT NULL,
      raised_minor bigint NOT NULL DEFAULT 0, refunded_minor bigint NOT NULL DEFAULT 0,
      charged_back_minor bigint NOT NULL DEFAULT 0, donation_count integer NOT NULL DEFAULT 0,
      unique_donors integer NOT NULL DEFAULT 0)`);
    await runner.query(`CREATE TABLE ${t('campaign_donors')} (
      campaign_id text NOT NULL, donor_id text NOT NULL, accepted_minor bigint NOT NULL DEFAULT 0,
      accepted_count integer NOT NULL DEFAULT 0, PRIMARY KEY (campaign_id, donor_id))`);
    await runner.query(`CREATE TABLE ${t('reward_supporters')} (
      campaign_id text NOT NULL, donor_id text NOT NULL, currency text NOT NULL,
      accepted_total_minor bigint NOT NULL DEFAULT 0, accepted_donations integer NOT NULL DEFAULT 0,
      last_donation_id text NOT NULL, PRIMARY KEY (campaign_id, donor_id))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    for (const table of ['reward_supporters', 'campaign_donors', 'campaign_totals', 'projection_checkpoints']) {
      await runner.query(`DROP TABLE "${schema}"."${table}"`);
    }
  }
}


