import type { NewEvent, RecordedEvent } from '#contracts';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendRequest,
  type AppendResult,
  type ExpectedRevision,
  type LedgerStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type Snapshot,
  type SnapshotStore,
  type SnapshotTail,
  type SnapshotTailRequest,
  type StreamTailRequest,
  type Subscription,
} from '#ledger';

/**
 * A LedgerStore in a few arrays, for unit specs of code above the port (command handling):
 * expected revisions and idempotency by event id as the contract suite has them, no hash
 * chain, no subscriptions. It counts reads and appends, so a spec can say how many were made.
 */
export class InMemoryLedger implements LedgerStore {
  private readonly events: RecordedEvent[] = [];
  /** By event id: the stream it is in and the result of the append that wrote it. */
  private readonly written = new Map<string, { streamId: string; result: AppendResult }>();
  reads = 0;
  appends = 0;

  /** Throws what an append would refuse; answers the original result of a duplicate. */
  private check(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult | null {
    const known = events.map((e) => this.written.get(e.eventId));
    const elsewhere = known.findIndex((w) => w !== undefined && w.streamId !== streamId);
    if (elsewhere >= 0) throw new DuplicateEventIdError(events[elsewhere].eventId, streamId, known[elsewhere]!.streamId);
    const last = known[known.length - 1];
    if (last && known.every((w) => w !== undefined)) return { ...last.result, duplicate: true };
    const stream = this.events.filter((e) => e.streamId === streamId);
    const actual = stream.length ? stream.length - 1 : 'no_stream';
    const fits = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : expected === 'stream_exists' ? actual !== 'no_stream' : actual === expected);
    if (!fits) throw new WrongExpectedRevisionError(streamId, expected, actual);
    return null;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.appends++;
    const duplicate = this.check(streamId, events, expected);
    if (duplicate) return duplicate;
    const stream = this.events.filter((e) => e.streamId === streamId);
    const recorded = events.map((event, i): RecordedEvent => ({
      ...event,
      streamId,
      revision: stream.length + i,
      position: this.events.length + i,
      recordedAt: new Date(0).toISOString(),
      prevHash: '',
      hash: '',
    }));
    this.events.push(...recorded);
    const tail = recorded[recorded.length - 1];
    const result = { nextExpectedRevision: tail.revision, position: tail.position, duplicate: false };
    for (const event of recorded) this.written.set(event.eventId, { streamId, result });
    return result;
  }

  /** Atomic: every expectation of an appendMany is checked before anything is written. */
  readonly atomicMultiStreamAppend: boolean;
  appendManyCalls = 0;

  /** With `snapshotInterval`: snapshots kept in a Map, as the SQL ledger keeps them in a table. */
  readonly snapshots: InMemorySnapshots | undefined;

  constructor(options: { atomic?: boolean; snapshotInterval?: number } = {}) {
    this.atomicMultiStreamAppend = options.atomic ?? false;
    this.snapshots = options.snapshotInterval ? new InMemorySnapshots(options.snapshotInterval, (streamId, after) => this.events.filter((e) => e.streamId === streamId && e.revision > after)) : undefined;
  }

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    this.appendManyCalls++;
    if (this.atomicMultiStreamAppend) for (const r of requests) this.check(r.streamId, r.events, r.expected);
    const results: AppendResult[] = [];
    for (const r of requests) results.push(await this.append(r.streamId, r.events, r.expected));
    return results;
  }

  async readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> {
    this.reads++;
    return requests.map((r) => this.events.filter((e) => e.streamId === r.streamId && e.revision > (r.afterRevision ?? -1)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.reads++;
    const backwards = options.direction === 'backwards';
    let stream = this.events.filter((e) => e.streamId === streamId);
    if (options.fromRevision !== undefined) stream = stream.filter((e) => (backwards ? e.revision <= options.fromRevision! : e.revision >= options.fromRevision!));
    if (backwards) stream.reverse();
    return stream.slice(0, options.maxCount ?? stream.length);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1;
    const { streamPrefixes, eventTypes } = options.filter ?? {};
    const matching = this.events.filter(
      (e) => e.position > after && (!streamPrefixes || streamPrefixes.some((p) => e.streamId.startsWith(p))) && (!eventTypes || eventTypes.includes(e.type)),
    );
    return matching.slice(0, options.maxCount ?? matching.length);
  }

  subscribeToAll(): Subscription {
    throw new Error('InMemoryLedger has no subscriptions');
  }

  async headPosition(): Promise<number | null> {
    return this.events.length ? this.events.length - 1 : null;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Snapshots in a Map, kept as JSON text (as the SQL ledger keeps them), the latest revision winning; counts reads and offers. */
export class InMemorySnapshots implements SnapshotStore {
  private readonly kept = new Map<string, { revision: number; text: string }>();
  reads = 0;
  offered: Snapshot[] = [];

  constructor(
    readonly interval: number,
    private readonly eventsAfter: (streamId: string, revision: number) => RecordedEvent[],
  ) {}

  async readTails(requests: readonly SnapshotTailRequest[]): Promise<SnapshotTail[]> {
    this.reads++;
    return requests.map((r) => {
      const kept = r.schema === null ? undefined : this.kept.get(`${r.schema} ${r.streamId}`);
      const after = r.afterRevision ?? -1;
      const snapshot = kept && kept.revision > after ? { streamId: r.streamId, schema: r.schema!, revision: kept.revision, state: JSON.parse(kept.text) as unknown } : null;
      return { snapshot, events: this.eventsAfter(r.streamId, snapshot?.revision ?? after) };
    });
  }

  offer(snapshots: readonly Snapshot[]): void {
    for (const s of snapshots) {
      this.offered.push(s);
      const key = `${s.schema} ${s.streamId}`;
      if ((this.kept.get(key)?.revision ?? -1) < s.revision) this.kept.set(key, { revision: s.revision, text: JSON.stringify(s.state) });
    }
  }

  /** Puts a snapshot as it is, newer or not (a damaged or foreign one, in specs). */
  put(snapshot: Snapshot): void {
    this.kept.set(`${snapshot.schema} ${snapshot.streamId}`, { revision: snapshot.revision, text: JSON.stringify(snapshot.state) });
  }
}
