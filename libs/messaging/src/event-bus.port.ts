/** DI token of the bus port. */
export const EVENT_BUS = Symbol('EVENT_BUS');

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface IncomingMessage extends OutgoingMessage {
  partition: number;
  offset: string;
  /** How many times this message was handed to the handler, starting at 1. */
  attempt: number;
}

export interface ConsumeOptions {
  /** Consumer group: each group sees every message once; members share partitions. */
  group: string;
  topics: string[];
  /** Attempts before a message goes to the group's dead-letter topic. */
  maxAttempts?: number;
  /** Base of the exponential backoff between attempts. */
  retryBackoffMs?: number;
  /** Called once a message has been written to the group's dead-letter topic. */
  onDeadLetter?: (message: OutgoingMessage, reason: string) => void;
  /** Most messages handed to a batch handler at once (the in-process bus; Kafka hands what it fetched). */
  maxBatchSize?: number;
}

/**
 * Resolving means the message's effects are durable: only then is its offset committed.
 * Throwing a `PermanentMessageError` skips the retries and dead-letters at once.
 */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

/**
 * Messages of one partition, oldest first (so in order per key). Resolving means every
 * message's effects are durable: only then are their offsets committed, once for the batch.
 * Throwing a `BatchMessageError` says which message failed (the ones before it are done);
 * any other error fails the whole batch, which is retried and, if it keeps failing, handed
 * over one message at a time, so a poisoned message is dead-lettered alone and its
 * neighbours still go through.
 */
export type BatchHandler = (messages: IncomingMessage[]) => Promise<void>;

export interface Consumer {
  /** Stops fetching, lets the handler in flight finish and commits its offset. */
  stop(): Promise<void>;
}

export interface EventBus {
  /** Resolves once the broker holds every message (acks from all in-sync replicas). */
  publish(messages: OutgoingMessage[]): Promise<void>;
  consume(options: ConsumeOptions, handler: MessageHandler): Promise<Consumer>;
  /** Like `consume`, a partition's messages a batch at a time, committed once per batch. */
  consumeBatches(options: ConsumeOptions, handler: BatchHandler): Promise<Consumer>;
  /** Answers whether the broker is reachable (for readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A failure that no retry can mend (bad bytes, unknown version): dead-letter at once. */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

/**
 * Thrown by a batch handler: the messages before `index` are done (their effects durable),
 * the one at `index` failed with `cause`; it is retried or dead-lettered on its own.
 */
export class BatchMessageError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'BatchMessageError';
  }
}
