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
