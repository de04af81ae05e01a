import type { OutgoingMessage } from './event-bus.port.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter, capped at 30 seconds. */
export function backoffMs(baseMs: number, attempt: number): number {
  const ceiling = Math.min(30_000, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Headers a dead letter carries beside the original ones: where it came from and why. */
export function deadLetterHeaders(
  original: OutgoingMessage,
  at: { partition: number; offset: string },
  error: unknown,
  attempts: number,
): Record<string, string> {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    ...original.headers,
    'x-dead-letter-reason': reason.slice(0, 2000),
    'x-dead-letter-attempts': String(attempts),
    'x-dead-letter-topic': original.topic,
    'x-dead-letter-partition': String(at.partition),
    'x-dead-letter-offset': at.offset,
    'x-dead-letter-at': new Date().toISOString(),
  };
}
