import type { RecordedEvent } from '#contracts';

/**
 * Snapshots: a stream's state as folded at one revision, kept beside the ledger so that a process
 * that has not seen the stream (started, scaled out, or evicted it from its cache) reads the
 * snapshot and the events after it, not the whole stream. A snapshot is a cache, never a record:
 * the events stay the truth, nothing is decided on a snapshot without the events after it, an
 * append still carries the revision it was decided at, and a snapshot that cannot be read back
 * is passed over (the stream is read from its start).
 */
export interface Snapshot {
  streamId: string;
  /** The codec's schema (form and fold, SnapshotCodec.schema): another schema's snapshots are not read. */
  schema: string;
  /** The revision of the last event folded into `state`. */
  revision: number;
  /** The state as its codec encoded it: plain JSON. */
  state: unknown;
}

/** A stream to read, as readStreams reads it, from its latest snapshot under `schema` when it has one. */
export interface SnapshotTailRequest {
  streamId: string;
  /** The revision the caller holds (null: none). */
  afterRevision: number | null;
  /** The codec's schema; null: no snapshot, only the events after `afterRevision`. */
  schema: string | null;
}

/** A stream's latest snapshot later than the revision asked for (null when none), and the events after it (or after that revision). */
export interface SnapshotTail {
  snapshot: Snapshot | null;
  events: RecordedEvent[];
}

export interface SnapshotStore {
  /** Events folded since a stream's last snapshot before the next is taken. */
  readonly interval: number;
  /**
   * For each request, in request order, in one read of the ledger: with a schema, the stream's
   * latest snapshot under it when that is later than `afterRevision`, and the events after the
   * snapshot (or after `afterRevision`, when there is none); without, the events after
   * `afterRevision`, as readStreams answers.
   */
  readTails(requests: readonly SnapshotTailRequest[]): Promise<SnapshotTail[]>;
  /**
   * Keeps these snapshots where they are newer than the ones kept, in the background: taking a
   * snapshot never fails a command, and a failure to write one costs a longer read later.
   */
  offer(snapshots: readonly Snapshot[]): void;
}

/** How a state is written down for a snapshot and read back (the fold's SnapshotCodec, as the ledger sees it). */
export interface StateCodec<S> {
  readonly schema: string;
  encode(state: S): unknown;
  decode(data: unknown): S;
}
