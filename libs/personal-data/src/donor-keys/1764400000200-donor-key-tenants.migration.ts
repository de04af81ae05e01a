import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each donor key belongs to the tenant (party) whose donor it keys, so one party can never
 * erase another's donor. Keys made before tenants existed were all made for the default
 * tenant. The default is dropped afterwards: every new key must name its tenant.
 */
export class DonorKeyTenants1764400000200 implements MigrationInterface {
  name = 'DonorKeyTenants1764400000200';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'donor_keys';
    await runner.query(`ALTER TABLE "${schema}"."donor_keys" ADD COLUMN tenant_id text NOT NULL DEFAULT 'default'
      CONSTRAINT donor_keys_tenant_id_shape CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{0,62}$')`);
    await runner.query(`ALTER TABLE "${schema}"."donor_keys" ALTER COLUMN tenant_id DROP DEFAULT`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema?: string }).schema ?? 'donor_keys';
    await runner.query(`ALTER TABLE "${schema}"."donor_keys" DROP COLUMN tenant_id`);
  }
}
