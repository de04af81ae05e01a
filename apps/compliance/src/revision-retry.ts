import { isWrongExpectedRevision } from '#ledger';

const MAX_ATTEMPTS = 200;
const BASE_DELAY_MS = 2;
const MAX_DELAY_MS = 100;

/**
 * Runs `attempt` (read, decide, append with the revision read) until it is not refused for a
 * stale revision, waiting a random time under a growing cap between tries (full jitter), so
 * writers racing for one stream spread out instead of colliding again in lock-step.
 */
export async function withRevisionRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isWrongExpectedRevision(error) || tries >= MAX_ATTEMPTS) throw error;
      const capMs = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(tries, 16));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * capMs)));
    }
  }
}
