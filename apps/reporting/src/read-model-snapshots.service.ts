import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { CONFIG, READ_MODELS, READ_MODELS_OF_APP, SerialTimer, type HustingsConfig } from '#platform';
import { listSnapshots, makeSnapshot, projectionsNamed, pruneSnapshots, type ReadModelSnapshot } from '#read-models';

/**
 * Snapshots reporting's read models every HUSTINGS_SNAPSHOT_INTERVAL_MS, each folded on from the
 * one before, so an as-of report folds at most an interval's events after the copy of a
 * snapshot instead of the whole ledger. Replicas may all run it: a second snapshot of the same
 * hour is only one more for the pruning to drop.
 */
@Injectable()
export class ReadModelSnapshots implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelSnapshots');
  private readonly runs: SerialTimer;

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(READ_MODELS) private readonly live: DataSource,
    @Inject(CONFIG) config: HustingsConfig,
  ) {
    this.runs = new SerialTimer(config.snapshotIntervalMs, () => this.snapshot(), (error) => this.logger.error(`snapshot failed: ${String(error)}`));
  }

  onModuleInit(): void {
    this.runs.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runs.stop();
  }

  /** A snapshot at the ledger's head now, one run at a time; null when nothing was appended since the newest. */
  snapshotNow(): Promise<ReadModelSnapshot | null> {
    return this.runs.runExclusive(() => this.snapshot());
  }

  private async snapshot(): Promise<ReadModelSnapshot | null> {
    const [newest] = await listSnapshots(this.live);
    const head = await this.ledger.headPosition();
    if (head === null || (newest && newest.position >= head)) return null;
    const began = Date.now();
    const made = await makeSnapshot(this.ledger, this.live, projectionsNamed(READ_MODELS_OF_APP.reporting), newest ?? null);
    const dropped = await pruneSnapshots(this.live);
    if (made) this.logger.log(`read models snapshot ${made.schema} at position ${made.position} in ${Date.now() - began} ms; dropped ${dropped.length} older`);
    return made;
  }
}
