import { upcast, type RecordedEvent } from '#contracts';
import type { LedgerStore } from './ledger-store.port.js';
import type { StateCodec } from './snapshot-store.port.js';

/** How a stream's events fold into the state a command is decided on (a decider's other half). */
export interface StreamFold<S, E> {
  evolve: (state: S, event: E) => S;
  initialState: () => S;
  /** How a state of this fold is kept as a snapshot; absent: the stream is never snapshotted. */
  snapshot?: StateCodec<S>;
}

export interface Loaded<S> {
  state: S;
  /** Revision of the last event read, or null when the stream does not exist (append with 'no_stream'). */
  revision: number | null;
  events: RecordedEvent[];
}

/** Reads a stream and folds it, through the upcasters, into the decider's state. */
export async function loadState<S, E>(
  ledger: LedgerStore,
  streamId: string,
  fold: StreamFold<S, E>,
): Promise<Loaded<S>> {
  return foldStream(await ledger.readStream(streamId), fold);
}

/** Events read from a stream, upcast and folded into the decider's state. */
function foldStream<S, E>(read: RecordedEvent[], fold: StreamFold<S, E>): Loaded<S> {
  const events = read.map((event) => upcast(event));
  const state = events.reduce((current, event) => fold.evolve(current, event as unknown as E), fold.initialState());
  return { state, revision: events.length ? events[events.length - 1].revision : null, events };
}

/**
 * A stream folded as it stood when one of its events was recorded: its events up to and
 * including `revision`. A handler of that event decides on what the event changed, not on
 * what happened after it, so a handler running late (a consumer behind a surge) writes the
 * same facts as one running at once.
 */
export async function loadStateAsOf<S, E>(
  ledger: LedgerStore,
  streamId: string,
  fold: StreamFold<S, E>,
  revision: number,
): Promise<Loaded<S>> {
  return foldStream(await ledger.readStream(streamId, { maxCount: revision + 1 }), fold);
}
