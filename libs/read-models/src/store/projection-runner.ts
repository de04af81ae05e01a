import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { sqlStateOf } from '#sql';
import type { StoredProjection } from '../projection.js';
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
  const repo = manager.getRepository(ProjectionCheckpoint);
  await manager.createQueryBuilder().insert().into(ProjectionCheckpoint).values({ projection: projection.name, partitionKey, position: '0' }).orIgnore().execute();
  const checkpoint = await repo.findOne({ where: { projection: projection.name, partitionKey }, lock: { mode: 'pessimistic_write' } });
  let applied = Number(checkpoint?.position ?? 0);
  const start = applied;
  for (const event of events) {
    if (!projection.canHandle.includes(event.type) || event.position <= applied) continue;
    await projection.apply(manager, event);
    applied = event.position;
  }
  if (applied === start) return null;
  await repo.update({ projection: projection.name, partitionKey }, { position: String(applied) });
  return applied;
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
      for (const projection of concerned) await applyOnce(manager, projection, events, partitionKey);
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
