import type { NewEvent } from '#contracts';
import { isWrongExpectedRevision } from '../errors.js';
import type { ExpectedRevision, LedgerStore } from '../ledger-store.port.js';
import { loadState, type Loaded, type StreamFold } from '../load-state.js';
import { noAggregateCache, type AggregateCache } from './aggregate-cache.js';
import { loadStreams, streamLoad } from './load-streams.js';
import { DECIDE_AGAIN, DEFAULT_RETRY_POLICY, retryLostRaces, type RetryPolicy } from './retry-policy.js';

export type { StreamFold } from '../load-state.js';

/**
 * Events a decision writes to another stream beside its own: facts whose ids derive from the
 * cause, so a second copy is a duplicate. On a ledger with atomic multi-stream appends they go
 * in the same transaction as the decision (or, when the decision writes nothing to its own
 * stream, in one transaction together); elsewhere they are appended after the guarded append
 * succeeds, one after another.
 */
export interface FollowUpAppend {
  streamId: string;
  events: readonly NewEvent[];
  /**
   * The revision the decision read the stream at, when the follow-up was decided on that
   * stream's state (a refund spread over a checkout's shares): a rival append there is a lost
   * race, decided again like one on the command's own stream. Absent: 'any', no check.
   */
  expected?: ExpectedRevision;
}

/** What `decide` returns: the events for the command's stream, and any follow-up appends. */
export type CommandDecision<Ev extends NewEvent> = readonly Ev[] | { events: readonly Ev[]; followUps?: readonly FollowUpAppend[] };

/** Decides on the state read; may read other streams, never appends. Called again after a lost race. */
export type Decide<S, Ev extends NewEvent> = (state: S, loaded: Loaded<S>) => CommandDecision<Ev> | Promise<CommandDecision<Ev>>;

export interface HandleCommandOptions<S> {
  /** When to try again after losing a race; DEFAULT_RETRY_POLICY unless a caller says why not. */
  retry?: RetryPolicy;
  /**
   * States kept between commands. A cached state is decided on without reading (the append's
   * expected revision checks it), so `loaded.events` is then empty: a caller whose decision
   * reads the stream's events, or whose `evolve` reads recording fields (`recordedAt`), must
   * not be given a cache. None by default.
   */
  cache?: AggregateCache<S>;
  /** The stream as the caller already read it, decided on in the first attempt instead of reading again. */
  alreadyRead?: Loaded<S>;
}

export interface CommandResult<S, Ev extends NewEvent> {
  /** What the deciding attempt read (events empty when its state came from the cache). */
  loaded: Loaded<S>;
  before: S;
  /** `before` with the decided events folded in (also when they were found already there). */
  after: S;
  /** The events decided for the command's stream: none, appended, or (duplicate) already there. */
  events: Ev[];
  followUps: FollowUpAppend[];
  /**
   * The revision to expect next: after our append, or as read when nothing was appended (null
   * while the stream has no events); on a duplicate, the original append's, as the port answers.
   */
  nextExpectedRevision: number | null;
  /** Global position of the command's own append; null when nothing was appended. */
  position: number | null;
  /** True when every decided event was already in the stream: nothing was written. */
  duplicate: boolean;
  attempts: number;
}

/**
 * The one command path: read the stream through the upcasters (or take it from the cache),
 * fold it, decide, append the decision with the revision read, then its follow-ups. A lost
 * race (WrongExpectedRevision) reads again and decides again on the fresh state, under one
 * retry policy. A decision with follow-ups whose own events were already there (a racing
 * handler of the same cause wrote them first) is decided again from what is stored, so the
 * follow-ups carry the stored figures, never ours.
 */
export async function handleCommand<S, E, Ev extends NewEvent>(
  ledger: LedgerStore,
  streamId: string,
  fold: StreamFold<S, E>,
  decide: Decide<S, Ev>,
  options: HandleCommandOptions<S> = {},
): Promise<CommandResult<S, Ev>> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const cache = options.cache ?? noAggregateCache<S>();
  let given = options.alreadyRead;
  let fromCache = false;
  const { result, attempts } = await retryLostRaces(
    policy,
    async () => {
      const cached = given ? undefined : cache.get(streamId);
      fromCache = cached !== undefined;
      const loaded = given ?? (cached ? { state: cached.state, revision: cached.revision, events: [] } : await loadUncached(ledger, streamId, fold, options.cache));
      given = undefined;
      try {
        return await attemptOnce(ledger, streamId, fold, decide, cache, loaded);
      } catch (error) {
        if (isWrongExpectedRevision(error)) cache.delete(streamId);
        throw error;
      }
    },
    {
      exhausted: (attempt) => `${streamId}: the decision was found already recorded ${attempt} times; its follow-ups are not appended`,
      // A stale cached state lost to no rival: read again at once.
      waitAfterLostRace: () => !fromCache,
    },
  );
  return { ...result, attempts };
}

