import type { EntityManager, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import type { ReadModelProjection, StoredProjection } from '../projection.js';
import type { EntityClass } from './stored-rows.js';
import { WrittenKeys } from './written-keys.js';

/** A pure projection whose row is one entity's row, found by its primary key columns. */
export type EntityProjection<Row extends ObjectLiteral> = ReadModelProjection<Row, FindOptionsWhere<Row>>;

/**
 * Stores `evolve(row | null, event)` as an entity's row: read by primary key under a row lock,
 * folded, saved when it changed. The store holds the checkpoint in the same transaction, so an
 * event is applied once per partition. Only for rows that one partition owns (a donation's, a
 * donor's); a row shared by partitions is a queue under this lock, so write it as atomic
 * upserts instead (campaign totals).
 */
export function storedEntities<Row extends ObjectLiteral>(definition: EntityProjection<Row>, entity: EntityClass): StoredProjection {
  /**
   * The batch in two statements: its rows read under their locks, folded in ledger order, the
   * changed ones upserted. With `written` (a fold into empty tables), only rows of keys written
   * before are read: no other key has one.
   */
  async function applyBatch(manager: EntityManager, events: readonly RecordedEvent[], written: WrittenKeys | null): Promise<void> {
    const keyed = events.flatMap((event) => {
      const where = definition.keyOf(event);
      return where === null ? [] : [{ where, event }];
    });
    if (keyed.length === 0) return;
    const repo = manager.getRepository<Row>(entity as never);
    const primary = repo.metadata.primaryColumns.map((column) => column.propertyName);
    // PostgreSQL text holds no NUL, so joining the key's columns with one names each row once.
    const idOf = primary.length === 1 ? (row: ObjectLiteral): string => String(row[primary[0]]) : (row: ObjectLiteral): string => primary.map((name) => String(row[name])).join('\u0000');
    const distinct = new Map(keyed.map(({ where }) => [idOf(where), where]));
    const lookedUp = [...distinct].flatMap(([id, where]) => (written === null || written.mayHave(id) ? [where] : []));
    const found =
      lookedUp.length === 0
        ? []
        : await repo.find({
            where: lookedUp,
            order: Object.fromEntries(primary.map((name) => [name, 'ASC'])) as never,
            lock: { mode: 'pessimistic_write' },
          });
    const rows = new Map(found.map((row) => [idOf(row), row]));
    const changed = new Set<string>();
    for (const { where, event } of keyed) {
      const id = idOf(where);
      const before = rows.get(id) ?? null;
      const after = definition.evolve(before, event);
      if (after === null || after === before) continue;
      rows.set(id, after);
      changed.add(id);
    }
    if (changed.size === 0) return;
    if (written !== null) for (const id of changed) written.add(id);
    await repo.upsert([...changed].map((id) => rows.get(id)) as never, { conflictPaths: primary, skipUpdateIfNoValuesChanged: false });
  }
  const stored = (written: WrittenKeys | null): StoredProjection => ({
    name: definition.name,
    canHandle: definition.canHandle,
    /** One event is a batch of one. */
    apply: (manager: EntityManager, event: RecordedEvent): Promise<void> => applyBatch(manager, [event], written),
    applyBatch: (manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> => applyBatch(manager, events, written),
  });
  return { ...stored(null), forEmptyTables: () => stored(new WrittenKeys()) };
}
