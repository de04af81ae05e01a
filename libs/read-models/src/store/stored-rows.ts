import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent, Topic } from '#contracts';
import { rowForJson, rowFromJson, type ReadModelProjection, type StoredProjection } from '../projection.js';
import { WrittenKeys } from './written-keys.js';

/** A TypeORM entity class. */
export type EntityClass = abstract new (...args: never[]) => object;

/** A pure fold stored in one table: the columns beside the row that reports select by. */
export interface StoredRows<Row> {
  readonly definition: ReadModelProjection<Row>;
  readonly entity: EntityClass;
  readonly topics: readonly Topic[];
  columnsOf(row: Row): Record<string, string | null>;
  /** The store's view of it: one row's evolve per event, inside the store's transaction. */
  readonly projection: StoredProjection;
}

/**
 * Stores `evolve(row | null, event)` in a table of (key, columns…, row jsonb, last_position): the
 * event's row is read under a row lock, folded, written back with one upsert. The store holds
 * the checkpoint in the same transaction, and each row remembers its last position, so a
 * replayed event changes nothing. A row is touched only by facts of its own key, which share a
 * bus partition (committee+donor), so locks never queue long.
 */
export function storedRows<Row>(definition: ReadModelProjection<Row>, entity: EntityClass, columnsOf: (row: Row) => Record<string, string | null>): StoredRows<Row> {
  /**
   * The batch in two statements: its rows read under their locks (in key order, so two
   * batches never wait on each other in a circle), folded in memory in ledger order, and
   * the rows that changed written back by one upsert. With `written` (a fold into empty
   * tables), only keys written before are read: no other key has a row.
   */
  async function applyBatch(manager: EntityManager, events: readonly RecordedEvent[], written: WrittenKeys | null): Promise<void> {
    const keyed = events.flatMap((event) => {
      const key = definition.keyOf(event);
      return key === null ? [] : [{ key, event }];
    });
    if (keyed.length === 0) return;
    const table = manager.connection.getMetadata(entity).tablePath;
    const keys = [...new Set(keyed.map(({ key }) => key))];
    const lookedUp = (written === null ? keys : keys.filter((key) => written.mayHave(key))).sort();
    const stored = lookedUp.length === 0 ? [] : await lockRows(manager, table, lookedUp);
    const rows = new Map(stored.map((r) => [r.key, rowFromJson<Row>(r.row)]));
    const changed = new Map<string, number>();
    for (const { key, event } of keyed) {
      const before = rows.get(key) ?? null;
      const after = definition.evolve(before, event);
      if (after === before || after === null) continue;
      rows.set(key, after);
      changed.set(key, event.position);
    }
    if (changed.size === 0) return;
    if (written !== null) for (const key of changed.keys()) written.add(key);
    // One JSON text for the whole batch, each row beside its columns (the row as rowToJson writes it).
    const records = [...changed].map(([key, position]) => {
      const row = rows.get(key) as Row;
      return { key, ...columnsOf(row), last_position: String(position), row: rowForJson(row) };
    });
    const [firstKey] = changed.keys();
    const names = ['key', ...Object.keys(columnsOf(rows.get(firstKey) as Row)), 'row', 'last_position'].map((n) => `"${n}"`);
    await manager.query(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_populate_recordset(null::${table}, $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET ${names.slice(1).map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`,
      [JSON.stringify(records)],
    );
  }
  const stored = (written: WrittenKeys | null): StoredProjection => ({
    name: definition.name,
    canHandle: definition.canHandle,
    /** One event is a batch of one: the same read under lock, fold and upsert. */
    apply: (manager: EntityManager, event: RecordedEvent): Promise<void> => applyBatch(manager, [event], written),
    applyBatch: (manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> => applyBatch(manager, events, written),
  });
  const projection: StoredProjection = { ...stored(null), forEmptyTables: () => stored(new WrittenKeys()) };
  return { definition, entity, topics: definition.topics, columnsOf, projection };
}

/** The rows of these keys (sorted), under their row locks taken in key order, as JSON text. */
async function lockRows(manager: EntityManager, table: string, keys: readonly string[]): Promise<{ key: string; row: string }[]> {
  return (await manager.query(`SELECT key, row::text AS row FROM ${table} WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`, [keys])) as { key: string; row: string }[];
}

/** Reads the rows of one stored fold of a committee (or of a campaign, where the table has the column). */
export async function readStoredRows<Row>(dataSource: DataSource | EntityManager, model: StoredRows<Row>, where: { committeeId?: string; campaignId?: string }): Promise<Row[]> {
  const manager = 'manager' in dataSource ? dataSource.manager : dataSource;
  const table = manager.connection.getMetadata(model.entity).tablePath;
  const [column, value] = where.campaignId !== undefined ? ['campaign_id', where.campaignId] : ['committee_id', where.committeeId ?? ''];
  const rows = (await manager.query(`SELECT row::text AS row FROM ${table} WHERE ${column} = $1 ORDER BY key`, [value])) as { row: string }[];
  return rows.map((r) => rowFromJson<Row>(r.row));
}

/** The name reports have always used. */
export const readReportRows = readStoredRows;
