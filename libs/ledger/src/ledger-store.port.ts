import type { SnapshotStore } from './snapshot-store.port.js';
import type { NewEvent, RecordedEvent } from '#contracts';

/** DI token of the ledger port. */
export const LEDGER_STORE = Symbol('LEDGER_STORE');

/**
 * What the writer expects the stream to look like:
 * - 'no_stream': the stream has no events yet;
 * - 'stream_exists': it has at least one;
 * - 'any': no check;
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  position: number;
  /** True when every event was already there (same ids): nothing was written. */
  duplicate: boolean;
}

/** One stream's part of an append. */
export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface StreamTailRequest {
  streamId: string;
  afterRevision: number | null;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start; defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface AllFilter {
  /** Only streams whose id starts with one of these, e.g. 'donation-'. */
  streamPrefixes?: string[];
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events with a greater position. null (or omitted) reads from the start. */
  after?: number | null;
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeOptions {
  /** The checkpoint: position of the last event the subscriber handled, or null for none. */
  after: number | null;
  filter?: AllFilter;
  /** Events fetched per round while catching up. */
  batchSize?: number;
  /**
   * Reads at least this many milliseconds apart while appends keep coming (default 0: read
   * on every announcement). A few milliseconds gather a surge's appends into one read.
   */
  minReadIntervalMs?: number;
}

/**
 * A running subscription. Handlers run one at a time in global order; if a handler throws
 * the subscription stops with that error (it never skips an event).
 */
export interface Subscription {
  /** Position of the last event whose handler completed. */
  readonly lastPosition: number | null;
  /** Resolves once caught up with the head at the time of the call. */
  caughtUp(): Promise<void>;
  /** Stops after the handler in flight completes. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves on stop(), rejects on handler error. */
  readonly done: Promise<void>;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface LedgerStore {
  /**
   * Appends atomically. Idempotent by event id: appending events whose ids are already in
   * the stream returns the original result with `duplicate: true`, whatever the expected
   * revision; an id already used in another stream is refused.
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams (each at most once), every expectation checked, results in
   * request order; idempotent per stream as `append` is. Where `atomicMultiStreamAppend` is
   * true nothing is written unless every expectation holds; otherwise the streams are appended
   * one after another in request order, and a failure leaves the earlier ones written (callers
   * use deterministic event ids, so trying again completes the rest without duplicating).
   */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  readonly atomicMultiStreamAppend: boolean;
  /** Events of one stream; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * The events of several streams, each after a revision (null: from its start), oldest first,
   * one array per request in request order: how a cache of folded states catches up with
   * what others appended, every stream in one read where the store can.
   */
  readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from the checkpoint, then follows live appends. */
  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription;
  /** Where folded states are kept beside the ledger (snapshot-store.port.ts); absent: none are. */
  readonly snapshots?: SnapshotStore;
  /** Position of the last event in the ledger, or null when it is empty. */
  headPosition(): Promise<number | null>;
  /** Answers whether the store is reachable (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
