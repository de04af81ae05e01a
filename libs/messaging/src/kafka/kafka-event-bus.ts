import { Kafka, logLevel as KafkaLogLevel, type Admin, type Consumer as KafkaConsumer, type ConsumerRunConfig, type EachBatchPayload, type IHeaders, type Producer } from 'kafkajs';
import { ALL_TOPICS, deadLetterTopic } from '#contracts';
import { deliverBatch, type Delivery, type DeliveryPolicy } from '../batch-delivery.js';
import type { BatchHandler, ConsumeOptions, Consumer, EventBus, IncomingMessage, MessageHandler, OutgoingMessage } from '../event-bus.port.js';
import { PendingOffsets, type OffsetsToCommit } from './pending-offsets.js';
import { produceRequests } from './produce-requests.js';
import { deadLetterHeaders, sleep } from '../retry.js';
import { RecentIds } from '../recent-ids.js';
import { kafkaLogCreator, type KafkaLogLine } from './kafka-log.js';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions consumed at once by one member; order is kept within each partition. */
  partitionsConsumedConcurrently?: number;
  /** Event ids remembered per group to drop redeliveries before they reach the handler. */
  dedupeWindow?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** kafkajs' own log level. */
  logLevel?: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
  /**
   * Whether missing topics are created (with the broker's defaults for all but the partitions):
   * convenient on a developer's broker. Off in production, where topics come from
   * deploy/kafka-topics.yaml with their partitions and retention: a missing one fails the start.
   */
  createTopics?: boolean;
  /** Where the client's lines go (the process's logger); kafkajs writes its own JSON to stdout otherwise. */
  log?: (line: KafkaLogLine) => void;
  /**
   * A consumer's fetch waits on the broker until this many bytes are there or `fetchMaxWaitMs`
   * passed. With 1 byte, every fetch during a surge came back with the few messages that had
   * arrived since the last, so the broker and each consumer paid a request, a batch, a
   * transaction and an offset commit for a handful of donations.
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /**
   * A publish is sent in produce requests of at most this many bytes (512 KiB), half the
   * broker's default limit on a record batch, so no partition's batch can exceed it.
   */
  maxRequestBytes?: number;
  /**
   * A consumer commits the offsets it settled, every partition in one request, at most this
   * often (default 1000 ms; 0: after every batch) and whenever it stops (pending-offsets.ts).
   */
  commitIntervalMs?: number;
}

const DEFAULT_COMMIT_INTERVAL_MS = 1_000;

const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** A consumer the client gave up on is started again after 1 s, doubling to at most 30 s between tries. */
const REVIVE_BASE_MS = 1_000;
const REVIVE_MAX_MS = 30_000;

/** Doublings of the retry backoff at most: 200 ms base, so at most 6.4 s between tries in an outage. */
const OUTAGE_BACKOFF_STEPS = 6;

const LOG_LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return headers;
}

