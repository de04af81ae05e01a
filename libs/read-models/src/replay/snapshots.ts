import type { DataSource } from 'typeorm';
import type { AsOf } from '#domain';
import { identifier } from '#sql';
import type { RegisteredProjection } from '../registry.js';
import { foldLedger, type FoldResult, type LedgerReader } from './ledger-fold.js';
import { openScratchSchema, scratchMadeAt, type ScratchSchema } from './scratch-schema.js';

/**
 * Snapshots of the read models for as-of folds: the projections folded from position 0 up to a
 * settled position P and kept in a schema of their own (`snapshot_<ms>_<hex>`), with a
 * `snapshot_state` row saying what they hold. An as-of fold starts from the newest snapshot the
 * cut covers (its rows copied into the fold's fresh schema, inside PostgreSQL) and folds only
 * the events after P, so its cost grows with the events since the snapshot, not with the ledger.
 *
 * A snapshot is used only when it is exactly what folding from 0 would have given: made by the
 * same migrations, for at least the projections asked, and whole for the cut. A position cut
 * is covered when P is at or before it; an instant cut when no event up to P was recorded
 * after the instant (recording clocks may disagree with ledger order, so P alone cannot say).
 */
export interface ReadModelSnapshot {
  readonly schema: string;
  /** Every event of a folded type at or before it is in the snapshot; none after it. */
  readonly position: number;
  /** The latest recording instant of the events it holds; null when it holds none. */
  readonly maxRecordedAt: string | null;
  /** The position of the last event it folded; null when it folded none. */
  readonly lastPosition: number | null;
  readonly projections: readonly string[];
  readonly migrations: string;
  /** When it was made (epoch ms). */
  readonly madeAt: number;
}

/** Snapshots kept: older ones serve older instant cuts; beyond this the oldest are dropped. */
export const SNAPSHOTS_KEPT = 24;

const STATE = 'snapshot_state';
const MIGRATIONS = 'read_model_migrations';

/** The migrations a schema was made by, in order: two schemas of equal history have the same columns. */
export async function migrationsOf(dataSource: DataSource, schema: string): Promise<string> {
  const rows = (await dataSource.query(`SELECT name FROM ${identifier(schema)}.${identifier(MIGRATIONS)} ORDER BY id`)) as { name: string }[];
  return rows.map((row) => row.name).join(',');
}

/** Every complete snapshot beside the live schema, newest first. One whose fold did not finish has no state row and is skipped. */
export async function listSnapshots(live: DataSource): Promise<ReadModelSnapshot[]> {
  const schemas = (await live.query(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'snapshot_')`)) as { nspname: string }[];
  const found: ReadModelSnapshot[] = [];
  for (const { nspname: schema } of schemas) {
    const madeAt = scratchMadeAt(schema, 'snapshot');
    if (madeAt === null) continue;
    const [exists] = (await live.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${identifier(schema)}.${STATE}`])) as { present: boolean }[];
    if (!exists.present) continue;
    const [state] = (await live.query(`SELECT position::text AS position, last_position::text AS last_position, max_recorded_at, projections, migrations FROM ${identifier(schema)}.${STATE}`)) as {
      position: string;
      last_position: string | null;
      max_recorded_at: string | null;
      projections: string;
      migrations: string;
    }[];
    if (!state) continue;
    const lastPosition = state.last_position === null ? null : Number(state.last_position);
    found.push({ schema, position: Number(state.position), lastPosition, maxRecordedAt: state.max_recorded_at, projections: state.projections.split(','), migrations: state.migrations, madeAt });
  }
  return found.sort((a, b) => b.position - a.position || b.madeAt - a.madeAt);
}

/** Whether folding on from the snapshot gives, for these projections and this cut, what folding from 0 gives. */
export function snapshotServes(snapshot: ReadModelSnapshot, asOf: AsOf | null, projections: readonly string[], migrations: string): boolean {
  if (snapshot.migrations !== migrations || !projections.every((name) => snapshot.projections.includes(name))) return false;
  if (asOf === null) return true;
  if (asOf.kind === 'position') return snapshot.position <= asOf.position;
  return snapshot.maxRecordedAt === null || Date.parse(snapshot.maxRecordedAt) <= Date.parse(asOf.instant);
}

