import { upcast, type RecordedEvent } from '#contracts';
import type { LedgerStore } from '../ledger-store.port.js';
import type { Loaded } from '../load-state.js';
import type { AggregateCache } from './aggregate-cache.js';
import type { StreamFold } from './handle-command.js';

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
 */
export async function loadStreams<const T extends AnyLoads>(ledger: LedgerStore, loads: T): Promise<States<T>> {
  const kept = loads.map((load) => load.cache?.get(load.streamId));
  const tails = await ledger.readStreams(loads.map((load, i) => ({ streamId: load.streamId, afterRevision: kept[i]?.revision ?? null })));
  return loads.map((load, i) => {
    const events = tails[i].map((event) => upcast(event) as RecordedEvent);
    const start = kept[i];
    const state = events.reduce((current, event) => load.fold.evolve(current, event), start ? start.state : load.fold.initialState());
    const revision = events.length > 0 ? events[events.length - 1].revision : (start?.revision ?? null);
    if (revision !== null) load.cache?.set(load.streamId, { state, revision });
    return { state, revision, events };
  }) as unknown as States<T>;
}
