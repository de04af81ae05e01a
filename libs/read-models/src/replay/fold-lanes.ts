import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import type { StoredProjection } from '../projection.js';
import { applyOnce, inTransaction } from '../store/projection-runner.js';

/**
 * One projection's side of a fold: its pages applied in ledger order, each in a transaction of
 * its own with its own checkpoint, one after another. A projection writes only its own tables
 * and its own checkpoint row, so the lanes of a fold are independent and may run side by side
 * on the pool's connections: each table ends as the projection's pages in order make it,
 * whatever the interleaving.
 */
export class FoldLane {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: StoredProjection,
    private readonly partitionKey: string,
  ) {}

  /** Queues a page's events of this projection; answers when they are applied (or the lane failed). A lane that failed applies nothing more. */
  push(events: readonly RecordedEvent[]): Promise<void> {
    this.tail = this.tail.then(async () => {
      if (this.failure !== null) return;
      try {
        await inTransaction(this.dataSource, (manager) => applyOnce(manager, this.projection, events, this.partitionKey));
      } catch (error) {
        this.failure = { error };
      }
    });
    return this.tail;
  }

  /** Waits for every page queued so far; answers the lane's failure, if any. */
  async settled(): Promise<{ error: unknown } | null> {
    await this.tail;
    return this.failure;
  }

  get failed(): boolean {
    return this.failure !== null;
  }
}

/** Waits for every lane, then throws the first failure (no statement of a lane is left to run after it). */
export async function settleLanes(lanes: readonly FoldLane[]): Promise<void> {
  const failures = await Promise.all(lanes.map((lane) => lane.settled()));
  const failure = failures.find((f) => f !== null);
  if (failure) throw failure.error;
}
