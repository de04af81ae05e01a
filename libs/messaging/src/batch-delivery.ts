import { HEADERS } from '#contracts';
import { BatchMessageError, PermanentMessageError, type BatchHandler, type IncomingMessage, type MessageHandler } from './event-bus.port.js';
import type { RecentIds } from './recent-ids.js';
import { backoffMs, sleep } from './retry.js';
import { isTransientInfrastructureError } from './transient-error.js';

export interface DeliveryPolicy {
  maxAttempts: number;
  retryBackoffMs: number;
  /** Doublings of the backoff at most, so an outage is retried at a bounded pace. */
  backoffSteps: number;
}

/** What the adapter does for the engine, for one partition's batch. */
export interface DeliveryHooks {
  /** The partition is going away (stop, rebalance): unfinished messages stay uncommitted. */
  stopping(): boolean;
  heartbeat(): Promise<void>;
  /** The message is done (handled, dropped as a redelivery, or dead-lettered): its offset may be committed. */
  settled(message: IncomingMessage): void;
  deadLetter(message: IncomingMessage, error: unknown): Promise<void>;
}

/** How a group's handler is called: one message at a time, or the whole batch at once. */
export type Delivery = { each: MessageHandler } | { batch: BatchHandler };

const idOf = (message: IncomingMessage): string | undefined => message.headers[HEADERS.eventId];

/**
 * Delivers one partition's batch, in order, with the bus's guarantees: redeliveries are
 * dropped by event id, failures retried with backoff (an infrastructure outage is waited out
 * however long it lasts), a message that fails permanently or runs out of attempts is
 * dead-lettered and its neighbours go on. Settles messages strictly in offset order, so the
 * adapter commits once, after the batch. Returns when the batch is done or the partition is
 * going away.
 */
export async function deliverBatch(
  messages: IncomingMessage[],
  delivery: Delivery,
  seen: RecentIds,
  policy: DeliveryPolicy,
  hooks: DeliveryHooks,
): Promise<void> {
  let pending = messages;
  let oneAtATime = 'each' in delivery;
  let batchAttempt = 1;
  const settleBefore = (stop: IncomingMessage | null): void => {
    while (pending.length > 0 && pending[0] !== stop) {
      const done = pending[0];
      pending = pending.slice(1);
      const id = idOf(done);
      if (id) seen.add(id);
      hooks.settled(done);
    }
  };
  while (pending.length > 0) {
    if (hooks.stopping()) return;
    const fresh = freshOf(pending, seen, oneAtATime);
    if (fresh.length === 0) {
      settleBefore(null);
      return;
    }
    try {
      if ('each' in delivery) await delivery.each(fresh[0]);
      else await delivery.batch(fresh);
      settleBefore(pending[pending.indexOf(fresh[fresh.length - 1]) + 1] ?? null);
      batchAttempt = 1;
      await hooks.heartbeat();
      continue;
    } catch (error) {
      const failure = attribute(error, fresh);
      if (!failure) {
        // The batch failed as a whole: retry it, then hand it over one message at a time.
        const permanent = error instanceof PermanentMessageError;
        if (!permanent && hooks.stopping()) return;
        fresh.forEach((m) => (m.attempt += 1));
        if (permanent || (batchAttempt >= policy.maxAttempts && !isTransientInfrastructureError(error))) oneAtATime = true;
        else await pause(policy, batchAttempt++, hooks);
        continue;
      }
      settleBefore(failure.message);
      const outcome = await onFailure(failure.message, failure.cause, policy, hooks);
      if (outcome === 'stop') return;
      if (outcome === 'dead') settleBefore(pending[1] ?? null);
    }
  }
}

/** The messages to hand over now: not yet seen, no copy twice; only the first when one at a time. */
function freshOf(pending: IncomingMessage[], seen: RecentIds, oneAtATime: boolean): IncomingMessage[] {
  const fresh: IncomingMessage[] = [];
  const ids = new Set<string>();
  for (const message of pending) {
    const id = idOf(message);
    if (id && (seen.has(id) || ids.has(id))) continue;
    if (id) ids.add(id);
    fresh.push(message);
    if (oneAtATime) break;
  }
  return fresh;
}

/** Which message a failure belongs to: the only one, or the one a BatchMessageError names. */
function attribute(error: unknown, fresh: IncomingMessage[]): { message: IncomingMessage; cause: unknown } | null {
  if (error instanceof BatchMessageError && error.index >= 0 && error.index < fresh.length) {
    return { message: fresh[error.index], cause: error.cause };
  }
  if (fresh.length === 1) return { message: fresh[0], cause: error instanceof BatchMessageError ? error.cause : error };
  return null;
}

async function onFailure(
  message: IncomingMessage,
  cause: unknown,
  policy: DeliveryPolicy,
  hooks: DeliveryHooks,
): Promise<'retry' | 'dead' | 'stop'> {
  const permanent = cause instanceof PermanentMessageError;
  // Stopping with the message unfinished: it stays uncommitted, and whoever consumes the
  // partition next gets it again.
  if (!permanent && hooks.stopping()) return 'stop';
  // Only the message's own failures run out of attempts; an outage is waited out.
  const exhausted = message.attempt >= policy.maxAttempts && !isTransientInfrastructureError(cause);
  if (permanent || exhausted) {
    await hooks.deadLetter(message, cause);
    return 'dead';
  }
  await pause(policy, message.attempt, hooks);
  message.attempt += 1;
  return 'retry';
}

async function pause(policy: DeliveryPolicy, attempt: number, hooks: DeliveryHooks): Promise<void> {
  await sleep(backoffMs(policy.retryBackoffMs, Math.min(attempt, policy.backoffSteps)));
  await hooks.heartbeat();
}
