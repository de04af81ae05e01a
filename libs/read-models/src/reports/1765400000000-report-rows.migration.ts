import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportRows1765400000000 implements MigrationInterface {
  name = 'ReportRows1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    const t = (name: string): string => `"${schema}"."${name}"`;
    await runner.query(`CREATE TABLE ${t('report_donations')} (
      key text PRIMARY KEY, committee_id text NOT NULL, campaign_id text NOT NULL, donor_id text NOT NULL,
      received_at timestamptz NOT NULL, status text NOT NULL, election_id text, counted_minor bigint NOT NULL, itemized boolean,
      row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_donations_committee_received ON ${t('report_donations')} (committee_id, received_at)`);
    await runner.query(`CREATE INDEX report_donations_campaign ON ${t('report_donations')} (campaign_id)`);
    // The itemized receipts: what Schedule A lists, by committee.
    await runner.query(`CREATE INDEX report_donations_itemized ON ${t('report_donations')} (committee_id, received_at) WHERE itemized`);
    await runner.query(`CREATE TABLE ${t('report_donor_aggregates')} (
      key text PRIMARY KEY, committee_id text NOT NULL, donor_id text NOT NULL, row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_donor_aggregates_committee ON ${t('report_donor_aggregates')} (committee_id)`);
    await runner.query(`CREATE TABLE ${t('report_compliance_cases')} (
      key text PRIMARY KEY, committee_id text NOT NULL, row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_compliance_cases_committee ON ${t('report_compliance_cases')} (committee_id)`);
    await runner.query(`CREATE TABLE ${t('report_reward_grants')} (
      key text PRIMARY KEY, committee_id text NOT NULL, campaign_id text NOT NULL, row jsonb NOT NULL, last_position bigint NOT NULL)`);
    await runner.query(`CREATE INDEX report_reward_grants_committee ON ${t('report_reward_grants')} (committee_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    for (const table of ['report_reward_grants', 'report_compliance_cases', 'report_donor_aggregates', 'report_donations']) {
      await runner.query(`DROP TABLE "${schema}"."${table}"`);
    }
  }
}
