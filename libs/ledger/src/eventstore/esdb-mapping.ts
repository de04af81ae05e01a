import { BACKWARDS, END, FORWARDS, NO_STREAM, START, type Direction, type Position, type ReadRevision } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision, ReadStreamOptions } from '../ledger-store.port.js';

// ---- Positions -------------------------------------------------------------------------

const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * EventStoreDB places every event at a commit position: its byte offset in the transaction
 * log, an unsigned 64-bit integer. Events written through gRPC are implicit transactions,
 * whose commit and prepare positions are equal and unique per event, so the commit position
 * alone names an event and orders `$all`. The port speaks JS numbers, exact up to 2^53 - 1:
 * a log of 8 PiB. Past that we refuse rather than round, because a rounded checkpoint would
 * silently skip or repeat events.
 */
export function toLedgerPosition(commit: bigint): number {
  if (commit < 0n || commit > MAX_POSITION) {
    throw new RangeError(`EventStoreDB position ${commit} is outside the exact range of a JS number`);
  }
  return Number(commit);
}

/** The client's position for one of ours; prepare equals commit for every event we write. */
export function toEsdbPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`ledger position ${position} is not a non-negative safe integer`);
  }
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

/** Where a read of `$all` or a subscription starts: exclusive of `after`. */
export function startAfter(after: number | null): typeof START | Position {
  return after === null ? START : toEsdbPosition(after);
}

// ---- Expected revisions ----------------------------------------------------------------

/** The revision of a stream's last event, or -1 when the stream has none. */
export type CurrentRevision = number;

export const NO_EVENTS: CurrentRevision = -1;

export function assertExpectedRevision(expected: ExpectedRevision): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new TypeError(`expected revision ${expected} is not a non-negative integer`);
  }
}

export function satisfies(expected: ExpectedRevision, current: CurrentRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === NO_EVENTS;
    case 'stream_exists':
      return current !== NO_EVENTS;
    default:
      return expected === current;
  }
}

export function checkExpected(streamId: string, expected: ExpectedRevision, current: CurrentRevision): void {
  if (!satisfies(expected, current)) {
    throw new WrongExpectedRevisionError(streamId, expected, current === NO_EVENTS ? 'no_stream' : current);
  }
}

/**
 * What we send with every append. Never ANY or STREAM_EXISTS: each event carries the hash
 * of the one before it, so an append is only valid on top of the exact event we chained
 * onto. The caller's softer expectation was checked against that same read.
 */
export function appendRevisionFor(current: CurrentRevision): typeof NO_STREAM | bigint {
  return current === NO_EVENTS ? NO_STREAM : BigInt(current);
}

/** The client reports the stream as `no_stream` or the revision of its last event. */
export function fromClientRevision(actual: 'no_stream' | bigint | undefined): CurrentRevision {
  return actual === undefined || actual === 'no_stream' ? NO_EVENTS : Number(actual);
}

/** A lost race is retried internally only when the caller did not pin the stream's state. */
export function retriesOnConflict(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'stream_exists';
}

// ---- Reading a stream ------------------------------------------------------------------

export interface ClientStreamRead {
  direction: Direction;
  fromRevision: ReadRevision;
  maxCount?: number;
}

export function clientStreamRead(options: ReadStreamOptions): ClientStreamRead {
  const backwards = options.direction === 'backwards';
  const { fromRevision, maxCount } = options;
  if (fromRevision !== undefined && (!Number.isSafeInteger(fromRevision) || fromRevision < 0)) {
    throw new RangeError(`fromRevision ${fromRevision} is not a non-negative integer`);
  }
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`maxCount ${maxCount} is not a non-negative integer`);
  }
  return {
    direction: backwards ? BACKWARDS : FORWARDS,
    fromRevision: fromRevision === undefined ? (backwards ? END : START) : BigInt(fromRevision),
    ...(maxCount === undefined ? {} : { maxCount }),
  };
}

// ---- Connection strings ----------------------------------------------------------------

const SCHEME = /^(esdb|kurrentdb)(\+discover)?:\/\//i;

/**
 * The 6.x client parses `esdb://` and `esdb+discover://` only. KurrentDB documents the same
 * format under `kurrentdb://`, which our configuration accepts, so it is renamed here.
 */
export function clientConnectionString(url: string): string {
  const match = SCHEME.exec(url);
  if (!match) throw new TypeError(`${redactCredentials(url)} is not an esdb:// or kurrentdb:// connection string`);
  return `esdb${match[2] ?? ''}://${url.slice(match[0].length)}`;
}

/** Connection strings may carry `user:password@`; error messages and logs must not. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
