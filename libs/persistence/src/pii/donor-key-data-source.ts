import { DataSource } from 'typeorm';
import { pgliteAsPgModule } from '../typeorm/pglite-pg-driver.js';
import type { ReadModelTarget } from '../typeorm/data-source-target.js';
import { DonorKeys1764000000002 } from './1764000000002-donor-keys.migration.js';
import { DonorKeyTenants1764400000200 } from './1764400000200-donor-key-tenants.migration.js';
import { DonorKeyRow } from './donor-key.entity.js';

/** The schema of the donor key store, shared by every app that seals or opens personal data. */
export const DONOR_KEY_SCHEMA = 'donor_keys';

/**
 * The donor key store's own data source, apart from the read models: read models can be
 * dropped and rebuilt from the ledger, keys cannot, and an operator may grant this schema to
 * fewer roles and back it up on a shorter retention.
 */
export async function openDonorKeyDataSource(target: ReadModelTarget, schema = DONOR_KEY_SCHEMA): Promise<DataSource> {
  const common = {
    type: 'postgres' as const,
    schema,
    entities: [DonorKeyRow],
    migrations: [DonorKeys1764000000002, DonorKeyTenants1764400000200],
    migrationsTableName: 'donor_key_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  const dataSource =
    target.kind === 'embedded'
      ? new DataSource({ ...common, driver: pgliteAsPgModule(target.db), poolSize: 1 })
      : new DataSource({ ...common, url: target.url, poolSize: target.poolSize ?? 4, applicationName: `hustings-${schema}` });
  await dataSource.initialize();
  try {
    await migrate(dataSource, schema, target.kind === 'postgres');
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Intake and reporting replicas may start at once against one server, and TypeORM takes no
 * lock of its own: one session holds an advisory lock while the schema is made. PGlite has
 * one process and one session, so there is nobody to wait for (and no second connection).
 */
async function migrate(dataSource: DataSource, schema: string, shared: boolean): Promise<void> {
  if (!shared) {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`hustings-migrations-${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`hustings-migrations-${schema}`]).catch(() => undefined);
    await lock.release();
  }
}
