import type { DataSource } from 'typeorm';
import type { AsOf } from '#domain';
import type { RegisteredProjection } from '../registry.js';
import { compareTable, shapeOf, type TableComparison } from './compare-schemas.js';
import { foldLedger, type LedgerReader } from './ledger-fold.js';
import { dropStaleScratchSchemas, openScratchSchema } from './scratch-schema.js';
import { copySnapshot, listSnapshots, migrationsOf, snapshotServes } from './snapshots.js';

export interface ReplayReport {
  /** The live schema compared. */
  readonly liveSchema: string;
  /** The fresh schema rebuilt (dropped afterwards unless kept). */
  readonly replaySchema: string;
  readonly kept: boolean;
  /** The ledger head when the replay began: it rebuilt positions 0 to this. */
  readonly upTo: number | null;
  readonly applied: number;
  readonly tables: readonly TableComparison[];
  readonly identical: boolean;
}

export const schemaOf = (dataSource: DataSource): string => (dataSource.options as { schema?: string }).schema ?? 'public';

/**
 * Rebuilds the projections' tables from global position 0 into a fresh schema, with the
 * projections' own code, then compares each table with the live schema row for row.
 * The live side is read after the rebuild: on a running system it may hold events newer
 * than `upTo`, so compare a quiet system (or run again) before calling a difference a fault.
 */
export async function replayReadModels(
  ledger: LedgerReader,
  live: DataSource,
  projections: readonly RegisteredProjection[],
  options: { keep?: boolean; maxDifferences?: number } = {},
): Promise<ReplayReport> {
  const upTo = await ledger.headPosition();
  const scratch = await openScratchSchema(live, 'replay');
  let kept = false;
  try {
    const { applied } = await foldLedger(ledger, scratch.dataSource, projections, { upTo });
    const tables: TableComparison[] = [];
    for (const projection of projections) {
      for (const entity of projection.entities) {
        tables.push(await compareTable(live, schemaOf(live), scratch.schema, shapeOf(live, entity), options.maxDifferences));
      }
    }
    kept = options.keep === true;
    return { liveSchema: schemaOf(live), replaySchema: scratch.schema, kept, upTo, applied, tables, identical: tables.every((t) => t.identical) };
  } finally {
    await (kept ? scratch.keep() : scratch.drop());
  }
}

/**
 * Runs `read` against the read models as they stand after folding the ledger up to the cut
 * into a throw-away schema: the books as of then, from the ledger alone, never from today's
 * rows. The fold starts from the newest snapshot that covers the cut (see snapshots.ts), whose
 * rows are what folding from 0 to its position gives, so only the events after it are folded.
 * `read` gets a data source of the same entities, so a report reads it as it reads live.
 */
export async function readModelsAsOf<T>(
  ledger: LedgerReader,
  live: DataSource,
  projections: readonly RegisteredProjection[],
  asOf: AsOf,
  read: (dataSource: DataSource, fold: { upTo: number | null; lastPosition: number | null; from: number | null }) => Promise<T>,
): Promise<T> {
  await dropStaleScratchSchemas(live, 'asof', 60 * 60_000).catch(() => undefined);
  const scratch = await openScratchSchema(live, 'asof');
  try {
    const migrations = await migrationsOf(scratch.dataSource, scratch.schema);
    const names = projections.map((p) => p.name);
    const base = (await listSnapshots(live)).find((snapshot) => snapshotServes(snapshot, asOf, names, migrations)) ?? null;
    if (base) await copySnapshot(scratch, base);
    // The head after the snapshot was chosen: a snapshot made meanwhile never lies past it.
    const upTo = await ledger.headPosition();
    const fold = await foldLedger(ledger, scratch.dataSource, projections, { upTo, asOf, after: base?.position ?? null });
    return await read(scratch.dataSource, { upTo, lastPosition: fold.lastPosition ?? base?.lastPosition ?? null, from: base?.position ?? null });
  } finally {
    await scratch.drop();
  }
}
