import { deadLetterTopic } from '#contracts';
import { deliverBatch, type Delivery, type DeliveryPolicy } from './batch-delivery.js';
import type { BatchHandler, ConsumeOptions, Consumer, EventBus, IncomingMessage, MessageHandler, OutgoingMessage } from './event-bus.port.js';
import { RecentIds } from './recent-ids.js';
import { deadLetterHeaders } from './retry.js';

interface StoredMessage extends OutgoingMessage {
  offset: number;
}

interface Group {
  name: string;
  topics: Set<string>;
  /** Next offset to deliver, per topic. */
  next: Map<string, number>;
  delivery: Delivery;
  seen: RecentIds;
  policy: DeliveryPolicy;
  maxBatchSize: number;
  onDeadLetter: ConsumeOptions['onDeadLetter'];
  stopping: boolean;
  running: Promise<void> | null;
  wake: (() => void) | null;
}

/**
 * The bus of the embedded default: one process, one partition per topic, consumer groups
 * with committed offsets and dead letters, like Kafka but in memory; a group's handler takes
 * one message or a batch at a time, with the same delivery rules as on Kafka (batch-delivery.ts).
 *
 * `publish` resolves only when every group subscribed to the topic has handled (or
 * dead-lettered) the message. The relay stores its checkpoint after `publish`, so in the
 * embedded platform the ledger checkpoint is also the consumers' commit: a crash replays
 * at most the batch in flight, and handlers are idempotent by event id.
 */
export class InMemoryEventBus implements EventBus {
  private readonly logs = new Map<string, StoredMessage[]>();
  private readonly base = new Map<string, number>();
  private readonly groups = new Map<string, Group>();
  /** Offsets of groups that stopped, so a group that comes back resumes where it was. */
  private readonly committed = new Map<string, Map<string, number>>();
  private readonly settled: { topic: string; offset: number; resolve: () => void }[] = [];
  private closed = false;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const waits = messages.map((message) => {
      const offset = this.append(message);
      return this.whenHandled(message.topic, offset);
    });
    this.groups.forEach((group) => group.wake?.());
    await Promise.all(waits);
  }

  consume(options: ConsumeOptions, handler: MessageHandler): Promise<Consumer> {
    return this.start(options, { each: handler });
  }

  consumeBatches(options: ConsumeOptions, handler: BatchHandler): Promise<Consumer> {
    return this.start(options, { batch: handler });
  }

  private async start(options: ConsumeOptions, delivery: Delivery): Promise<Consumer> {
    if (this.groups.has(options.group)) throw new Error(`group ${options.group} already consumes in this process`);
    const group: Group = {
      name: options.group,
      topics: new Set(options.topics),
      next: new Map(options.topics.map((topic) => [topic, this.committed.get(options.group)?.get(topic) ?? this.base.get(topic) ?? 0])),
      delivery,
      seen: new RecentIds(10_000),
      policy: { maxAttempts: options.maxAttempts ?? 5, retryBackoffMs: options.retryBackoffMs ?? 100, backoffSteps: 6, group: options.group },
      maxBatchSize: options.maxBatchSize ?? 500,
      onDeadLetter: options.onDeadLetter,
      stopping: false,
      running: null,
      wake: null,
    };
    this.groups.set(group.name, group);
    group.running = this.run(group);
    return {
      stop: async () => {
        group.stopping = true;
        group.wake?.();
        await group.running;
        this.committed.set(group.name, new Map(group.next));
        this.groups.delete(group.name);
        this.releaseSettled();
      },
    };
  }

  /** Messages a group dead-lettered, oldest first. */
  deadLetters(group: string): OutgoingMessage[] {
    return [...(this.logs.get(deadLetterTopic(group)) ?? [])];
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((g) => ((g.stopping = true), g.wake?.(), g.running)));
    this.groups.clear();
    this.releaseSettled();
  }

  private append(message: OutgoingMessage): number {
    const log = this.logs.get(message.topic) ?? [];
    this.logs.set(message.topic, log);
    const offset = (this.base.get(message.topic) ?? 0) + log.length;
    log.push({ ...message, headers: { ...message.headers }, offset });
    return offset;
  }

  private whenHandled(topic: string, offset: number): Promise<void> {
    return new Promise((resolve) => {
      this.settled.push({ topic, offset, resolve });
      this.releaseSettled();
    });
  }

  private async run(group: Group): Promise<void> {
    while (!group.stopping) {
      const batch = this.nextBatchFor(group);
      if (!batch) {
        await new Promise<void>((resolve) => (group.wake = resolve));
        group.wake = null;
        continue;
      }
      const topic = batch[0].topic;
      await deliverBatch(batch, group.delivery, group.seen, group.policy, {
        stopping: () => group.stopping,
        heartbeat: () => Promise.resolve(),
        settled: (message) => group.next.set(topic, Number(message.offset) + 1),
        deadLetter: (message, error) => Promise.resolve(this.deadLetter(group, message, error)),
      });
      this.compact(topic);
      this.releaseSettled();
    }
  }

  /** The group's next messages, up to its batch size, all of one topic (this bus's one partition). */
  private nextBatchFor(group: Group): IncomingMessage[] | null {
    for (const topic of group.topics) {
      const log = this.logs.get(topic);
      const index = (group.next.get(topic) ?? 0) - (this.base.get(topic) ?? 0);
      if (!log || index >= log.length) continue;
      return log.slice(index, index + group.maxBatchSize).map((stored) => ({
        topic: stored.topic,
        key: stored.key,
        value: stored.value,
        headers: stored.headers,
        partition: 0,
        offset: String(stored.offset),
        attempt: 1,
      }));
    }
    return null;
  }

  private deadLetter(group: Group, message: IncomingMessage, error: unknown): void {
    const headers = deadLetterHeaders(message, { partition: 0, offset: message.offset }, error, message.attempt);
    this.append({ topic: deadLetterTopic(group.name), key: message.key, value: message.value, headers });
    group.onDeadLetter?.(message, headers['x-dead-letter-reason']);
  }

  /** A message is settled when no group subscribed to its topic still has it ahead. */
  private isSettled(topic: string, offset: number): boolean {
    for (const group of this.groups.values()) {
      if (group.topics.has(topic) && (group.next.get(topic) ?? 0) <= offset) return false;
    }
    return true;
  }

  private releaseSettled(): void {
    for (let i = this.settled.length - 1; i >= 0; i--) {
      const waiter = this.settled[i];
      if (this.closed || this.isSettled(waiter.topic, waiter.offset)) {
        this.settled.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  /** Drops messages every subscribed group has passed, so a long run stays bounded. */
  private compact(topic: string): void {
    const offsets = [...this.groups.values()].filter((g) => g.topics.has(topic)).map((g) => g.next.get(topic) ?? 0);
    if (offsets.length === 0) return;
    for (const stopped of this.committed.values()) offsets.push(stopped.get(topic) ?? Number.POSITIVE_INFINITY);
    const low = Math.min(...offsets);
    const base = this.base.get(topic) ?? 0;
    const log = this.logs.get(topic);
    if (!log || low - base < 1024) return;
    log.splice(0, low - base);
    this.base.set(topic, low);
  }
}
