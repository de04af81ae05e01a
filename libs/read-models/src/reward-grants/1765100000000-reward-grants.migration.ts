import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RewardGrants1765100000000 implements MigrationInterface {
  name = 'RewardGrants1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."reward_grants" (
      grant_id text PRIMARY KEY, campaign_id text NOT NULL, committee_id text NOT NULL, tier_id text NOT NULL,
      tier_version integer NOT NULL, donor_id text NOT NULL, donation_id text NOT NULL, reward_kind text NOT NULL,
      fair_market_value_minor bigint NOT NULL, currency text NOT NULL, granted_position bigint NOT NULL,
      granted_at timestamptz NOT NULL, fulfilment text, fulfilled_at timestamptz, revoked_at timestamptz,
      revocation_reason text, stock_returned boolean, flagged_for_staff boolean NOT NULL DEFAULT false)`);
    await runner.query(`CREATE INDEX reward_grants_campaign ON "${schema}"."reward_grants" (campaign_id, granted_position)`);
    await runner.query(`CREATE TABLE "${schema}"."reward_waitlist" (
      campaign_id text NOT NULL, tier_id text NOT NULL, waitlist_position integer NOT NULL, donor_id text NOT NULL,
      donation_id text NOT NULL, status text NOT NULL, waitlisted_at timestamptz NOT NULL, closed_at timestamptz,
      PRIMARY KEY (campaign_id, tier_id, waitlist_position))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."reward_waitlist"`);
    await runner.query(`DROP TABLE "${schema}"."reward_grants"`);
  }
}
