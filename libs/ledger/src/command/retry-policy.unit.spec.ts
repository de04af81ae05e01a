import { jest } from '@jest/globals';
import { WrongExpectedRevisionError } from '../errors.js';
import { DECIDE_AGAIN, DEFAULT_RETRY_POLICY, retryDelayMs, retryLostRaces, retryPolicy, shouldRetry } from './retry-policy.js';

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

describe('the one retry loop of the command path', () => {
  const policy = retryPolicy({ maxAttempts: 4, random: () => 0 });
  const exhausted = (attempts: number) => `found recorded ${attempts} times`;
  /** A try that answers each outcome in turn: an error to throw, DECIDE_AGAIN, or a value. */
  const tries = (...outcomes: unknown[]) => {
    const seen: number[] = [];
    const tryOnce = async (attempt: number) => {
      seen.push(attempt);
      const outcome = outcomes[attempt - 1];
      if (outcome instanceof Error) throw outcome;
      return outcome as string | typeof DECIDE_AGAIN;
    };
    return { seen, tryOnce };
  };

  it('given two lost races, then the third try answers, after a wait each time', async () => {
    const { seen, tryOnce } = tries(conflict, conflict, 'decided');
    let waits = 0;
    await expect(retryLostRaces(policy, tryOnce, { exhausted, waitAfterLostRace: () => (waits++, true) })).resolves.toEqual({ result: 'decided', attempts: 3 });
    expect([seen, waits]).toEqual([[1, 2, 3], 2]);
  });

  it('given a decision found already recorded, then it is decided again, without asking whether to wait', async () => {
    const { tryOnce } = tries(DECIDE_AGAIN, 'decided');
    const waitAfterLostRace = jest.fn(() => true);
    await expect(retryLostRaces(policy, tryOnce, { exhausted, waitAfterLostRace })).resolves.toEqual({ result: 'decided', attempts: 2 });
    expect(waitAfterLostRace).not.toHaveBeenCalled();
  });

  it('given every try found its decision recorded, then the last one fails with the caller\'s message', async () => {
    const { tryOnce } = tries(DECIDE_AGAIN, DECIDE_AGAIN, DECIDE_AGAIN, DECIDE_AGAIN);
    await expect(retryLostRaces(policy, tryOnce, { exhausted })).rejects.toThrow('found recorded 4 times');
  });

  it('given every try lost its race, then the last conflict is thrown', async () => {
    const { seen, tryOnce } = tries(conflict, conflict, conflict, conflict);
    await expect(retryLostRaces(policy, tryOnce, { exhausted })).rejects.toBe(conflict);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('given an error that is not a lost race, then it is thrown at once', async () => {
    const broken = new Error('disk full');
    const { seen, tryOnce } = tries(broken, 'decided');
    await expect(retryLostRaces(policy, tryOnce, { exhausted })).rejects.toBe(broken);
    expect(seen).toEqual([1]);
  });
});
