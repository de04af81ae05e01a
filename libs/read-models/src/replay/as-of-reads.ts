import type { DataSource } from 'typeorm';
import type { AsOf } from '#domain';
import { READ_MODEL_PROJECTIONS, type RegisteredProjection } from '../registry.js';
import type { LedgerReader } from './ledger-fold.js';
import { readModelsAsOf } from './replay.js';

/** What an as-of answer adds to the report: the cut asked for and the last ledger position it holds. */
export interface AsOfStamp {
  asOf: { instant?: string; position?: number; lastPosition: number | null };
}

/** At most this many as-of folds run at once per process; each reads the ledger from 0. */
const MAX_CONCURRENT_FOLDS = 2;

/**
 * Runs a report against the live read models, or, with a cut, against the registered
 * projections folded from the ledger up to it: the live, as-of and replay paths run the same
 * projections from one registry. Reports plug in as functions of a data source.
 */
export class AsOfReads {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly ledger: LedgerReader,
    private readonly live: DataSource,
    /** The read models the reports read; every registered one unless told. */
    private readonly projections: readonly RegisteredProjection[] = READ_MODEL_PROJECTIONS,
  ) {}

  async read<T extends object>(asOf: AsOf | null, report: (readModels: DataSource) => Promise<T>): Promise<T | (T & AsOfStamp)> {
    if (asOf === null) return report(this.live);
    await this.slot();
    try {
      return await readModelsAsOf(this.ledger, this.live, this.projections, asOf, async (folded, fold) => {
        const cut = asOf.kind === 'instant' ? { instant: asOf.instant } : { position: asOf.position };
        return { ...(await report(folded)), asOf: { ...cut, lastPosition: fold.lastPosition } };
      });
    } finally {
      // The slot passes straight to the next in line, so no newcomer slips in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async slot(): Promise<void> {
    if (this.running < MAX_CONCURRENT_FOLDS) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
}
