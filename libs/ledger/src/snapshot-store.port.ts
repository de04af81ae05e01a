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

export interface SnapshotKey {
  streamId: string;
  schema: string;
}

export interface SnapshotStore {
  /** Events folded since a stream's last snapshot before the next is taken. */
  readonly interval: number;
  /** The latest snapshot of each key (null where there is none), in request order. */
  read(keys: readonly SnapshotKey[]): Promise<(Snapshot | null)[]>;
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