/**
 * Copies the snapshot's rows into a fresh scratch schema made by the same migrations, table by
 * table with named columns, inside the database: no row crosses to this process.
 */
export async function copySnapshot(scratch: ScratchSchema, snapshot: ReadModelSnapshot): Promise<void> {
  const tables = (await scratch.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT IN ($2, $3)`,
    [snapshot.schema, STATE, MIGRATIONS],
  )) as { table_name: string }[];
  await scratch.dataSource.transaction(async (manager) => {
    for (const { table_name: table } of tables) {
      const columns = (await manager.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [
        snapshot.schema,
        table,
      ])) as { column_name: string }[];
      const list = columns.map((c) => identifier(c.column_name)).join(', ');
      await manager.query(`INSERT INTO ${identifier(scratch.schema)}.${identifier(table)} (${list}) SELECT ${list} FROM ${identifier(snapshot.schema)}.${identifier(table)}`);
    }
  });
}

/**
 * Makes a snapshot at the ledger's settled head: folded on from `from` (the newest snapshot,
 * copied) or from 0, then marked complete by its state row, last. Answers it, or null when the
 * ledger holds nothing to fold.
 */
export async function makeSnapshot(
  ledger: LedgerReader,
  live: DataSource,
  projections: readonly RegisteredProjection[],
  from: ReadModelSnapshot | null,
): Promise<ReadModelSnapshot | null> {
  const upTo = await ledger.headPosition();
  if (upTo === null) return null;
  const scratch = await openScratchSchema(live, 'snapshot');
  let kept = false;
  try {
    const names = projections.map((p) => p.name).sort();
    const migrations = await migrationsOf(scratch.dataSource, scratch.schema);
    // A snapshot of other migrations or fewer read models (one from before an upgrade) is no
    // base: the new one is folded from 0 instead.
    const base = from && snapshotServes(from, null, names, migrations) && from.position <= upTo ? from : null;
    if (base) await copySnapshot(scratch, base);
    const fold: FoldResult = await foldLedger(ledger, scratch.dataSource, projections, { upTo, after: base?.position ?? null });
    const maxRecordedAt = latest(base?.maxRecordedAt ?? null, fold.maxRecordedAt);
    const s = identifier(scratch.schema);
    const lastPosition = fold.lastPosition ?? base?.lastPosition ?? null;
    await scratch.dataSource.query(
      `CREATE TABLE ${s}.${STATE} (position bigint NOT NULL, last_position bigint, max_recorded_at text, projections text NOT NULL, migrations text NOT NULL)`,
    );
    await scratch.dataSource.query(`INSERT INTO ${s}.${STATE} VALUES ($1, $2, $3, $4, $5)`, [
      String(upTo),
      lastPosition === null ? null : String(lastPosition),
      maxRecordedAt,
      names.join(','),
      migrations,
    ]);
    kept = true;
    const madeAt = scratchMadeAt(scratch.schema, 'snapshot') ?? Date.now();
    return { schema: scratch.schema, position: upTo, lastPosition, maxRecordedAt, projections: names, migrations, madeAt };
  } finally {
    await (kept ? scratch.keep() : scratch.drop());
  }
}

const latest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);

/** Drops all but the newest `kept` snapshots. */
export async function pruneSnapshots(live: DataSource, kept = SNAPSHOTS_KEPT): Promise<string[]> {
  const all = await listSnapshots(live);
  const dropped = all.sort((a, b) => b.madeAt - a.madeAt).slice(kept);
  for (const snapshot of dropped) await live.query(`DROP SCHEMA IF EXISTS ${identifier(snapshot.schema)} CASCADE`);
  return dropped.map((s) => s.schema);
}
