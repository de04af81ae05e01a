import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1764000000001 implements MigrationInterface {
  name = 'IdempotencyKeys1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`CREATE TABLE "${schema}"."idempotency_keys" (
      tenant text NOT NULL, idem_key text NOT NULL, fingerprint text NOT NULL,
      state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
      locked_until timestamptz NOT NULL, response jsonb,
      created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant, idem_key))`);
    await runner.query(`CREATE INDEX idempotency_keys_expiry ON "${schema}"."idempotency_keys" (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'public';
    await runner.query(`DROP TABLE "${schema}"."idempotency_keys"`);
  }
}
