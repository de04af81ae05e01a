import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { READ_MODELS } from '#platform';
import { ProjectionCheckpoint, ProjectionRunner, REPORTING_READ_MODELS } from '#read-models';

const PAGE = 500;
/** The checkpoint partition of facts read from the ledger itself rather than the bus. */
export const BACKFILL_PARTITION = 'ledger:backfill';
/** Marks a read model filled from the ledger: later starts leave it to the bus. */
const BACKFILL_DONE = 'ledger:backfill:done';

/**
 * A report read model that has never applied anything (a new install, or an upgrade that adds
 * it) would see only what the bus delivers from now on, because the consumer group's offsets
 * are already past the history. So at start, each such read model is filled from the ledger,
 * position 0 on, in the background. Rows remember their last position, so a fact the bus also
 * delivers is applied once whichever comes first.
 */
@Injectable()
export class ReportBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportBackfill');
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.fill().catch((error: unknown) => this.logger.error(`backfill failed: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async fill(): Promise<void> {
    const repo = this.readModels.getRepository(ProjectionCheckpoint);
    const pending = [];
    let after: number | null = null;
    for (const model of REPORTING_READ_MODELS) {
      const name = model.definition.name;
      if (await repo.existsBy({ projection: name, partitionKey: BACKFILL_DONE })) continue;
      pending.push(model.projection);
      // An interrupted fill resumes where the slowest of them stopped; rows skip what they hold.
      const reached = Number((await repo.findOneBy({ projection: name, partitionKey: BACKFILL_PARTITION }))?.position ?? 0);
      after = after === null ? reached : Math.min(after, reached);
    }
    if (pending.length === 0) return;
    const runner = new ProjectionRunner(this.readModels, pending);
    let applied = 0;
    for (;;) {
      if (this.stopped) return;
      const page = await this.ledger.readAll({ after: after || null, maxCount: PAGE });
      if (page.length === 0) break;
      // A page is one batch: one transaction, one checkpoint write per read model.
      await runner.handleBatch(page, BACKFILL_PARTITION);
      applied += page.length;
      after = page[page.length - 1].position;
    }
    for (const projection of pending) await repo.upsert({ projection: projection.name, partitionKey: BACKFILL_DONE, position: String(after ?? 0) }, ['projection', 'partitionKey']);
    this.logger.log(`filled ${pending.map((p) => p.name).join(', ')} from ${applied} ledger facts`);
  }
}
