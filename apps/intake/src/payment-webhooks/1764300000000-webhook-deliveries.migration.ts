import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDeliveries1764300000000 implements MigrationInterface {
  name = 'WebhookDeliveries1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."webhook_deliveries" (
      delivery_id text PRIMARY KEY, signed_at bigint NOT NULL,
      received_at timestamptz NOT NULL, expires_at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX webhook_deliveries_expiry ON "${schema}"."webhook_deliveries" (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."webhook_deliveries"`);
  }
}
