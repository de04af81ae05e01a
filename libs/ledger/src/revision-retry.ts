import { isWrongExpectedRevision } from './errors.js';

const MAX_ATTEMPTS = 200;
const BASE_DELAY_MS = 2;
const MAX_DELAY_MS = 100;

/**
 * Runs `attempt` (read, decide, append with the revision read) until it is not refused for a
 * stale revision. Between tries it waits a random time up to an exponentially growing cap
 * ("full jitter"), so a crowd of writers racing for one stream spreads out instead of
 * colliding again in lock-step.
 */
export async function withRevisionRetry<T>(attempt: () => Promise<T>, random: () => number = Math.random): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isWrongExpectedRevision(error) || tries >= MAX_ATTEMPTS) throw error;
      const capMs = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(tries, 16));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * capMs)));
    }
  }
}