/**
 * A stream this process keeps nothing of: a caller that keeps states loads it as the batch paths
 * do (loadStreams: from its latest snapshot and the tail after it, on a ledger that keeps them),
 * so a refund to a donor with a long history costs the events since the snapshot; one that keeps
 * none reads the whole stream, every event in `loaded.events`.
 */
async function loadUncached<S, E>(ledger: LedgerStore, streamId: string, fold: StreamFold<S, E>, cache: AggregateCache<S> | undefined): Promise<Loaded<S>> {
  if (!cache) return loadState(ledger, streamId, fold);
  const [loaded] = await loadStreams(ledger, [streamLoad<S>(streamId, fold, cache)]);
  return loaded;
}

type AttemptResult<S, Ev extends NewEvent> = Omit<CommandResult<S, Ev>, 'attempts'> | typeof DECIDE_AGAIN;

async function attemptOnce<S, E, Ev extends NewEvent>(
  ledger: LedgerStore,
  streamId: string,
  fold: StreamFold<S, E>,
  decide: Decide<S, Ev>,
  cache: AggregateCache<S>,
  loaded: Loaded<S>,
): Promise<AttemptResult<S, Ev>> {
  const decision = await decide(loaded.state, loaded);
  const events = [...('events' in decision ? decision.events : decision)];
  const followUps = 'followUps' in decision ? [...(decision.followUps ?? [])] : [];
  const after = events.reduce((state, event) => fold.evolve(state, event as unknown as E), loaded.state);
  const outcome = { loaded, before: loaded.state, after, events, followUps };
  if (events.length === 0) {
    if (loaded.revision !== null) cache.set(streamId, { state: loaded.state, revision: loaded.revision });
    await appendFollowUps(ledger, followUps);
    return { ...outcome, nextExpectedRevision: loaded.revision, position: null, duplicate: false };
  }
  const expected = loaded.revision ?? 'no_stream';
  const pending = followUps.filter((f) => f.events.length > 0);
  if (pending.length > 0 && ledger.atomicMultiStreamAppend) {
    // One transaction for the decision and its follow-ups: both are written or neither. Their
    // ids derive from the cause, so when ours are found stored, so are the follow-ups.
    const [appended] = await ledger.appendMany([{ streamId, events, expected }, ...pending.map(followUpRequest)]);
    if (appended.duplicate) cache.delete(streamId);
    else cache.set(streamId, { state: after, revision: appended.nextExpectedRevision });
    return { ...outcome, nextExpectedRevision: appended.nextExpectedRevision, position: appended.position, duplicate: appended.duplicate };
  }
  const appended = await ledger.append(streamId, events, expected);
  if (appended.duplicate) {
    // Someone else's append holds our ids: what the stream holds now is not known here.
    cache.delete(streamId);
    if (followUps.length > 0) return DECIDE_AGAIN;
  } else {
    cache.set(streamId, { state: after, revision: appended.nextExpectedRevision });
  }
  await appendFollowUps(ledger, followUps);
  return { ...outcome, nextExpectedRevision: appended.nextExpectedRevision, position: appended.position, duplicate: appended.duplicate };
}

const followUpRequest = (followUp: FollowUpAppend) => ({ streamId: followUp.streamId, events: [...followUp.events], expected: followUp.expected ?? ('any' as const) });

async function appendFollowUps(ledger: LedgerStore, followUps: readonly FollowUpAppend[]): Promise<void> {
  const pending = followUps.filter((f) => f.events.length > 0);
  if (pending.length > 1 && ledger.atomicMultiStreamAppend) {
    await ledger.appendMany(pending.map(followUpRequest));
    return;
  }
  for (const followUp of pending) await ledger.append(followUp.streamId, [...followUp.events], followUp.expected ?? 'any');
}
