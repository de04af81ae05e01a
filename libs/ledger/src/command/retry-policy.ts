import { setTimeout as sleep } from 'node:timers/promises';
import { isWrongExpectedRevision } from '../errors.js';

/**
 * How a command that lost a race for its stream (a `WrongExpectedRevision`) tries again: read,
 * decide and append once more, after a random wait below a ceiling that doubles with each loss
 * ("full jitter"), so a crowd of writers racing for one stream spreads out instead of colliding
 * again in lock-step (retrying at once took the embedded bench to a p99 of 8.8 s).
 */
export interface RetryPolicy {
  /** Tries in all, the first included; the last conflict is thrown to the caller. */
  readonly maxAttempts: number;
  /** Ceiling of the wait after the first loss is twice this; it doubles with each further loss. */
  readonly baseDelayMs: number;
  /** The ceiling never grows past this. */
  readonly maxDelayMs: number;
  /** Source of the jitter in [0, 1); a test may fix it. */
  readonly random: () => number;
}

/**
 * The one policy every command uses. 200 tries with waits of at most 100 ms carry fifty
 * concurrent gifts from one donor (one aggregate stream) through on a busy 2-core box, and a
 * loser is never parked for long once its rivals are done.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 200, baseDelayMs: 2, maxDelayMs: 100, random: Math.random });

/** The default policy with some fields replaced; say at the call site why it needs them. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return Object.freeze({ ...DEFAULT_RETRY_POLICY, ...overrides });
}

/** The wait before try `failedAttempts + 1`, after `failedAttempts` conflicts in a row. */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const capMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(failedAttempts, 16));
  return Math.floor(policy.random() * capMs);
}

/** True when `error` is a lost race that the policy allows another try after. */
export function shouldRetry(policy: RetryPolicy, error: unknown, failedAttempts: number): boolean {
  return isWrongExpectedRevision(error) && failedAttempts < policy.maxAttempts;
}

/** What a try answers when a rival recorded its decision first: decide again, at once, from what is stored. */
export const DECIDE_AGAIN: unique symbol = Symbol('decide again');

export interface RetryLoopOptions {
  /** The error when every try found its decision already recorded. */
  exhausted: (attempts: number) => string;
  /** Whether to wait before the next try after a lost race; always, unless told. */
  waitAfterLostRace?: () => boolean;
}

/**
 * The one retry loop of the command path: runs `tryOnce` until it answers. A lost race (it
 * throws WrongExpectedRevision) is tried again under the policy, after the policy's wait; a
 * decision found already recorded (`DECIDE_AGAIN`) is tried again at once. `handleCommand` and
 * the multi-stream commands built on `loadStreams` and `appendMany` both run in it.
 */
export async function retryLostRaces<T>(policy: RetryPolicy, tryOnce: (attempt: number) => Promise<T | typeof DECIDE_AGAIN>, options: RetryLoopOptions): Promise<{ result: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await tryOnce(attempt);
      if (result !== DECIDE_AGAIN) return { result, attempts: attempt };
      if (attempt >= policy.maxAttempts) throw new Error(options.exhausted(attempt));
    } catch (error) {
      if (!shouldRetry(policy, error, attempt)) throw error;
      if (options.waitAfterLostRace?.() ?? true) await sleep(retryDelayMs(policy, attempt));
    }
  }
}
