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
  /**
   * The consumer group delivering: a dead letter replayed for another group (its
   * REPLAY_FOR_GROUP header) is settled without reaching the handler.
   */
  group?: string;
}

/**
 * Set by the dead-letter replay on a message it puts back on its topic: only the group that
 * dead-lettered it handles it again; the other groups of the topic had handled the original.
 */
export const REPLAY_FOR_GROUP_HEADER = 'x-replay-for-group';

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
  // messages[at..] are not settled yet; settling moves `at`, strictly in offset order.
  let at = 0;
  let oneAtATime = 'each' in delivery;
  let batchAttempt = 1;
  // A dead letter's id is not remembered: when it is replayed, it must reach the handler again.
  const settleUntil = (end: number, remember = true): void => {
    for (; at < end; at++) {
      const id = idOf(messages[at]);
      if (id && remember) seen.add(id);
      hooks.settled(messages[at]);
    }
  };
  while (at < messages.length) {
    if (hooks.stopping()) return;
    const fresh = freshOf(messages, at, seen, oneAtATime, policy.group);
    if (fresh.length === 0) {
      settleUntil(messages.length);
      return;
    }
    let handled = false;
    try {
      if ('each' in delivery) await delivery.each(fresh[0].message);
      else await delivery.batch(fresh.map((f) => f.message));
      handled = true;
    } catch (error) {
      const failure = attribute(error, fresh);
      if (!failure) {
        // The batch failed as a whole: retry it, then hand it over one message at a time.
        const permanent = error instanceof PermanentMessageError;
        if (!permanent && hooks.stopping()) return;
        fresh.forEach((f) => (f.message.attempt += 1));
        if (permanent || (batchAttempt >= policy.maxAttempts && !isTransientInfrastructureError(error))) oneAtATime = true;
        else await pause(policy, batchAttempt++, hooks);
        continue;
      }
      settleUntil(failure.index);
      const outcome = await onFailure(messages[at], failure.cause, policy, hooks);
      if (outcome === 'stop') return;
      if (outcome === 'dead') settleUntil(at + 1, false);
    }
    if (handled) {
      settleUntil(fresh[fresh.length - 1].index + 1);
      batchAttempt = 1;
      // Outside the handler's try: a heartbeat that fails (the group rebalancing, the broker
      // away) is the partition going away, for the adapter to answer, never a message failing.
      await hooks.heartbeat();
    }
  }
}

interface Fresh {
  message: IncomingMessage;
  /** Its place in the batch. */
  index: number;
}

/**
 * The messages to hand over now: not yet seen, no copy twice, not a replay meant for another
 * group; only the first when one at a time.
 */
function freshOf(messages: IncomingMessage[], from: number, seen: RecentIds, oneAtATime: boolean, group: string | undefined): Fresh[] {
  const fresh: Fresh[] = [];
  const ids = new Set<string>();
  for (let index = from; index < messages.length; index++) {
    const id = idOf(messages[index]);
    const replayFor = messages[index].headers[REPLAY_FOR_GROUP_HEADER];
    if (replayFor !== undefined && replayFor !== group) continue;
    if (id && (seen.has(id) || ids.has(id))) continue;
    if (id) ids.add(id);
    fresh.push({ message: messages[index], index });
    if (oneAtATime) break;
  }
  return fresh;
}

/** Where a failure belongs: the only message handed over, or the one a BatchMessageError names. */
function attribute(error: unknown, fresh: Fresh[]): { index: number; cause: unknown } | null {
  if (error instanceof BatchMessageError && error.index >= 0 && error.index < fresh.length) {
    return { index: fresh[error.index].index, cause: error.cause };
  }
  if (fresh.length === 1) return { index: fresh[0].index, cause: error instanceof BatchMessageError ? error.cause : error };
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
