import { decideIdempotentRequest, IdempotencyError, isReplayable, parseIdempotencyKey, type IdempotencyRecord } from './idempotency.js';

const now = new Date('2026-11-03T12:00:00.000Z');
const response = { status: 202, headers: { location: '/v1/donations/d-1' }, body: { donationId: 'd-1' } };
const codeOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof IdempotencyError) return error.code;
    throw error;
  }
  throw new Error('expected an IdempotencyError');
};

describe('parseIdempotencyKey', () => {
  it('given no header, when parsed, then the key is missing (400)', () => {
    expect(codeOf(() => parseIdempotencyKey(undefined))).toBe('idempotency_key_missing');
    expect(codeOf(() => parseIdempotencyKey('  '))).toBe('idempotency_key_missing');
    expect(codeOf(() => parseIdempotencyKey('""'))).toBe('idempotency_key_missing');
  });

  it('given a Structured Field string or a bare token, when parsed, then the key is its content', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('abc-123')).toBe('abc-123');
    expect(parseIdempotencyKey('"say \\"hi\\""')).toBe('say "hi"');
  });

  it('given two headers, control characters or an overlong key, when parsed, then it is invalid', () => {
    expect(codeOf(() => parseIdempotencyKey(['a', 'b']))).toBe('idempotency_key_invalid');
    expect(codeOf(() => parseIdempotencyKey('tab\there'))).toBe('idempotency_key_invalid');
    expect(codeOf(() => parseIdempotencyKey('é'))).toBe('idempotency_key_invalid');
    expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
    expect(codeOf(() => parseIdempotencyKey('k'.repeat(256)))).toBe('idempotency_key_invalid');
  });
});

describe('parseIdempotencyKey, as the IETF draft reads the header (an RFC 8941 sf-string)', () => {
  it.each([
    ['a quote left open at the start', '"abc-123'],
    ['a quote left open at the end', 'abc-123"'],
    ['a quote inside a bare value', 'abc"123'],
    ['a backslash in a bare value', 'abc\\123'],
    ['an unescaped quote inside a quoted string', '"ab"c"'],
    ['a stray backslash inside a quoted string', '"ab\\c"'],
    ['a lone quote', '"'],
  ])('given %s, when parsed, then it is invalid (400)', (_what, header) => {
    expect(codeOf(() => parseIdempotencyKey(header))).toBe('idempotency_key_invalid');
  });

  it('given a quoted string with escaped quote and backslash, when parsed, then the key is its unescaped content', () => {
    expect(parseIdempotencyKey('"a\\\\b\\"c"')).toBe('a\\b"c');
  });
});

describe('decideIdempotentRequest', () => {
  it('given a key never seen, when a request comes, then it proceeds', () => {
    expect(decideIdempotentRequest(null, 'fp-1', now)).toEqual({ action: 'proceed' });
  });

  it('given a completed request, when the same request comes again, then its response is replayed', () => {
    const record: IdempotencyRecord = { state: 'completed', fingerprint: 'fp-1', response };
    expect(decideIdempotentRequest(record, 'fp-1', now)).toEqual({ action: 'replay', response });
  });

  it('given a completed request, when another body comes with the key, then it is refused as reused (422)', () => {
    const record: IdempotencyRecord = { state: 'completed', fingerprint: 'fp-1', response };
    const decision = decideIdempotentRequest(record, 'fp-2', now);
    expect(decision.action === 'reject' && decision.error.code).toBe('idempotency_key_reused');
  });

  it('given a request in flight, when the same request comes, then it is refused as in flight (409)', () => {
    const record: IdempotencyRecord = { state: 'in_flight', fingerprint: 'fp-1', lockedUntil: '2026-11-03T12:00:30.000Z' };
    const decision = decideIdempotentRequest(record, 'fp-1', now);
    expect(decision.action === 'reject' && decision.error.code).toBe('idempotency_key_in_flight');
  });

  it('given a request in flight with another body, when it comes, then reuse is reported before in-flight', () => {
    const record: IdempotencyRecord = { state: 'in_flight', fingerprint: 'fp-1', lockedUntil: '2026-11-03T12:00:30.000Z' };
    const decision = decideIdempotentRequest(record, 'fp-2', now);
    expect(decision.action === 'reject' && decision.error.code).toBe('idempotency_key_reused');
  });

  it('given a holder whose lease ran out (its process died), when the same request comes, then it proceeds', () => {
    const record: IdempotencyRecord = { state: 'in_flight', fingerprint: 'fp-1', lockedUntil: '2026-11-03T11:59:59.999Z' };
    expect(decideIdempotentRequest(record, 'fp-1', now)).toEqual({ action: 'proceed' });
  });
});

describe('isReplayable', () => {
  it('keeps final answers and lets transient ones be retried', () => {
    expect([201, 202, 400, 404, 422].map(isReplayable)).toEqual([true, true, true, true, true]);
    expect([409, 429, 500, 503].map(isReplayable)).toEqual([false, false, false, false]);
  });
});
