import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DonorKeys1764000000002 implements MigrationInterface {
  name = 'DonorKeys1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'donor_keys';
    // A live key has its wrapping and no erasure time; an erased one has neither key nor way back.
    await runner.query(`CREATE TABLE "${schema}"."donor_keys" (
      donor_id text NOT NULL, generation integer NOT NULL CHECK (generation > 0),
      wrapped_key text, master_key_version integer NOT NULL CHECK (master_key_version > 0),
      created_at timestamptz NOT NULL, erased_at timestamptz,
      PRIMARY KEY (donor_id, generation),
      CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)))`);
    // At most one live key per donor: concurrent first donations cannot each make one.
    await runner.query(`CREATE UNIQUE INDEX donor_keys_one_live ON "${schema}"."donor_keys" (donor_id) WHERE erased_at IS NULL`);
    await runner.query(`CREATE INDEX donor_keys_by_master ON "${schema}"."donor_keys" (master_key_version) WHERE erased_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'donor_keys';
    await runner.query(`DROP TABLE "${schema}"."donor_keys"`);
  }
}
