import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { ProjectionCheckpoint } from '../read-models/entities.js';

/** A read model fed by ledger events: `apply` changes rows, inside the runner's transaction. */
export interface Projection {
  readonly name: string;
  readonly eventTypes: readonly string[];
  apply(manager: EntityManager, event: RecordedEvent): Promise<void>;
}

/**
 * Applies events to projections exactly once: the checkpoint of (projection, partition)
 * is read under a row lock and written in the same transaction as the rows, and an event at
 * or before the checkpoint changes nothing. A source partition delivers positions in order
 * (a Kafka partition, or the ledger itself), so one number per partition suffices.
 */
export class ProjectionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
  ) {}

  async handle(event: RecordedEvent, partitionKey: string): Promise<void> {
    for (const projection of this.projections) {
      if (!projection.eventTypes.includes(event.type)) continue;
      await this.dataSource.transaction((manager) => this.applyOnce(manager, projection, event, partitionKey));
    }
  }

  private async applyOnce(manager: EntityManager, projection: Projection, event: RecordedEvent, partitionKey: string): Promise<void> {
    const repo = manager.getRepository(ProjectionCheckpoint);
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProjectionCheckpoint)
      .values({ projection: projection.name, partitionKey, position: '0' })
      .orIgnore()
      .execute();
    const checkpoint = await repo.findOne({
      where: { projection: projection.name, partitionKey },
      lock: { mode: 'pessimistic_write' },
    });
    if (checkpoint && Number(checkpoint.position) >= event.position) return;
    await projection.apply(manager, event);
    await repo.update({ projection: projection.name, partitionKey }, { position: String(event.position) });
  }
}
