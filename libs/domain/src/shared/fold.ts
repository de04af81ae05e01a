/**
 * How a decider's stream folds into the state its commands are decided on: the decider's
 * other half, exported once beside it so every service that loads the stream folds it alike
 * (the ledger's `handleCommand` and `loadStreams` take it as their StreamFold).
 */
export interface Fold<S, E> {
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
  /** How a state folded at some revision is written down and read back (a snapshot): folds of long streams have one. */
  readonly snapshot?: SnapshotCodec<S>;
}

/**
 * A folded state as plain JSON and back. `decode(encode(s))` must fold every later event exactly
 * as `s` does. `schema` names the form and the fold: change it whenever `evolve`, the state's
 * shape or the encoding changes, and every snapshot taken before is ignored (the stream is
 * read again from its start, and a new snapshot taken).
 */
export interface SnapshotCodec<S> {
  readonly schema: string;
  encode(state: S): unknown;
  decode(data: unknown): S;
}
