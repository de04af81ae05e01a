// Raw kafkajs beside the pipeline: what the broker the apps used can move with the same client
// settings as libs/messaging/src/kafka/kafka-event-bus.ts, and how big the pipeline's messages are.

import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { latencyFigures, round, sleep } from './common.mjs';

/** The adapter's client settings (KafkaEventBus): the baseline must not be a different client. */
const CLIENT = { connectionTimeout: 3_000, requestTimeout: 30_000, retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 } };
const PRODUCER = { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false };
const CONSUMER = { allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxWaitTimeInMs: 250 };
// partitionsConsumedConcurrently: the apps' default (KAFKA_PARTITIONS_CONCURRENCY = the partition count), set per run.
const RUN = { autoCommit: false, eachBatchAutoResolve: false };

const headerBytes = (headers) => Object.entries(headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + (v ? v.length : 0), 0);

/**
 * Reads every message the pipeline left on `topics` (a throwaway group from the beginning) and
 * answers their count and mean key, value and header sizes, per topic and over all of them,
 * with the mean length of each header, for a baseline message of the same shape.
 */
export async function sampleMessages(broker, topics, run, timeoutMs = 120_000) {
  const kafka = broker.kafka(`bench-sampler-${run}`);
  const admin = kafka.admin();
  await admin.connect();
  const perTopic = {};
  let expected = 0;
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    const messages = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    perTopic[topic] = { messages, read: 0, keyBytes: 0, valueBytes: 0, headerBytes: 0 };
    expected += messages;
  }
  const headerLengths = new Map();
  let read = 0;
  const groupId = `bench-sampler-${run}`;
  const consumer = kafka.consumer({ groupId, ...CONSUMER });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: topics.filter((t) => perTopic[t].messages > 0), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const t = perTopic[topic];
        t.read++;
        read++;
        t.keyBytes += message.key?.length ?? 0;
        t.valueBytes += message.value?.length ?? 0;
        t.headerBytes += headerBytes(message.headers);
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const [sum, n] = headerLengths.get(name) ?? [0, 0];
          headerLengths.set(name, [sum + (value?.length ?? 0), n + 1]);
        }
      },
    });
    const deadline = performance.now() + timeoutMs;
    while (read < expected && performance.now() < deadline) await sleep(100);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  const mean = (sum, n) => (n ? round(sum / n, 1) : null);
  const all = Object.values(perTopic).reduce((a, t) => ({ read: a.read + t.read, key: a.key + t.keyBytes, value: a.value + t.valueBytes, headers: a.headers + t.headerBytes }), { read: 0, key: 0, value: 0, headers: 0 });
  return {
    messages: expected,
    read,
    topics: Object.fromEntries(Object.entries(perTopic).map(([topic, t]) => [topic, { messages: t.messages, meanKeyBytes: mean(t.keyBytes, t.read), meanValueBytes: mean(t.valueBytes, t.read), meanHeaderBytes: mean(t.headerBytes, t.read) }])),
    meanKeyBytes: mean(all.key, all.read),
    meanValueBytes: mean(all.value, all.read),
    meanHeaderBytes: mean(all.headers, all.read),
    headers: Object.fromEntries([...headerLengths].map(([name, [sum, n]]) => [name, Math.round(sum / n)])),
  };
}

/** `count` messages shaped like the sample: same key, value and header sizes; the value says its number. */
function baselineMessages(count, shape, keys) {
  const valueBytes = Math.max(32, Math.round(shape.meanValueBytes ?? 700));
  const keyBytes = Math.max(8, Math.round(shape.meanKeyBytes ?? 40));
  const headerNames = Object.entries(shape.headers ?? {});
  return Array.from({ length: count }, (_, i) => {
    const head = `{"seq":${i},"pad":"`;
    const value = Buffer.from(`${head}${'x'.repeat(Math.max(0, valueBytes - head.length - 2))}"}`, 'utf8');
    const key = `bench:${String(i % keys).padStart(keyBytes - 6, '0')}`;
    const headers = Object.fromEntries(headerNames.map(([name, length]) => [name, 'h'.repeat(length)]));
    return { key, value, headers };
  });
}

const seqOf = (value) => Number(/"seq":(\d+)/.exec(value.toString('latin1', 0, 24))?.[1]);

async function untilLeaders(admin, topic, partitions, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => ({ topics: [] }));
    const parts = topics[0]?.partitions ?? [];
    if (parts.length === partitions && parts.every((p) => p.leader >= 0)) return;
    if (Date.now() > deadline) throw new Error(`no leaders for ${topic} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * Produce + consume on one fresh topic of `partitions` partitions: one idempotent producer
 * sending batches of `batchSize` one at a time (acks from all in-sync replicas, as the relay
 * publishes), while one group member consumes with manual commits at the end of each batch
 * and a heartbeat per message (as KafkaEventBus does). The rate is messages over the time
 * from the first send until the last message was consumed; latency per message is from the
 * send of its batch until the consumer saw it.
 */
export async function rawProduceConsume(broker, { partitions, count, batchSize, shape, keys, run }) {
  const raw = new Kafka({ clientId: `bench-raw-${run}`, brokers: [broker.brokers], logLevel: logLevel.ERROR, ...CLIENT });
  const topic = `bench.raw.${run}.v1`;
  const groupId = `bench-raw-${run}`;
  const admin = raw.admin();
  const producer = raw.producer(PRODUCER);
  const consumer = raw.consumer({ groupId, ...CONSUMER, retry: { initialRetryTime: 300, retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 } });
  const messages = baselineMessages(count, shape, keys);
  const sentAt = new Float64Array(count);
  const consumedAt = new Float64Array(count);
  let consumed = 0;
  let duplicates = 0;
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: partitions, replicationFactor: -1 }] });
    await untilLeaders(admin, topic, partitions);
    await Promise.all([producer.connect(), consumer.connect()]);
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      ...RUN,
      partitionsConsumedConcurrently: partitions,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let last = null;
        for (const m of batch.messages) {
          if (!isRunning() || isStale()) break;
          const seq = seqOf(m.value);
          if (consumedAt[seq] === 0) {
            consumedAt[seq] = performance.now();
            consumed++;
          } else duplicates++;
          resolveOffset(m.offset);
          last = m.offset;
          await heartbeat();
        }
        if (last !== null) await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      },
    });
    await joined;
    const start = performance.now();
    for (let from = 0; from < count; from += batchSize) {
      const slice = messages.slice(from, from + batchSize);
      const at = performance.now();
      sentAt.fill(at, from, from + slice.length);
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: slice }] });
    }
    const produced = performance.now();
    const deadline = produced + 300_000;
    while (consumed < count && performance.now() < deadline) await sleep(5);
    const end = consumedAt.reduce((a, b) => Math.max(a, b), 0);
    const latencies = Array.from(consumedAt, (c, i) => c - sentAt[i]).filter((l, i) => consumedAt[i] > 0);
    return {
      topic,
      partitions,
      messages: count,
      batchSize,
      messageBytes: { key: messages[0].key.length, value: messages[0].value.length, headers: headerBytes(messages[0].headers) },
      consumed,
      duplicates,
      produceMs: round(produced - start, 0),
      producePerSecond: round((count * 1000) / (produced - start)),
      produceConsumeMs: round(end - start, 0),
      perSecond: consumed === count ? round((count * 1000) / (end - start)) : null,
      latency: latencyFigures(latencies),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
