import type { DataSource } from 'typeorm';
import { topicFor, upcast, type RecordedEvent } from '#contracts';
import { asOfEndsBefore, asOfIncludes, type AsOf } from '#domain';
import type { RegisteredProjection } from '../registry.js';
import { ProjectionCheckpoint } from '../store/projection-checkpoint.entity.js';
import { FoldLane, settleLanes } from './fold-lanes.js';

/** The part of the ledger port a fold reads (structural, so persistence need not depend on the ledger library). */
export interface LedgerReader {
  readAll(options: { after?: number | null; maxCount?: number; filter?: { eventTypes?: string[] } }): Promise<RecordedEvent[]>;
  headPosition(): Promise<number | null>;
}

/** The checkpoint partition of a read model folded straight from the ledger, in global order. */
export const LEDGER_PARTITION = 'ledger';

export interface FoldOptions {
  /** The cut: only events in the books as of it. Null: every event. */
  asOf?: AsOf | null;
  /** Events after this position are left out: the head when the fold began, so it ends. */
  upTo: number | null;
  /** Events at or before this position are already folded (a snapshot's): the fold starts after it. */
  after?: number | null;
  pageSize?: number;
}

export interface FoldResult {
  /** Position of the last event folded (in the cut and of a folded type), null when none. */
  lastPosition: number | null;
  /** Events handed to at least one projection. */
  applied: number;
  /** The latest recording instant among the events folded, null when none. */
  maxRecordedAt: string | null;
  /** Events of a folded type up to `upTo` that the cut left out. */
  leftOut: number;
}

/**
 * Feeds ledger events, upcast as the bus delivers them, to the registered projections,
 * in global order from position 0, through the live store's own batch apply, each projection
 * only the events it is fed live (its topics and its event types).
 * The live runner applies each partition in its order; a projection's rows depend only on
 * the order within a partition (one committee+donor), which global order keeps.
 *
 * `dataSource` is a schema the fold owns (a scratch schema): it holds what folding the events up
 * to `after` gives, and nothing else writes it while the fold runs. So each projection folds in
 * a lane of its own (one transaction and checkpoint per page, see fold-lanes.ts), the lanes side
 * by side on the pool's connections, while the next page is read; and a fold from position 0
 * into empty tables looks up only the rows it wrote before (`forEmptyTables`).
 */
export async function foldLedger(
  ledger: LedgerReader,
  dataSource: DataSource,
  projections: readonly RegisteredProjection[],
  options: FoldOptions,
): Promise<FoldResult> {
  const eventTypes = [...new Set(projections.flatMap((p) => p.handler.canHandle))];
  // Large pages: a row many events touch (a donor's aggregate) is read and written once a page.
  const pageSize = options.pageSize ?? 5000;
  const result: FoldResult = { lastPosition: null, applied: 0, maxRecordedAt: null, leftOut: 0 };
  if (options.upTo === null || eventTypes.length === 0) return result;
  const upTo = options.upTo;
  const empty = (options.after ?? null) === null && !(await hasCheckpoints(dataSource, projections));
  const lanes = projections.map((p) => ({ registered: p, lane: new FoldLane(dataSource, (empty && p.handler.forEmptyTables?.()) || p.handler, LEDGER_PARTITION) }));
  const read = (after: number | null) => ledger.readAll({ after, maxCount: pageSize, filter: { eventTypes } });
  let queued: Promise<unknown> = Promise.resolve();
  try {
    for (let next: Promise<RecordedEvent[]> | null = read(options.after ?? null); next !== null; ) {
      const page: RecordedEvent[] = await next;
      const inRange = page.filter((event) => event.position <= upTo);
      const ended = inRange.length < page.length || page.length < pageSize || inRange.some((e) => options.asOf && asOfEndsBefore(options.asOf, e));
      // The next page is read while this one is applied.
      next = ended ? null : read(page[page.length - 1].position);
      next?.catch(() => undefined);
      const events = inRange.filter((event) => !options.asOf || asOfIncludes(options.asOf, event)).map((event) => upcast(event));
      result.leftOut += inRange.length - events.length;
      if (events.length === 0) continue;
      const fed = feed(lanes, events);
      result.applied += fed.handled;
      result.lastPosition = events[events.length - 1].position;
      for (const event of events) if (result.maxRecordedAt === null || Date.parse(event.recordedAt) > Date.parse(result.maxRecordedAt)) result.maxRecordedAt = event.recordedAt;
      // The slowest lane is let run at most a page behind: memory stays a few pages.
      await queued;
      queued = fed.applied;
      if (lanes.some((l) => l.lane.failed)) break;
    }
  } finally {
    await settleLanes(lanes.map((l) => l.lane));
  }
  return result;
}

/** Whether any of the projections has a checkpoint in the schema: then its tables may hold rows. */
async function hasCheckpoints(dataSource: DataSource, projections: readonly RegisteredProjection[]): Promise<boolean> {
  const table = dataSource.getMetadata(ProjectionCheckpoint).tablePath;
  const rows = (await dataSource.query(`SELECT 1 FROM ${table} WHERE projection = ANY($1::text[]) LIMIT 1`, [projections.map((p) => p.handler.name)])) as unknown[];
  return rows.length > 0;
}

/**
 * Queues to each lane the page's events of its projection's topics and types, as the live bus
 * feeds it. Answers how many events some projection got, and when every lane has applied them.
 */
function feed(lanes: readonly { registered: RegisteredProjection; lane: FoldLane }[], events: readonly RecordedEvent[]): { handled: number; applied: Promise<unknown> } {
  const handled = new Set<RecordedEvent>();
  const topics = events.map((event) => topicFor(event));
  const applied: Promise<unknown>[] = [];
  for (const { registered, lane } of lanes) {
    const mine = events.filter((event, i) => {
      const topic = topics[i];
      return registered.handler.canHandle.includes(event.type) && topic !== null && registered.topics.includes(topic);
    });
    if (mine.length === 0) continue;
    applied.push(lane.push(mine));
    for (const event of mine) handled.add(event);
  }
  return { handled: handled.size, applied: Promise.all(applied) };
}
