import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { GroupedStatement, queuesConcurrentStatements, sqlStateOf, togetherOrEachAlone } from '#sql';
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
  return (await applyPartitionsOnce(manager, projections, [{ events, partitionKey }])).get(partitionKey) ?? new Map();
}

/** One source partition's batch: its events in the partition's order. */
export interface PartitionBatch {
  readonly events: readonly RecordedEvent[];
  readonly partitionKey: string;
}

/**
 * `applyEachOnce` for the batches of several source partitions at once, still with two
 * checkpoint statements in all, and each projection's share of every partition in ONE
 * `applyBatch`. Partitions are independent (a row is only ever moved by the partition that
 * carries its stream, except the shared rows, which are written last as increments), so the
 * partitions' events are handed over one partition after another, each in its own order.
 * Answers, per partition, the position each projection reached there.
 */
export async function applyPartitionsOnce(
  manager: EntityManager,
  projections: readonly StoredProjection[],
  batches: readonly PartitionBatch[],
): Promise<Map<string, Map<string, number | null>>> {
  const table = manager.connection.getMetadata(ProjectionCheckpoint).tablePath;
  const names = [...new Set(projections.map((p) => p.name))].sort();
  const partitions = [...new Set(batches.map((b) => b.partitionKey))].sort();
  if (partitions.length !== batches.length) throw new TypeError('applyPartitionsOnce: a partition named twice');
  // Every (projection, partition) checkpoint under its row lock, in one order, so two
  // transactions that share some never wait on each other in a cycle.
  const locked = (await manager.query(
    `INSERT INTO ${table} AS c (projection, partition_key, position)
     SELECT n.name, p.key, 0 FROM unnest($1::text[]) AS n(name) CROSS JOIN unnest($2::text[]) AS p(key) ORDER BY 1, 2
     ON CONFLICT (projection, partition_key) DO UPDATE SET position = c.position
     RETURNING projection, partition_key, position::text AS position`,
    [names, partitions],
  )) as { projection: string; partition_key: string; position: string }[];
  const checkpoints = new Map(locked.map((row) => [`${row.projection}\u0000${row.partition_key}`, Number(row.position)]));
  const reached = new Map(batches.map((b) => [b.partitionKey, new Map<string, number | null>()]));
  const moved: { projection: string; partitionKey: string; position: number }[] = [];
  const work: { projection: StoredProjection; events: RecordedEvent[] }[] = [];
  for (const projection of projections) {
    const mine: RecordedEvent[] = [];
    for (const { events, partitionKey } of batches) {
      // Only what lies past the checkpoint, once: a batch may hold an event twice (a redelivery).
      let last = checkpoints.get(`${projection.name}\u0000${partitionKey}`) ?? 0;
      const before = mine.length;
      for (const event of events) {
        if (!projection.canHandle.includes(event.type) || event.position <= last) continue;
        mine.push(event);
        last = event.position;
      }
      const moves = mine.length > before;
      reached.get(partitionKey)?.set(projection.name, moves ? last : null);
      if (moves) moved.push({ projection: projection.name, partitionKey, position: last });
    }
    if (mine.length > 0) work.push({ projection, events: mine });
  }
  // On the embedded engine, the projections side by side: each writes only its own tables, so
  // their statements may interleave, and the transaction waits for the slowest projection's
  // round trips through this thread rather than for the sum of all of them, holding the one
  // session that much shorter. Every projection is let finish before a failure is thrown: a
  // statement still queued must never run after the rollback, outside the transaction. On
  // PostgreSQL a connection takes one statement at a time, so they go one after another.
  const settled = queuesConcurrentStatements(manager.connection)
    ? await Promise.allSettled(work.map(({ projection, events }) => applyProjection(manager, projection, events)))
    : await inTurn(work.map(({ projection, events }) => () => applyProjection(manager, projection, events)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const shared = settled.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  if (moved.length > 0) {
    await manager.query(
      `UPDATE ${table} AS c SET position = v.position FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(projection, partition_key, position)
       WHERE c.projection = v.projection AND c.partition_key = v.partition_key`,
      [moved.map((m) => m.projection), moved.map((m) => m.partitionKey), moved.map((m) => String(m.position))],
    );
  }
  // Last: a row every partition writes is locked from here to the commit.
  for (const write of shared) await write(manager);
  return reached;
}

/** One projection's share of the batch, in its order; answers its write of shared rows, if any. */
async function applyProjection(manager: EntityManager, projection: StoredProjection, events: readonly RecordedEvent[]): Promise<SharedRowsWrite | void> {
  if (projection.applyBatch) return projection.applyBatch(manager, events);
  for (const event of events) await projection.apply(manager, event);
}

/** Runs each in turn, stopping at the first failure (as the settled results of those run). */
async function inTurn<T>(steps: readonly (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const settled: PromiseSettledResult<T>[] = [];
  for (const step of steps) {
    try {
      settled.push({ status: 'fulfilled', value: await step() });
    } catch (reason) {
      settled.push({ status: 'rejected', reason });
      break;
    }
  }
  return settled;
}

/**
 * The one store of every read model: applies events to projections through TypeORM, batch at a
 * time (one transaction and one checkpoint write per projection for the whole batch, where
 * one event at a time cost a transaction and three checkpoint statements per event), and
 * idempotently by ledger position, so a batch delivered twice changes nothing.
 */
export class ProjectionRunner {
  /**
   * Group commit across partitions: the batches of other partitions that arrive while one
   * transaction is in flight (a consumer works its partitions at once) go together in the next,
   * so a surge costs one transaction and one statement per projection for many partitions'
   * batches, not for each. A partition has one batch in flight at a time, so a group never
   * holds two of one partition.
   */
  private readonly grouped: GroupedStatement<PartitionBatch, Error | null>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly StoredProjection[],
  ) {
    this.grouped = new GroupedStatement((batches) => this.applyGroup(batches));
  }

  handle(event: RecordedEvent, partitionKey: string): Promise<void> {
    return this.handleBatch([event], partitionKey);
  }

  /** Applies a batch of one source partition's events, in order, in one transaction. */
  async handleBatch(events: readonly RecordedEvent[], partitionKey: string): Promise<void> {
    if (!this.projections.some((projection) => events.some((event) => projection.canHandle.includes(event.type)))) return;
    const error = await this.grouped.submit({ events, partitionKey });
    if (error) throw error;
  }

  /**
   * The group in one transaction; if that fails and it held more than one partition's batch,
   * each batch again alone, so a batch that cannot apply fails by itself and holds up no other
   * partition. A group that names a partition twice (a caller that did not wait for its batch)
   * runs batch by batch, in the order the batches came.
   */
  private async applyGroup(batches: readonly PartitionBatch[]): Promise<(Error | null)[]> {
    const applied = async (group: readonly PartitionBatch[]): Promise<null[]> => {
      await this.applyTogether(group);
      return group.map(() => null);
    };
    const first = batches.filter((b, i) => batches.findIndex((other) => other.partitionKey === b.partitionKey) === i);
    if (first.length === batches.length) return togetherOrEachAlone(batches, applied);
    const results: (Error | null)[] = [];
    for (const batch of batches) results.push(...(await togetherOrEachAlone([batch], applied)));
    return results;
  }

  private async applyTogether(batches: readonly PartitionBatch[]): Promise<void> {
    const concerned = this.projections.filter((projection) => batches.some((b) => b.events.some((event) => projection.canHandle.includes(event.type))));
    if (concerned.length === 0) return;
    await inTransaction(this.dataSource, async (manager) => {
      await applyPartitionsOnce(manager, concerned, batches);
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
