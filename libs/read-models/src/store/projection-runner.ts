import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { sqlStateOf } from '#sql';
import type { SharedRowsWrite, StoredProjection } from '../projection.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';

/** A deadlock or a serialization failure: PostgreSQL rolled the whole batch back, so it can run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * Applies one projection's share of a batch exactly once, inside the caller's transaction: the
 * checkpoint of (projection, partition) is read under a row lock, events at or before it change
 * nothing, and it is written once, after the batch, in the same transaction as the rows. A
 * source partition delivers positions in order (a Kafka partition, or the ledger itself), so
 * one number per partition suffices.
 */
export async function applyOnce(manager: EntityManager, projection: StoredProjection, events: readonly RecordedEvent[], partitionKey: string): Promise<number | null> {
  return (await applyEachOnce(manager, [projection], events, partitionKey)).get(projection.name) ?? null;
}

/**
 * `applyOnce` for several projections with two checkpoint statements in all: one takes (or
 * creates) every checkpoint under its row lock, in name order, and one moves those that
 * advanced. Answers the position each projection reached, null where nothing was new.
 */
export async function applyEachOnce(
  manager: EntityManager,
  projections: readonly StoredProjection[],
  events: readonly RecordedEvent[],
  partitionKey: string,
): Promise<Map<string, number | null>> {
  const table = manager.connection.getMetadata(ProjectionCheckpoint).tablePath;
  const names = [...new Set(projections.map((p) => p.name))].sort();
  const locked = (await manager.query(
    `INSERT INTO ${table} AS c (projection, partition_key, position) SELECT name, $2, 0 FROM unnest($1::text[]) AS name
     ON CONFLICT (projection, partition_key) DO UPDATE SET position = c.position
     RETURNING projection, position::text AS position`,
    [names, partitionKey],
  )) as { projection: string; position: string }[];
  const checkpoints = new Map(locked.map((row) => [row.projection, Number(row.position)]));
  const reached = new Map<string, number | null>();
  const shared: SharedRowsWrite[] = [];
  for (const projection of projections) {
    // Only what lies past the checkpoint, once: a batch may hold an event twice (a redelivery).
    let last = checkpoints.get(projection.name) ?? 0;
    const mine: RecordedEvent[] = [];
    for (const event of events) {
      if (!projection.canHandle.includes(event.type) || event.position <= last) continue;
      mine.push(event);
      last = event.position;
    }
    if (mine.length === 0) {
      reached.set(projection.name, null);
      continue;
    }
    if (projection.applyBatch) {
      const write = await projection.applyBatch(manager, mine);
      if (write) shared.push(write);
    } else for (const event of mine) await projection.apply(manager, event);
    reached.set(projection.name, last);
  }
  const moved = [...reached].filter((entry): entry is [string, number] => entry[1] !== null);
  if (moved.length > 0) {
    await manager.query(
      `UPDATE ${table} AS c SET position = v.position FROM unnest($1::text[], $2::bigint[]) AS v(projection, position)
       WHERE c.projection = v.projection AND c.partition_key = $3`,
      [moved.map(([name]) => name), moved.map(([, position]) => String(position)), partitionKey],
    );
  }
  // Last: a row every partition writes is locked from here to the commit.
  for (const write of shared) await write(manager);
  return reached;
}

/**
 * The one store of every read model: applies events to projections through TypeORM, batch at a
 * time (one transaction and one checkpoint write per projection for the whole batch, where
 * one event at a time cost a transaction and three checkpoint statements per event), and
 * idempotently by ledger position, so a batch delivered twice changes nothing.
 */
export class ProjectionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly StoredProjection[],
  ) {}

  handle(event: RecordedEvent, partitionKey: string): Promise<void> {
    return this.handleBatch([event], partitionKey);
  }

  /** Applies a batch of one source partition's events, in order, in one transaction. */
  async handleBatch(events: readonly RecordedEvent[], partitionKey: string): Promise<void> {
    const concerned = this.projections.filter((projection) => events.some((event) => projection.canHandle.includes(event.type)));
    if (concerned.length === 0) return;
    await inTransaction(this.dataSource, async (manager) => {
      await applyEachOnce(manager, concerned, events, partitionKey);
    });
  }
}

/**
 * Runs `work` in a transaction, again when PostgreSQL broke a deadlock by rolling it back: a
 * batch may touch rows shared with other partitions (a campaign's totals) in any order.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlStateOf(error) ?? '')) throw error;
    }
  }
}
