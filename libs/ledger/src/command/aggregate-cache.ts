import process from 'node:process';
import type { SnapshotStore, StateCodec } from '../snapshot-store.port.js';

/** A stream's folded state as of one revision. */
export interface CachedAggregate<S> {
  readonly state: S;
  /** Revision of the last event folded into `state`. */
  readonly revision: number;
  /** Revision of the stream's latest snapshot this process knows of: the next is taken `interval` events after it. */
  readonly snapshotRevision?: number;
  /** Where and how the stream's states are taken as snapshots (given by loadStreams on a ledger that keeps them). */
  readonly snapshots?: SnapshotTaking<S>;
}

/** A ledger's snapshot store and the codec of a stream's fold. */
export interface SnapshotTaking<S> {
  readonly store: SnapshotStore;
  readonly codec: StateCodec<S>;
}

/**
 * Where handleCommand keeps the states it decided on, so the next command on a stream reads
 * only the events after the cached revision instead of the whole stream. An entry is a guess
 * like any read: the append still carries the expected revision, so a stale entry costs a
 * catch-up read or a conflict, never a wrong decision. States must be immutable (every
 * `evolve` returns a new state) because a cached state is shared between commands.
 */
export interface AggregateCache<S> {
  get(streamId: string): CachedAggregate<S> | undefined;
  set(streamId: string, entry: CachedAggregate<S>): void;
  delete(streamId: string): void;
}

const unencodable = new Set<string>();

/**
 * Offers a state as its stream's next snapshot. Taking a snapshot never fails a command: a state
 * its codec cannot write is left out (a warning, once per schema), and costs a longer read later.
 */
function offered<S>(streamId: string, entry: CachedAggregate<S>, { store, codec }: SnapshotTaking<S>): boolean {
  let state: unknown;
  try {
    state = codec.encode(entry.state);
  } catch (error) {
    if (!unencodable.has(codec.schema)) process.emitWarning(`ledger snapshots: a ${codec.schema} state could not be written as a snapshot: ${(error as Error).message}`);
    unencodable.add(codec.schema);
    return false;
  }
  store.offer([{ streamId, schema: codec.schema, revision: entry.revision, state }]);
  return true;
}

/** The default: nothing is kept, every command reads its whole stream. */
export function noAggregateCache<S>(): AggregateCache<S> {
  return { get: () => undefined, set: () => undefined, delete: () => undefined };
}

/**
 * Keeps the `capacity` streams used last, in memory. One instance per decider (the state type
 * is the decider's), held by the process that owns the streams' partition.
 */
export class BoundedAggregateCache<S> implements AggregateCache<S> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, CachedAggregate<S>>();

  constructor(private readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): CachedAggregate<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  /**
   * Keeps a state; a state `interval` events past the stream's last snapshot known is offered as
   * the next snapshot, so a stream this process appends to is snapshotted as its appends leave it
   * (the newest state there is), not when it is next read.
   */
  set(streamId: string, entry: CachedAggregate<S>): void {
    const known = this.entries.get(streamId);
    // A slower command must not put back an older state than one already cached.
    if (known !== undefined && known.revision > entry.revision) return;
    this.entries.delete(streamId);
    // A state set after an append knows neither the snapshot the one it replaces knew, nor how to take the next.
    const snapshots = entry.snapshots ?? known?.snapshots;
    let snapshotRevision = entry.snapshotRevision ?? known?.snapshotRevision;
    if (snapshots && entry.revision - (snapshotRevision ?? -1) >= snapshots.store.interval && offered(streamId, entry, snapshots)) snapshotRevision = entry.revision;
    const kept = snapshotRevision === entry.snapshotRevision && snapshots === entry.snapshots ? entry : { ...entry, snapshotRevision, snapshots };
    this.entries.set(streamId, kept);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
