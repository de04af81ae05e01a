import { inspect } from 'node:util';

/**
 * The three functions a decider specification needs, shaped as the deciders in libs/domain
 * have them: `decide(command, state)` returns the new events (or, for the donor aggregate, a
 * decision holding them), `evolve(state, event)` folds one fact in, `initialState()` starts a
 * stream. The helper knows nothing else about them, so it imports nothing from the domain.
 */
export interface DeciderUnderSpec<Command, Event, State, Decision> {
  decide: (command: Command, state: State) => Decision;
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

export interface DeciderThen<Decision> {
  /** The command is decided and yields exactly `expected` (deep, strict equality). */
  then(expected: Decision): Decision;
  /**
   * The command is refused with an error whose `code` is `code`; `detail`, when given, must
   * equal the error's `detail` (or its message when it has none), or match it as a RegExp.
   */
  thenRejects(code: string, detail?: string | RegExp): Error;
  /** Decides and hands the result back, for assertions `then` cannot express. */
  decision(): Decision;
}

export interface DeciderGiven<Command, State, Decision> {
  /** The given events folded into the decider's initial state. */
  readonly state: State;
  when(command: Command): DeciderThen<Decision>;
}

export interface DeciderSpec<Command, Event, State, Decision> {
  /** Prior facts of the stream, oldest first; none for a new stream. */
  given(events?: readonly Event[]): DeciderGiven<Command, State, Decision>;
}

const show = (value: unknown): string => inspect(value, { depth: 8, breakLength: 120 });

/**
 * given / when / then for a decider:
 *
 *   const spec = deciderSpec({ decide: registerCommittee, evolve: evolveCommittee, initialState: initialCommitteeState });
 *   spec.given([]).when(register).then([registered]);
 *   spec.given([registered]).when(register).thenRejects('committee_already_registered');
 */
export function deciderSpec<Command, Event, State, Decision>(
  decider: DeciderUnderSpec<Command, Event, State, Decision>,
): DeciderSpec<Command, Event, State, Decision> {
  return {
    given(events = []) {
      const state = events.reduce((current, event) => decider.evolve(current, event), decider.initialState());
      return {
        state,
        when: (command) => whenDecided(() => decider.decide(command, state)),
      };
    },
  };
}

function whenDecided<Decision>(decide: () => Decision): DeciderThen<Decision> {
  return {
    then(expected) {
      const actual = decide();
      expect(actual).toStrictEqual(expected);
      return actual;
    },
    thenRejects(code, detail) {
      let decided: Decision;
      try {
        decided = decide();
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({ code });
        if (detail !== undefined) {
          const { detail: own, message } = error as Error & { detail?: unknown };
          const actual = typeof own === 'string' ? own : message;
          if (typeof detail === 'string') expect(actual).toBe(detail);
          else expect(actual).toMatch(detail);
        }
        return error as Error;
      }
      throw new Error(`expected a rejection with code ${code}, but the command was decided:\n${show(decided)}`);
    },
    decision: decide,
  };
}

/** A fold whose states are kept as snapshots: the codec as the ledger sees it. */
export interface SnapshotFoldUnderSpec<State, Event> {
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
  snapshot?: { encode(state: State): unknown; decode(data: unknown): State };
}

/**
 * For every cut of `events` (before the first, between any two, after the last): the state
 * folded up to the cut, written down by the fold's codec as JSON text (as the ledger keeps a
 * snapshot) and read back, with the rest of the events folded in. A codec keeps its promise when
 * every one of these equals the state of the whole stream.
 */
export function resumedAtEveryCut<State, Event>(fold: SnapshotFoldUnderSpec<State, Event>, events: readonly Event[]): State[] {
  const codec = fold.snapshot;
  if (!codec) throw new Error('resumedAtEveryCut: the fold has no snapshot codec');
  return Array.from({ length: events.length + 1 }, (_, cut) => {
    const upToCut = events.slice(0, cut).reduce(fold.evolve, fold.initialState());
    const restored = codec.decode(JSON.parse(JSON.stringify(codec.encode(upToCut))));
    return events.slice(cut).reduce(fold.evolve, restored);
  });
}
