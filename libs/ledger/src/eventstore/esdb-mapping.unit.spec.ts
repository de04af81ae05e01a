import { BACKWARDS, END, FORWARDS, NO_STREAM, START } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors.js';
import type { ExpectedRevision } from '../ledger-store.port.js';
import {
  appendRevisionFor,
  assertExpectedRevision,
  checkExpected,
  clientConnectionString,
  clientStreamRead,
  fromClientRevision,
  NO_EVENTS,
  redactCredentials,
  retriesOnConflict,
  satisfies,
  startAfter,
  toEsdbPosition,
  toLedgerPosition,
} from './esdb-mapping.js';

describe('positions', () => {
  it('turns commit positions into exact numbers up to 2^53 - 1', () => {
    expect(toLedgerPosition(0n)).toBe(0);
    expect(toLedgerPosition(1_234_567n)).toBe(1_234_567);
    expect(toLedgerPosition(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses positions a number cannot hold exactly, rather than rounding a checkpoint', () => {
    expect(() => toLedgerPosition(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => toLedgerPosition(-1n)).toThrow(RangeError);
  });

  it('maps our positions back with prepare equal to commit', () => {
    expect(toEsdbPosition(4_096)).toEqual({ commit: 4_096n, prepare: 4_096n });
    expect(toLedgerPosition(toEsdbPosition(Number.MAX_SAFE_INTEGER).commit)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toEsdbPosition(-1)).toThrow(RangeError);
    expect(() => toEsdbPosition(1.5)).toThrow(RangeError);
  });

  it('starts from the beginning without a checkpoint, else at the checkpoint', () => {
    expect(startAfter(null)).toBe(START);
    expect(startAfter(77)).toEqual({ commit: 77n, prepare: 77n });
  });
});

describe('expected revisions', () => {
  const cases: [ExpectedRevision, number, boolean][] = [
    ['any', NO_EVENTS, true],
    ['any', 3, true],
    ['no_stream', NO_EVENTS, true],
    ['no_stream', 0, false],
    ['stream_exists', NO_EVENTS, false],
    ['stream_exists', 0, true],
    [2, 2, true],
    [2, 3, false],
    [0, NO_EVENTS, false],
  ];
  it.each(cases)('expected %p against current %p: %p', (expected, current, ok) => {
    expect(satisfies(expected, current)).toBe(ok);
  });

  it('reports the actual revision, or no_stream, when the expectation fails', () => {
    const onRevision = captured(() => checkExpected('s-1', 0, 1));
    expect(onRevision).toBeInstanceOf(WrongExpectedRevisionError);
    expect(onRevision).toMatchObject({ streamId: 's-1', expected: 0, actual: 1 });
    expect(captured(() => checkExpected('s-1', 'stream_exists', NO_EVENTS))).toMatchObject({ actual: 'no_stream' });
    expect(() => checkExpected('s-1', 'any', 5)).not.toThrow();
  });

  it('appends conditional on the exact revision chained onto: NO_STREAM or a bigint', () => {
    expect(appendRevisionFor(NO_EVENTS)).toBe(NO_STREAM);
    expect(appendRevisionFor(0)).toBe(0n);
    expect(appendRevisionFor(41)).toBe(41n);
  });

  it("reads the client's actual revision back", () => {
    expect(fromClientRevision('no_stream')).toBe(NO_EVENTS);
    expect(fromClientRevision(undefined)).toBe(NO_EVENTS);
    expect(fromClientRevision(7n)).toBe(7);
  });

  it('retries lost races only for expectations that do not pin the state', () => {
    expect(retriesOnConflict('any')).toBe(true);
    expect(retriesOnConflict('stream_exists')).toBe(true);
    expect(retriesOnConflict('no_stream')).toBe(false);
    expect(retriesOnConflict(3)).toBe(false);
  });

  it('refuses revisions that cannot exist', () => {
    expect(() => assertExpectedRevision(-1)).toThrow(TypeError);
    expect(() => assertExpectedRevision(0.5)).toThrow(TypeError);
    expect(() => assertExpectedRevision(0)).not.toThrow();
  });
});

describe('stream reads', () => {
  it('reads forwards from the start or backwards from the end by default', () => {
    expect(clientStreamRead({})).toEqual({ direction: FORWARDS, fromRevision: START });
    expect(clientStreamRead({ direction: 'backwards' })).toEqual({ direction: BACKWARDS, fromRevision: END });
  });

  it('passes the start revision as a bigint and the count as is', () => {
    expect(clientStreamRead({ fromRevision: 2, maxCount: 2 })).toEqual({ direction: FORWARDS, fromRevision: 2n, maxCount: 2 });
    expect(clientStreamRead({ direction: 'backwards', fromRevision: 1 })).toEqual({ direction: BACKWARDS, fromRevision: 1n });
  });

  it('refuses negative or fractional revisions and counts', () => {
    expect(() => clientStreamRead({ fromRevision: -1 })).toThrow(RangeError);
    expect(() => clientStreamRead({ maxCount: 1.5 })).toThrow(RangeError);
  });
});

describe('connection strings', () => {
  it('passes esdb strings through and renames kurrentdb ones for the 6.x client', () => {
    expect(clientConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(clientConnectionString('kurrentdb://db:2113?tls=false')).toBe('esdb://db:2113?tls=false');
    expect(clientConnectionString('kurrentdb+discover://a:2113,b:2113')).toBe('esdb+discover://a:2113,b:2113');
  });

  it('refuses other schemes without echoing credentials', () => {
    expect(() => clientConnectionString('https://admin:changeit@db:2113')).toThrow('https://***@db:2113');
    expect(redactCredentials('esdb://admin:changeit@db:2113?tls=true')).toBe('esdb://***@db:2113?tls=true');
    expect(redactCredentials('esdb://db:2113')).toBe('esdb://db:2113');
  });
});

function captured(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
