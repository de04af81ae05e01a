// The messaging path alone, against a build (dist/ by default, DIST=… for another): what one
// message costs in CPU and how many go through a second.
//
//   1. transport  the Nest transport (EventBusServer) over the in-process bus, one no-op
//                 handler, per-event and (where the build has it) batch handlers;
//   2. kafka      KafkaEventBus consuming a topic of N messages, a message or a batch at a time;
//   3. relay      LedgerRelay from a PostgreSQL ledger of N events to Kafka, until checkpointed.
//
//   npm run build && node scripts/bench/relay-transport.mjs
//   MESSAGES=20000 PARTS=transport,kafka,relay DIST=/tmp/base/dist node scripts/bench/relay-transport.mjs
//
// Needs the broker on 127.0.0.1:19092 (KAFKA_BROKERS) and PostgreSQL (TEST_DATABASE_URL) for 2 and 3.

import { Buffer } from 'node:buffer';
import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { positiveInt, printTable, round, sleep } from './common.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = resolve(process.env.DIST ?? join(ROOT, 'dist'));
const MESSAGES = positiveInt('MESSAGES', 20_000);
const PARTS = (process.env.PARTS ?? 'transport,kafka,relay').split(',');
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const DB_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const lib = (path) => import(pathToFileURL(join(DIST, 'libs', path)).href);
const messaging = await lib('messaging/src/index.js');
const rows = [];

/** CPU (user+system) and wall time of `work`, per message. */
async function measure(name, count, work) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  rows.push({ name, count, perSecond: round((count * 1000) / wallMs, 0), cpuUsPerMessage: round((cpu.user + cpu.system) / count, 1) });
}

