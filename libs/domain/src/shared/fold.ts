/**
 * How a decider's stream folds into the state its commands are decided on: the decider's
 * other half, exported once beside it so every service that loads the stream folds it alike
 * (the ledger's `handleCommand` and `loadStreams` take it as their StreamFold).
 */
export interface Fold<S, E> {
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
}
