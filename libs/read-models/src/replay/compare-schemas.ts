import type { DataSource } from 'typeorm';
import { identifier } from '#sql';
import type { EntityClass } from '../store/stored-rows.js';
import { rowText, tableDigest, type TableDigest, type TableShape } from './table-digest.js';

export interface TableComparison {
  readonly table: string;
  readonly live: TableDigest | null;
  readonly replayed: TableDigest;
  readonly identical: boolean;
  /** One readable line per differing row (at most `maxDifferences`). */
  readonly differences: readonly string[];
  /** How many differing rows there are in all. */
  readonly differenceCount: number;
}

const q = identifier;

/** The table of an entity, its columns in name order and its primary key, from TypeORM's metadata. */
export function shapeOf(dataSource: DataSource, entity: EntityClass): TableShape {
  const metadata = dataSource.getMetadata(entity);
  return {
    table: metadata.tableName,
    columns: metadata.columns.map((column) => column.databaseName).sort(),
    primaryKey: metadata.primaryColumns.map((column) => column.databaseName),
  };
}

async function columnsIn(dataSource: DataSource, schema: string, table: string): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name COLLATE "C"`,
    [schema, table],
  )) as { column_name: string }[];
  return rows.map((row) => row.column_name);
}

/**
 * Compares one table in two schemas of the same database, row for row by primary key: the
 * digest of each side and, when they differ, a line per row that is only on one side or
 * has a column that differs.
 */
export async function compareTable(dataSource: DataSource, liveSchema: string, replaySchema: string, shape: TableShape, maxDifferences = 1000): Promise<TableComparison> {
  const replayed = await tableDigest(dataSource, replaySchema, shape);
  const liveColumns = await columnsIn(dataSource, liveSchema, shape.table);
  const expected = [...shape.columns].sort();
  if (liveColumns.join(',') !== expected.join(',')) {
    const problem = liveColumns.length === 0 ? 'is missing from the live schema' : `has columns ${liveColumns.join(',')} live, ${expected.join(',')} replayed`;
    return { table: shape.table, live: null, replayed, identical: false, differences: [`${shape.table}: ${problem}`], differenceCount: 1 };
  }
  const live = await tableDigest(dataSource, liveSchema, shape);
  if (live.sha256 === replayed.sha256) return { table: shape.table, live, replayed, identical: true, differences: [], differenceCount: 0 };
  const { lines, count } = await differingRows(dataSource, liveSchema, replaySchema, shape, maxDifferences);
  return { table: shape.table, live, replayed, identical: false, differences: lines, differenceCount: count };
}

async function differingRows(dataSource: DataSource, liveSchema: string, replaySchema: string, shape: TableShape, limit: number) {
  const on = shape.primaryKey.map((column) => `l.${q(column)} = r.${q(column)}`).join(' AND ');
  const row = (alias: string) => `ROW(${shape.columns.map((column) => `${alias}.${q(column)}`).join(', ')})`;
  const firstKey = q(shape.primaryKey[0]);
  const from = `FROM ${q(liveSchema)}.${q(shape.table)} l FULL JOIN ${q(replaySchema)}.${q(shape.table)} r ON ${on}
    WHERE l.${firstKey} IS NULL OR r.${firstKey} IS NULL OR ${row('l')} IS DISTINCT FROM ${row('r')}`;
  const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count ${from}`)) as { count: number }[];
  const rows = (await dataSource.query(
    `SELECT l.${firstKey} IS NOT NULL AS in_live, r.${firstKey} IS NOT NULL AS in_replay, ${rowText(shape, 'l')} AS live, ${rowText(shape, 'r')} AS replayed
     ${from} ORDER BY ${shape.primaryKey.map((column) => `COALESCE(l.${q(column)}, r.${q(column)})::text COLLATE "C"`).join(', ')} LIMIT $1`,
    [limit],
  )) as { in_live: boolean; in_replay: boolean; live: string; replayed: string }[];
  return { count, lines: rows.map((r) => differenceLine(shape, r.in_live, r.in_replay, JSON.parse(r.live) as (string | null)[], JSON.parse(r.replayed) as (string | null)[])) };
}

/** `campaign_totals campaign_id=spring: raised_minor is 2600 live, 2500 replayed` */
export function differenceLine(shape: TableShape, inLive: boolean, inReplay: boolean, live: (string | null)[], replayed: (string | null)[]): string {
  const values = inLive ? live : replayed;
  const key = shape.primaryKey.map((column) => `${column}=${values[shape.columns.indexOf(column)]}`).join(' ');
  const where = `${shape.table} ${key}`;
  if (!inReplay) return `${where}: in the live schema only (the ledger does not produce this row)`;
  if (!inLive) return `${where}: missing from the live schema (the ledger produces it)`;
  const show = (value: string | null): string => (value === null ? 'null' : value);
  const changed = shape.columns
    .map((column, index) => ({ column, live: live[index], replayed: replayed[index] }))
    .filter((c) => c.live !== c.replayed)
    .map((c) => `${c.column} is ${show(c.live)} live, ${show(c.replayed)} replayed`);
  return `${where}: ${changed.length ? changed.join('; ') : 'differs'}`;
}
