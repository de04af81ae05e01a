import type { EntityManager } from 'typeorm';
import type { RecordedEvent, Topic } from '#contracts';

/**
 * A read model as a pure fold, in the shape of emmett's projections: the event types it can
 * handle, the row each event belongs to, and `evolve(row | null, event) → row | null`. No I/O:
 * `foldProjection` runs it in memory (the specs' oracle), and the SQL store runs the very same
 * function against stored rows: as JSON beside a few columns (`store/stored-rows.ts`) or as
 * an entity's columns (`store/stored-entities.ts`). Returning the row unchanged, or null, writes
 * nothing.
 */
export interface ReadModelProjection<Row, Key = string> {
  readonly name: string;
  readonly topics: readonly Topic[];
  readonly canHandle: readonly string[];
  /** The row the event belongs to (a key, or a table's primary key columns); null: none. */
  keyOf(event: RecordedEvent): Key | null;
  evolve(row: Row | null, event: RecordedEvent): Row | null;
}

/**
 * A projection as the store applies it: inside the store's transaction, which also holds the
 * checkpoint. Every read model has one; those defined by a pure `evolve` get it from
 * `storedRows`, the others (SQL upserts on rows shared by many partitions) write their own.
 */
export interface StoredProjection {
  readonly name: string;
  readonly canHandle: readonly string[];
  apply(manager: EntityManager, event: RecordedEvent): Promise<void>;
  /**
   * Optional: applies a batch's events (handled types only, after the checkpoint, in ledger
   * order) in a few statements, with exactly the result of `apply` on each in turn. May answer
   * a write of rows every partition shares (a campaign's totals), which the runner makes last
   * in the transaction, after the checkpoint, so their locks are held only until the commit.
   */
  applyBatch?(manager: EntityManager, events: readonly RecordedEvent[]): Promise<SharedRowsWrite | void>;
  /**
   * Optional: this projection for one fold into tables that were empty when it began and that
   * nothing else writes (a replay's scratch schema). It looks up only the rows of keys it wrote
   * before, since no other key has one: a fold from position 0 then reads back only the rows
   * that a later page changes again. Stateful, so one per fold; the same rows as this one.
   */
  forEmptyTables?(): StoredProjection;
}

/** A batch's write of rows shared by every partition: made last in its transaction. */
export type SharedRowsWrite = (manager: EntityManager) => Promise<void>;

/** Folds events (in ledger order) into rows by key, in memory: the oracle of what the stored rows hold. */
export function foldProjection<Row>(projection: ReadModelProjection<Row>, events: Iterable<RecordedEvent>, rows: Map<string, Row> = new Map()): Map<string, Row> {
  for (const event of events) {
    if (!projection.canHandle.includes(event.type)) continue;
    const key = projection.keyOf(event);
    if (key === null) continue;
    const next = projection.evolve(rows.get(key) ?? null, event);
    if (next === null) rows.delete(key);
    else rows.set(key, next);
  }
  return rows;
}

/*
 * Rows travel as JSON (the row column of each table, exports, replay digests). Money fields
 * are named `…Minor` and are bigint in code: they are written as decimal strings and read
 * back as bigint by name, so no other field is ever mistaken for money.
 */
export function rowToJson(row: unknown): string {
  return JSON.stringify(rowForJson(row));
}

/** The row as `JSON.stringify` should see it to write what `rowToJson` writes: to embed a row in a larger JSON text. */
export function rowForJson(row: unknown): unknown {
  return withoutBigints(row, '');
}

export function rowFromJson<Row>(json: string): Row {
  return withMoney(JSON.parse(json) as unknown) as Row;
}

/**
 * The value as `JSON.stringify` sees it with a replacer that writes each bigint as its decimal
 * string: the same text, without calling a replacer for every value (a call from the engine
 * into JS per field was the replay's largest cost after waiting for PostgreSQL). A subtree
 * without a bigint is handed back as it is, not copied. Only plain objects and arrays are
 * walked; anything else (a Date) goes to `JSON.stringify` as it is, after its `toJSON`.
 */
function withoutBigints(value: unknown, key: string): unknown {
  if (typeof value === 'bigint') return value.toString(10);
  if (typeof value !== 'object' || value === null) return value;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return withoutBigints((json as (key: string) => unknown).call(value, key), key);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = withoutBigints(item, String(i));
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | null = null;
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const field = record[name];
    const next = withoutBigints(field, name);
    if (next !== field) (copy ??= { ...record })[name] = next;
  }
  return copy ?? value;
}

const DECIMAL = /^-?\d+$/;

/** Parsed JSON with every decimal string of a field named `…Minor`, at any depth, as a bigint. */
function withMoney(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = withMoney(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const field = record[name];
    if (typeof field === 'string') {
      if (name.endsWith('Minor') && DECIMAL.test(field)) record[name] = BigInt(field);
    } else if (typeof field === 'object' && field !== null) withMoney(field);
  }
  return value;
}
