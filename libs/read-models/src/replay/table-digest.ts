import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { identifier } from '#sql';

/** A table as replay compares it: its columns in name order and its primary key. */
export interface TableShape {
  readonly table: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
}

export interface TableDigest {
  readonly rows: number;
  /** SHA-256, hex, of the table's canonical text (see `tableDigest`). */
  readonly sha256: string;
}

const q = identifier;

/** Every column as PostgreSQL's text form, in name order: one JSON array of strings and nulls per row. */
export const rowText = (shape: TableShape, alias: string): string =>
  `json_build_array(${shape.columns.map((column) => `${alias}.${q(column)}::text`).join(', ')})::text`;

/** Primary key order by code unit (COLLATE "C"): the same order in any database, whatever its locale. */
export const keyOrder = (shape: TableShape, alias: string): string =>
  shape.primaryKey.map((column) => `${alias}.${q(column)}::text COLLATE "C"`).join(', ');

/**
 * The digest of one table: SHA-256 over the line `<table> <columns joined by ",">` and then
 * one line per row, its columns' text as a JSON array, rows in primary key order. Two schemas
 * with the same rows have the same digest, in any PostgreSQL; read through a cursor, so a
 * large table never sits in memory whole.
 */
export async function tableDigest(dataSource: DataSource, schema: string, shape: TableShape, batch = 1000): Promise<TableDigest> {
  const hash = createHash('sha256').update(`${shape.table} ${shape.columns.join(',')}\n`);
  const runner = dataSource.createQueryRunner();
  let rows = 0;
  try {
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    await runner.query(`DECLARE digest_rows NO SCROLL CURSOR FOR
      SELECT ${rowText(shape, 't')} AS line FROM ${q(schema)}.${q(shape.table)} t ORDER BY ${keyOrder(shape, 't')}`);
    for (;;) {
      const fetched = (await runner.query(`FETCH ${batch} FROM digest_rows`)) as { line: string }[];
      for (const { line } of fetched) hash.update(`${line}\n`);
      rows += fetched.length;
      if (fetched.length < batch) break;
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
  return { rows, sha256: hash.digest('hex') };
}
