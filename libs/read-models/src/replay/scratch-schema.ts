import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { identifier } from '#sql';

/** A fresh schema beside the live read models, made by the same migrations, and its data source. */
export interface ScratchSchema {
  readonly schema: string;
  readonly dataSource: DataSource;
  /** Drops the schema and its tables, then closes the data source. */
  drop(): Promise<void>;
  /** Closes the data source and keeps the schema (for a look at a replay that differed). */
  keep(): Promise<void>;
}

const NAME = /^([a-z]+)_(\d{13})_[0-9a-f]{8}$/;

/** What a scratch schema is for: a replay, an as-of fold, or a kept snapshot for later as-of folds. */
export type ScratchPrefix = 'replay' | 'asof' | 'snapshot';

/**
 * Opens `<prefix>_<epoch ms>_<random>` in the live data source's database: same engine, same
 * connection settings, same migrations, a schema of its own. On the embedded store it shares
 * the one PGlite session with the live schema, unit of work by unit of work.
 */
export async function openScratchSchema(live: DataSource, prefix: ScratchPrefix): Promise<ScratchSchema> {
  const schema = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const options = live.options as typeof live.options & { poolSize?: number };
  const dataSource = new DataSource({ ...options, schema, poolSize: Math.min(options.poolSize ?? 2, 2) } as typeof live.options);
  await dataSource.initialize();
  const close = async (dropSchema: boolean): Promise<void> => {
    try {
      if (dropSchema) await dataSource.query(`DROP SCHEMA IF EXISTS ${identifier(schema)} CASCADE`);
    } finally {
      await dataSource.destroy();
    }
  };
  try {
    await dataSource.query(`CREATE SCHEMA ${identifier(schema)}`);
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await close(true).catch(() => undefined);
    throw error;
  }
  return { schema, dataSource, drop: () => close(true), keep: () => close(false) };
}

/** When a scratch schema of `prefix` was made (epoch ms), from its name; null for any other schema. */
export function scratchMadeAt(name: string, prefix: ScratchPrefix): number | null {
  const match = NAME.exec(name);
  return match !== null && match[1] === prefix ? Number(match[2]) : null;
}

/**
 * Drops scratch schemas of `prefix` older than `olderThanMs`: those a process left behind when
 * it died between making and dropping one. Kept replays (`--keep`) are the operator's to drop.
 */
export async function dropStaleScratchSchemas(live: DataSource, prefix: 'asof' | 'snapshot', olderThanMs: number, now = Date.now()): Promise<string[]> {
  const rows = (await live.query(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [`${prefix}_`])) as { nspname: string }[];
  const stale = rows.map((row) => row.nspname).filter((name) => {
    const madeAt = scratchMadeAt(name, prefix);
    return madeAt !== null && now - madeAt > olderThanMs;
  });
  for (const name of stale) await live.query(`DROP SCHEMA IF EXISTS ${identifier(name)} CASCADE`);
  return stale;
}
