import { WrongExpectedRevisionError } from '../errors.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, retryPolicy, shouldRetry } from './retry-policy.js';

const conflict = new WrongExpectedRevisionError('s-1', 0, 1);

describe('the retry policy of command handling', () => {
  describe('given the default policy', () => {
    it('then it keeps the figures every command has used: 200 tries, waits from 4 ms doubling up to 100 ms', () => {
      expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxAttempts: 200, baseDelayMs: 2, maxDelayMs: 100 });
    });

    it('then the ceiling of the wait doubles with each loss and stops at the maximum', () => {
      const ceiling = retryPolicy({ random: () => 0.999999 });
      expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelayMs(ceiling, n))).toEqual([3, 7, 15, 31, 63, 99, 99, 99]);
    });

    it('then the wait is drawn below the ceiling (full jitter)', () => {
      expect(retryDelayMs(retryPolicy({ random: () => 0 }), 5)).toBe(0);
      expect(retryDelayMs(retryPolicy({ random: () => 0.5 }), 3)).toBe(8);
    });

    it('then a huge count of losses neither overflows nor passes the maximum', () => {
      expect(retryDelayMs(retryPolicy({ random: () => 0.999999 }), 10_000)).toBe(99);
    });
  });

  describe('given a conflict', () => {
    it('then it is retried while tries remain, and thrown after the last', () => {
      const policy = retryPolicy({ maxAttempts: 3 });
      expect(shouldRetry(policy, conflict, 1)).toBe(true);
      expect(shouldRetry(policy, conflict, 2)).toBe(true);
      expect(shouldRetry(policy, conflict, 3)).toBe(false);
    });
  });

  describe('given any other error', () => {
    it('then it is never retried', () => {
      expect(shouldRetry(DEFAULT_RETRY_POLICY, new Error('database down'), 1)).toBe(false);
    });
  });

  it('an override keeps the other defaults and cannot change the shared default', () => {
    const policy = retryPolicy({ maxAttempts: 1 });
    expect(policy).toMatchObject({ maxAttempts: 1, baseDelayMs: 2, maxDelayMs: 100 });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(200);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });
});
