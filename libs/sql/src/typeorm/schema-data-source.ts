import { DataSource } from 'typeorm';
import { EmbeddedDatabase } from '../embedded-database.js';
import { PgDatabase } from '../pg-database.js';
import { PreparingClient } from '../prepared-statements.js';
import type { SqlDatabase } from '../sql-database.js';
import { pgliteAsPgModule } from './pglite-pg-driver.js';

/** Where a TypeORM data source connects: the process's embedded PGlite, or a PostgreSQL server. */
export type DataSourceTarget = { kind: 'embedded'; db: EmbeddedDatabase } | { kind: 'postgres'; url: string; poolSize?: number; preparedStatements?: boolean };

/**
 * Where a data source opened beside `db` connects: the same embedded session, or the same
 * server with the same statement naming. Derived from the database, so the two never disagree.
 */
export function dataSourceTargetBeside(db: SqlDatabase): DataSourceTarget {
  if (db instanceof EmbeddedDatabase) return { kind: 'embedded', db };
  if (db instanceof PgDatabase) return { kind: 'postgres', url: db.url, preparedStatements: db.preparedStatements };
  throw new TypeError(`no data source can be opened beside a ${db.engine} database of another kind`);
}

/**
 * The tables one owner keeps in a schema: its entities and the migrations that make them. Each
 * owner (a read model, an app's store, the API keys) exports its own, and whoever opens the
 * schema lists the owners it serves, so a table and its migration never travel apart.
 */
export interface TableSet {
  readonly entities: readonly TableClass[];
  readonly migrations: readonly TableClass[];
}

/** An entity or migration class, as TypeORM takes them. */
export type TableClass = new (...args: never[]) => unknown;

export interface SchemaDataSourceOptions {
  tables: readonly TableSet[];
  migrationsTableName: string;
  /** Connections to a PostgreSQL server when the target names none; PGlite has one session. */
  defaultPoolSize: number;
}

/**
 * A TypeORM data source over one schema, not yet initialised: on PGlite it shares the embedded
 * session, on PostgreSQL it keeps a pool of its own named after the schema. Tables are made by
 * the migrations only, never `synchronize`; the caller decides how to run them.
 */
export function schemaDataSource(target: DataSourceTarget, schema: string, options: SchemaDataSourceOptions): DataSource {
  const common = {
    type: 'postgres' as const,
    schema,
    entities: options.tables.flatMap((tables) => tables.entities),
    migrations: options.tables.flatMap((tables) => tables.migrations),
    migrationsTableName: options.migrationsTableName,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  return target.kind === 'embedded'
    ? new DataSource({ ...common, driver: pgliteAsPgModule(target.db), poolSize: 1 })
    : new DataSource({ ...common, url: target.url, poolSize: target.poolSize ?? options.defaultPoolSize, applicationName: `hustings-${schema}`, ...(target.preparedStatements === false ? {} : { extra: { Client: PreparingClient } }) });
}
