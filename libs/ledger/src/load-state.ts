import { upcast, type RecordedEvent } from '#contracts';
import type { LedgerStore } from './ledger-store.port.js';

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
  evolve: (state: S, event: E) => S,
  initial: () => S,
): Promise<Loaded<S>> {
  const events = (await ledger.readStream(streamId)).map((event) => upcast(event));
  const state = events.reduce((current, event) => evolve(current, event as unknown as E), initial());
  return { state, revision: events.length ? events[events.length - 1].revision : null, events };
}