/**
 * The EventBus on Kafka (kafkajs).
 *
 * - Publishing uses one idempotent producer (acks from all in-sync replicas, one request
 *   in flight), so a retried send never writes a message twice nor reorders a partition.
 * - Each consumer group commits an offset only after the handler resolved, i.e. after the
 *   message's effects are durable; a crash redelivers, never skips.
 * - A failing message is retried with backoff; a permanent failure, or one that outlives
 *   its attempts, goes with its original bytes and headers and the reason to the group's
 *   dead-letter topic, and the partition moves on.
 * - Redeliveries are dropped by event id within a window; handlers stay idempotent anyway,
 *   since a window in memory does not survive a rebalance or a restart.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;
  private readonly consumers = new Map<string, { consumer: KafkaConsumer; topics: string[]; commits: Commits }>();
  private partitions = 3;
  private closed = false;
  /** Per group, the last start after a crash the client would not restart from (revive). */
  private readonly revivals = new Map<string, { waiting: boolean; attempt: number; startedAt: number }>();

  constructor(private readonly options: KafkaEventBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      logLevel: LOG_LEVELS[options.logLevel ?? 'error'],
      ...(options.log ? { logCreator: kafkaLogCreator(options.log) } : {}),
      retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.admin = this.kafka.admin();
  }

  /** Creates the event topics (and nothing else) with the given partition count when missing. */
  async ensureTopics(partitions: number, topics: readonly string[] = ALL_TOPICS): Promise<void> {
    this.partitions = partitions;
    await this.connect();
    await this.createMissing(topics, partitions);
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    if (messages.length === 0) return;
    await this.connect();
    // One request after another: the producer is idempotent with one request in flight, so a
    // partition's messages keep their order across requests.
    for (const request of produceRequests(messages, this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES)) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const message of request) {
        const list = byTopic.get(message.topic);
        if (list) list.push(message);
        else byTopic.set(message.topic, [message]);
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    }
  }

  consume(options: ConsumeOptions, handler: MessageHandler): Promise<Consumer> {
    return this.start(options, { each: handler });
  }

  consumeBatches(options: ConsumeOptions, handler: BatchHandler): Promise<Consumer> {
    return this.start(options, { batch: handler });
  }

  private async start(options: ConsumeOptions, delivery: Delivery): Promise<Consumer> {
    if (this.closed) throw new Error('bus is closed');
    if (this.consumers.has(options.group)) throw new Error(`group ${options.group} already consumes in this process`);
    await this.connect();
    await this.createMissing([deadLetterTopic(options.group)], this.partitions);
    const consumer = this.kafka.consumer({
      groupId: options.group,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      minBytes: this.options.fetchMinBytes ?? 1,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 250,
      retry: { initialRetryTime: 300, retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
    });
    const commits = new Commits(this.options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS);
    this.consumers.set(options.group, { consumer, topics: options.topics, commits });
    const seen = new RecentIds(this.options.dedupeWindow ?? 10_000);
    let stopping = false;
    const run: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
      eachBatch: (payload) => this.handleBatch(options, delivery, payload, seen, commits, () => stopping),
    };
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: true });
      // A new assignment: offsets pending from the last one are the next owner's to read again.
      consumer.on(consumer.events.GROUP_JOIN, () => commits.rebalanced());
      // The client restarts a consumer only after a crash it deems retriable; after any other
      // (an error it calls unrecoverable, or one the broker calls final) the member would stay
      // out of its group for good while the process looks healthy. This one comes back.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) void this.revive(options.group, consumer, run, () => stopping || this.closed, payload.error);
      });
      await consumer.run(run);
    } catch (error) {
      this.consumers.delete(options.group);
      commits.stop();
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      stop: async () => {
        stopping = true;
        // What settled before is committed while this member is still in the group; stop()
        // waits for the batch in flight, and handleBatch commits what that one finished.
        await commits.final();
        await consumer.stop();
        commits.stop();
        await consumer.disconnect();
        this.consumers.delete(options.group);
      },
    };
  }

  /**
   * Starts a consumer the client gave up on again, after a back-off and for as long as it takes
   * (a start that crashes again is retried by the client, or comes back here). The back-off
   * keeps doubling while crashes follow one another within REVIVE_MAX_MS of a start, so a
   * consumer that cannot run costs a line a half-minute, not a loop. Its uncommitted offsets are
   * redelivered, as after any rebalance.
   */
  private async revive(group: string, consumer: KafkaConsumer, run: ConsumerRunConfig, gone: () => boolean, error: Error): Promise<void> {
    const last = this.revivals.get(group);
    if (last?.waiting) return;
    let attempt = last && Date.now() - last.startedAt < 2 * REVIVE_MAX_MS ? last.attempt + 1 : 1;
    const state = { waiting: true, attempt, startedAt: 0 };
    this.revivals.set(group, state);
    for (; ; attempt++) {
      const waitMs = Math.min(REVIVE_BASE_MS * 2 ** (attempt - 1), REVIVE_MAX_MS);
      if (gone()) break;
      this.options.log?.({ level: 'error', component: 'Consumer', message: `The client will not restart the consumer of group ${group} after a crash; starting it again in ${waitMs} ms`, fields: { groupId: group, attempt, error: error.message } });
      await new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
      if (gone()) break;
      try {
        await consumer.connect();
      } catch (failure) {
        error = failure instanceof Error ? failure : new Error(String(failure));
        continue;
      }
      // From here a crash of the new start is reported again, and may come back here.
      Object.assign(state, { waiting: false, attempt, startedAt: Date.now() });
      try {
        await consumer.run(run);
      } catch (failure) {
        void this.revive(group, consumer, run, gone, failure instanceof Error ? failure : new Error(String(failure)));
      }
      return;
    }
    state.waiting = false;
  }

  /** Per partition, the messages between the group's committed offset and the head. */
  async consumerLag(group: string): Promise<PartitionLag[]> {
    const entry = this.consumers.get(group);
    if (!entry) return [];
    const committed = await this.admin.fetchOffsets({ groupId: group, topics: entry.topics });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const heads = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const { partition, offset } of partitions) {
        const head = heads.get(partition);
        if (!head) continue;
        const from = BigInt(offset) < 0n ? BigInt(head.low) : BigInt(offset);
        lags.push({ topic, partition, lag: Number(BigInt(head.high) - from) });
      }
    }
    return lags;
  }

  async ping(): Promise<void> {
    await this.connect();
    await this.admin.describeCluster();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      [...this.consumers.values()].map(async ({ consumer, commits }) => {
        await commits.final();
        commits.stop();
        await consumer.disconnect().catch(() => undefined);
      }),
    );
    this.consumers.clear();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()].map((p) => p.catch(() => undefined)));
  }

  private connect(): Promise<void> {
    this.connected ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(
      () => undefined,
      (error: unknown) => {
        this.connected = null;
        throw error;
      },
    );
    return this.connected;
  }

  private async createMissing(topics: readonly string[], partitions: number): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0 && this.options.createTopics === false) {
      throw new Error(`Kafka topics missing: ${missing.join(', ')}; create them from deploy/kafka-topics.yaml (deploy/create-topics.sh), or set KAFKA_CREATE_TOPICS=true on a development broker`);
    }
    if (missing.length > 0) await this.create(missing, partitions);
    await this.untilLeadersElected([...topics]);
  }

  private async create(missing: string[], partitions: number): Promise<void> {
    try {
      await this.admin.createTopics({
        waitForLeaders: false, // kafkajs retries only LEADER_NOT_AVAILABLE; Kafka 4 first answers UNKNOWN_TOPIC_OR_PARTITION
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
      });
    } catch (error) {
      // Another process may have created them in between; only a topic still missing is a failure.
      const now = new Set(await this.admin.listTopics());
      if (missing.some((topic) => !now.has(topic))) throw error;
    }
  }

  /**
   * A topic another process has just created can be listed before its partitions have
   * leaders, and subscribing then fails; wait until every partition has one.
   */
  private async untilLeadersElected(topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`no leaders for ${topics.join(', ')} after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /**
   * One partition's fetched batch, delivered in order (batch-delivery.ts), its offsets resolved
   * as messages settle, and committed with the member's other partitions once the commit is due
   * (at once while stopping). A rebalance (stale batch) ends a delivery too: the partition's next
   * owner redelivers what was not committed.
   */
  private async handleBatch(
    options: ConsumeOptions,
    delivery: Delivery,
    { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload,
    seen: RecentIds,
    commits: Commits,
    stopping: () => boolean,
  ): Promise<void> {
    const { topic, partition } = batch;
    const messages: IncomingMessage[] = batch.messages.map((raw) => ({
      topic,
      partition,
      offset: raw.offset,
      key: raw.key?.toString('utf8') ?? '',
      value: raw.value ?? Buffer.alloc(0),
      headers: headersOf(raw.headers),
      attempt: 1,
    }));
    const policy: DeliveryPolicy = {
      maxAttempts: options.maxAttempts ?? 5,
      retryBackoffMs: options.retryBackoffMs ?? 200,
      backoffSteps: OUTAGE_BACKOFF_STEPS,
      group: options.group,
    };
    await deliverBatch(messages, delivery, seen, policy, {
      stopping: () => stopping() || !isRunning() || isStale(),
      heartbeat,
      settled: (message) => {
        resolveOffset(message.offset);
        commits.settle(topic, partition, message.offset);
      },
      deadLetter: (message, error) => this.deadLetter(options, message, error, message.attempt),
    });
    // Due (or stopping): committed before the next batch, through the batch's own commit, which
    // also works while the consumer stops. A failure here means the group rebalanced, and the
    // partition's next owner redelivers. Not due: a timer commits it.
    commits.through(commitOffsetsIfNecessary);
    if (stopping() || !isRunning() || isStale() || commits.due()) await commits.flush();
    else commits.later();
  }

  private async deadLetter(options: ConsumeOptions, message: Omit<IncomingMessage, 'attempt'>, error: unknown, attempts: number): Promise<void> {
    const headers = deadLetterHeaders(message, { partition: message.partition, offset: message.offset }, error, attempts);
    // Sent with the same retries as any publish: until the broker holds it, the offset stays uncommitted.
    await this.publish([{ topic: deadLetterTopic(options.group), key: message.key, value: message.value, headers }]);
    options.onDeadLetter?.(message, headers['x-dead-letter-reason']);
  }
}

type SendCommit = (offsets: OffsetsToCommit) => Promise<unknown>;

/** How long stopping waits for the last commit: a broker that is away must not hold up a shutdown. */
const FINAL_COMMIT_WAIT_MS = 3_000;

/**
 * When one consumer's offsets are committed (PendingOffsets is the rule): one commit in flight at
 * a time, so a later commit can never be overtaken by an earlier one, and a timer for the
 * offsets a quiet partition left pending. Commits go through a batch's own commit function (one
 * attempt, the group's current generation), never kafkajs' endless retries.
 */
class Commits {
  private readonly offsets: PendingOffsets;
  private inFlight: Promise<void> = Promise.resolve();
  private send: SendCommit | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(intervalMs: number) {
    this.offsets = new PendingOffsets(intervalMs, Date.now());
  }

  /** A batch's commit function: the one the timer and a stop use too. */
  through(send: SendCommit): void {
    this.send = send;
  }

  settle(topic: string, partition: number, offset: string): void {
    this.offsets.settle(topic, partition, offset);
  }

  due(): boolean {
    return this.offsets.dueIn(Date.now()) === 0;
  }

  /** Commits what is pending, after any commit in flight. */
  flush(): Promise<void> {
    const commit = async (): Promise<void> => {
      const send = this.send;
      const taken = send ? this.offsets.take(Date.now()) : null;
      if (!send || !taken) return;
      try {
        await send(taken);
      } catch (error) {
        this.offsets.putBack(taken);
        throw error;
      }
    };
    const done = this.inFlight.then(commit, commit);
    this.inFlight = done.catch(() => undefined);
    return done;
  }

  /** The last commit before the member leaves its group, waited for at most FINAL_COMMIT_WAIT_MS. */
  async final(): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.flush().catch(() => undefined), new Promise<void>((resolve) => (timeout = setTimeout(resolve, FINAL_COMMIT_WAIT_MS)))]);
    clearTimeout(timeout);
  }

  /** Commits the pending offsets once they are due, unless a batch does first. */
  later(): void {
    if (this.timer || this.stopped) return;
    const wait = this.offsets.dueIn(Date.now());
    if (wait === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // A failure (a rebalance, the broker away) leaves them pending for the next batch or timer.
      const again = () => this.later();
      this.flush().then(again, again);
    }, wait);
    this.timer.unref();
  }

  rebalanced(): void {
    this.offsets.clear();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
