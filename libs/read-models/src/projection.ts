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
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(10) : value));
}

export function rowFromJson<Row>(json: string): Row {
  return JSON.parse(json, (key, value: unknown) => (key.endsWith('Minor') && typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : value)) as Row;
}
