import type { DataSource, EntityManager } from 'typeorm';
import { topicFor, upcast, type RecordedEvent } from '#contracts';
import { asOfEndsBefore, asOfIncludes, type AsOf } from '#domain';
import type { RegisteredProjection } from '../registry.js';
import { applyOnce, inTransaction } from '../store/projection-runner.js';

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
 * in global order from position 0, through the live store's own batch apply (one transaction
 * per page, each projection's checkpoint written once per page), each projection only the
 * events it is fed live (its topics and its event types).
 * The live runner applies each partition in its order; a projection's rows depend only on
 * the order within a partition (one committee+donor), which global order keeps.
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
  for (let after: number | null = options.after ?? null; ; ) {
    const page = await ledger.readAll({ after, maxCount: pageSize, filter: { eventTypes } });
    const inRange = page.filter((event) => event.position <= (options.upTo ?? 0));
    const ended = inRange.length < page.length || page.length < pageSize || inRange.some((e) => options.asOf && asOfEndsBefore(options.asOf, e));
    const events = inRange.filter((event) => !options.asOf || asOfIncludes(options.asOf, event)).map((event) => upcast(event));
    result.leftOut += inRange.length - events.length;
    if (events.length) result.applied += await inTransaction(dataSource, (manager) => applyPage(manager, projections, events));
    if (events.length) result.lastPosition = events[events.length - 1].position;
    for (const event of events) if (result.maxRecordedAt === null || Date.parse(event.recordedAt) > Date.parse(result.maxRecordedAt)) result.maxRecordedAt = event.recordedAt;
    if (ended) return result;
    after = page[page.length - 1].position;
  }
}

/** Each projection gets the page's events of its topics and types, as the live bus feeds it. */
async function applyPage(manager: EntityManager, projections: readonly RegisteredProjection[], events: readonly RecordedEvent[]): Promise<number> {
  const handled = new Set<RecordedEvent>();
  for (const projection of projections) {
    const mine = events.filter((event) => {
      const topic = topicFor(event);
      return projection.handler.canHandle.includes(event.type) && topic !== null && projection.topics.includes(topic);
    });
    if (mine.length === 0) continue;
    await applyOnce(manager, projection.handler, mine, LEDGER_PARTITION);
    for (const event of mine) handled.add(event);
  }
  return handled.size;
}