const envelope = (n) => ({
  eventId: randomUUID(),
  type: 'Noted',
  version: 1,
  streamId: `bench-${n % 50}`,
  revision: n,
  position: n + 1,
  recordedAt: '2026-12-05T00:00:00.000Z',
  hash: 'h'.repeat(64),
  previousHash: '',
  payload: { n },
  metadata: { occurredAt: '2026-12-05T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'bench', donorId: `d${n % 50}` },
});
const outgoing = (topic, n) => {
  const event = envelope(n);
  return { topic, key: `bench:d${n % 50}`, value: Buffer.from(JSON.stringify(event)), headers: { 'x-event-id': event.eventId } };
};

async function transport() {
  const { EventBusServer, consumerGroup } = await lib('platform/src/bus-transport.js');
  const metrics = { consumed: { inc() {} }, deadLetters: { inc() {} } };
  for (const batch of [false, true]) {
    const bus = new messaging.InMemoryEventBus();
    if (batch && typeof bus.consumeBatches !== 'function') continue;
    const server = new EventBusServer(bus, 'bench', metrics);
    let handled = 0;
    const handler = async (data) => {
      handled += Array.isArray(data) ? data.length : 1;
    };
    server.addHandler('bench.topic.v1', handler, true, batch ? { batch: true } : {});
    await new Promise((done) => server.listen(done));
    const all = Array.from({ length: MESSAGES }, (_, n) => outgoing('bench.topic.v1', n));
    await measure(`transport, in-process bus, ${batch ? 'batch' : 'per-event'} handler`, MESSAGES, async () => {
      for (let i = 0; i < all.length; i += 500) await bus.publish(all.slice(i, i + 500));
    });
    if (handled !== MESSAGES) throw new Error(`handled ${handled} of ${MESSAGES}`);
    await server.close();
    await bus.close();
  }
  void consumerGroup;
}

async function kafka() {
  const { KafkaEventBus } = await lib('messaging/src/kafka/index.js');
  const bus = new KafkaEventBus({ brokers: BROKERS, clientId: 'bench-msg', partitionsConsumedConcurrently: 3 });
  const topic = `bench.msg.${randomUUID().slice(0, 8)}.v1`;
  await bus.ensureTopics(3, [topic]);
  const all = Array.from({ length: MESSAGES }, (_, n) => outgoing(topic, n));
  for (let i = 0; i < all.length; i += 1000) await bus.publish(all.slice(i, i + 1000));
  for (const batch of [false, true]) {
    if (batch && typeof bus.consumeBatches !== 'function') continue;
    let handled = 0;
    let consumer;
    await measure(`kafka consume, ${batch ? 'batch' : 'per-message'} handler`, MESSAGES, async () => {
      const options = { group: `bench-${randomUUID().slice(0, 8)}`, topics: [topic] };
      consumer = batch
        ? await bus.consumeBatches(options, async (ms) => void (handled += ms.length))
        : await bus.consume(options, async () => void handled++);
      while (handled < MESSAGES) await sleep(5);
    });
    await consumer.stop();
  }
  await bus.close();
}

async function relay() {
  const { PgDatabase } = await lib('persistence/src/index.js');
  const { SqlLedgerStore } = await lib('ledger/src/index.js');
  const { KafkaEventBus } = await lib('messaging/src/kafka/index.js');
  const schema = `bench_relay_${randomUUID().slice(0, 8)}`;
  const db = new PgDatabase({ url: DB_URL, poolSize: 4 });
  const ledger = await SqlLedgerStore.open(db, { schema });
  const checkpoints = await messaging.SqlCheckpointStore.open(db, schema);
  const bus = new KafkaEventBus({ brokers: BROKERS, clientId: 'bench-relay' });
  await bus.ensureTopics(3);
  try {
    for (let s = 0; s < MESSAGES / 100; s++) {
      const events = Array.from({ length: 100 }, (_, i) => ({
        eventId: randomUUID(),
        type: 'DonationReceived',
        version: 1,
        payload: { i },
        metadata: { occurredAt: '2026-12-05T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'bench', donorId: `d${s}` },
      }));
      await ledger.append(`donation-bench-${s}`, events, 'no_stream');
    }
    const head = await ledger.headPosition();
    const relay = new messaging.LedgerRelay(ledger, bus, checkpoints, { id: 'bench' });
    await measure('relay, PostgreSQL ledger to Kafka (catch-up)', MESSAGES, async () => {
      await relay.start();
      while ((relay.position ?? 0) < head) await sleep(5);
    });
    await relay.stop();
    await relayLive(ledger, bus, checkpoints);
  } finally {
    await bus.close();
    await ledger.close();
    await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
}

/** The relay following live appends (one event each, 8 at a time): how many events each publish carries. */
async function relayLive(ledger, bus, checkpoints) {
  const count = Math.min(MESSAGES, 2_000);
  let publishes = 0;
  const counting = Object.assign(Object.create(bus), { publish: (messages) => (publishes++, bus.publish(messages)) });
  const relay = new messaging.LedgerRelay(ledger, counting, checkpoints, { id: 'bench-live' });
  await checkpoints.save('bench-live', await ledger.headPosition());
  await relay.start();
  let next = 0;
  const appendOne = async () => {
    while (next < count) {
      const n = next++;
      const event = { eventId: randomUUID(), type: 'DonationReceived', version: 1, payload: { n }, metadata: { occurredAt: '2026-12-05T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'bench', donorId: `live${n}` } };
      await ledger.append(`donation-live-${randomUUID()}`, [event], 'no_stream');
    }
  };
  await Promise.all(Array.from({ length: 8 }, appendOne));
  const head = await ledger.headPosition();
  while ((relay.position ?? 0) < head) await sleep(5);
  await relay.stop();
  rows.push({ name: `relay live: ${count} single appends, events per publish`, count, perSecond: null, cpuUsPerMessage: null, note: round(count / publishes, 1) });
}

if (PARTS.includes('transport')) await transport();
if (PARTS.includes('kafka')) await kafka();
if (PARTS.includes('relay')) await relay();
console.log(`build: ${DIST}, ${MESSAGES} messages`);
printTable(
  [
    ['path', (r) => r.name],
    ['messages', (r) => r.count],
    ['messages/s', (r) => r.perSecond],
    ['CPU µs/message', (r) => r.cpuUsPerMessage],
    ['events/publish', (r) => r.note],
  ],
  rows,
);
process.exit(0);
