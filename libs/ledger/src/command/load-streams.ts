import { upcast, type RecordedEvent } from '#contracts';
import type { LedgerStore } from '../ledger-store.port.js';
import type { Loaded, StreamFold } from '../load-state.js';
import type { SnapshotStore } from '../snapshot-store.port.js';
import type { AggregateCache, CachedAggregate } from './aggregate-cache.js';

/** One stream to load: how it folds, and where its folded state is kept between loads. */
export interface StreamLoad<S> {
  streamId: string;
  // The event type is the fold's own business; loads of several folds travel together.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fold: StreamFold<S, any>;
  /** Kept states: only the events after the kept revision are read. None: the whole stream. */
  cache?: AggregateCache<S>;
}

/** A StreamLoad that carries its state type (so loadStreams can give each result its own). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function streamLoad<S>(streamId: string, fold: StreamFold<S, any>, cache?: AggregateCache<S>): StreamLoad<S> {
  return { streamId, fold, cache };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyLoads = readonly StreamLoad<any>[];
type States<T extends AnyLoads> = { [K in keyof T]: T[K] extends StreamLoad<infer S> ? Loaded<S> : never };

/**
 * Loads several streams in one read of the ledger (readStreams), each caught up from the
 * state kept for it: a committee or a donor's aggregate costs the events appended since this
 * process last saw it, not its whole history, and nothing is skipped, since what was appended
 * elsewhere is in the tail read. `events` of a result are the events read (the tail, for a kept
 * state): callers that judge by a stream's whole history must not keep its state.
 *
 * Snapshots (snapshot-store.port.ts) are the kept states' second tier: a stream given a cache,
 * whose fold has a snapshot codec, on a ledger that keeps snapshots, starts from its latest
 * snapshot when this process keeps nothing of it (snapshots and every tail still in one read);
 * its cache entry then knows how to take the next, which the cache offers once a state it is
 * given (loaded here, or left by an append) is `interval` events past the latest one known.
 */
export async function loadStreams<const T extends AnyLoads>(ledger: LedgerStore, loads: T): Promise<States<T>> {
  const kept = loads.map((load) => load.cache?.get(load.streamId));
  const snapshots = ledger.snapshots;
  const tails = snapshots && loads.some((load, i) => startsFromSnapshot(load, kept[i]))
    ? await readFromSnapshots(ledger, snapshots, loads, kept)
    : await ledger.readStreams(loads.map((load, i) => ({ streamId: load.streamId, afterRevision: kept[i]?.revision ?? null })));
  const states = loads.map((load, i) => {
    const events = tails[i].map((event) => upcast(event) as RecordedEvent);
    const start = kept[i];
    const state = events.reduce((current, event) => load.fold.evolve(current, event), start ? start.state : load.fold.initialState());
    const revision = events.length > 0 ? events[events.length - 1].revision : (start?.revision ?? null);
    if (revision !== null && load.cache) {
      // The cache takes the next snapshot when one is due (BoundedAggregateCache.set), now or after an append.
      const codec = load.fold.snapshot;
      load.cache.set(load.streamId, { state, revision, snapshotRevision: start?.snapshotRevision, ...(snapshots && codec ? { snapshots: { store: snapshots, codec } } : {}) });
    }
    return { state, revision, events };
  });
  return states as unknown as States<T>;
}

/** A kept stream whose fold has a codec, of which this process keeps nothing: it may start from its snapshot. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const startsFromSnapshot = (load: StreamLoad<any>, kept: CachedAggregate<unknown> | undefined): boolean => load.cache !== undefined && load.fold.snapshot !== undefined && kept === undefined;

/**
 * Every load's tail in one read, those that may start from a snapshot from their latest one:
 * `kept` gets the snapshots read back. One that cannot be read back (written by another version
 * under the same schema, or damaged) is passed over, and its stream read again from its start.
 */
async function readFromSnapshots(ledger: LedgerStore, snapshots: SnapshotStore, loads: AnyLoads, kept: (CachedAggregate<unknown> | undefined)[]): Promise<RecordedEvent[][]> {
  const read = await snapshots.readTails(
    loads.map((load, i) => ({ streamId: load.streamId, afterRevision: kept[i]?.revision ?? null, schema: startsFromSnapshot(load, kept[i]) ? load.fold.snapshot!.schema : null })),
  );
  const unreadable: number[] = [];
  read.forEach(({ snapshot }, i) => {
    if (!snapshot) return;
    try {
      kept[i] = { state: loads[i].fold.snapshot!.decode(snapshot.state), revision: snapshot.revision, snapshotRevision: snapshot.revision };
    } catch {
      unreadable.push(i);
    }
  });
  const tails = read.map((r) => r.events);
  if (unreadable.length > 0) {
    const whole = await ledger.readStreams(unreadable.map((i) => ({ streamId: loads[i].streamId, afterRevision: null })));
    unreadable.forEach((i, n) => (tails[i] = whole[n]));
  }
  return tails;
}
