import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describeBusContract } from '#testing';
import { PermanentMessageError } from '../event-bus.port.js';
import { KafkaEventBus } from './kafka-event-bus.js';

// The int project's global setup starts a single-node broker on loopback (deploy/kafka.sh)
// and sets KAFKA_BROKERS; a run pointed at another broker sets it itself.
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describeBusContract(
  'Kafka adapter (kafkajs)',
  brokers.length
    ? async () => {
        const bus = new KafkaEventBus({ brokers, clientId: 'bus-contract', partitionsConsumedConcurrently: 3 });
        return {
          bus,
          createTopics: (topics) => bus.ensureTopics(3, topics),
          dispose: () => bus.close(),
        };
      }
    : null,
  'KAFKA_BROKERS is not set (the int project global setup sets it)',
);

/*
 * Offset commits (KAFKA_COMMIT_INTERVAL_MS): a member commits what it settled at most once an
 * interval, every partition at once, by a timer when its partitions go quiet, and when it stops.
 */
const describeKafka = brokers.length ? describe : describe.skip;
describeKafka('Kafka adapter: offsets committed once an interval and at a stop', () => {
  const buses: KafkaEventBus[] = [];
  const kafka = new Kafka({ clientId: 'commit-interval-spec', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await admin.disconnect();
  });

  const busWith = async (commitIntervalMs: number, topic: string): Promise<KafkaEventBus> => {
    const bus = new KafkaEventBus({ brokers, clientId: 'commit-interval-spec', partitionsConsumedConcurrently: 3, commitIntervalMs, fetchMaxWaitMs: 50 });
    buses.push(bus);
    await bus.ensureTopics(3, [topic]);
    return bus;
  };
  const messages = (topic: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ topic, key: `donor-${(from + i) % 5}`, value: Buffer.from(JSON.stringify({ n: from + i })), headers: { 'x-event-id': randomUUID() } }));
  /** Committed offsets of the group summed over the topic's partitions (a partition never committed counts 0). */
  const committed = async (group: string, topic: string): Promise<number> => {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  };
  const until = async (what: string, done: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('given an interval of a minute, when 30 messages are handled, then nothing is committed until the member stops, and a stop commits all 30 so the next member starts after them', async () => {
    const run = randomUUID().slice(0, 8);
    const topic = `commit-interval.${run}.v1`;
    const group = `commit-interval-${run}`;
    const bus = await busWith(60_000, topic);
    const handled: number[] = [];
    const first = await bus.consume({ group, topics: [topic] }, async (m) => void handled.push((JSON.parse(m.value.toString('utf8')) as { n: number }).n));
    await bus.publish(messages(topic, 0, 30));
    await until('30 handled', () => handled.length >= 30);
    // The batches ended well within the interval: their offsets wait in the member.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await committed(group, topic)).toBe(0);
    await first.stop();
    expect(await committed(group, topic)).toBe(30);

    const again: number[] = [];
    const second = await bus.consume({ group, topics: [topic] }, async (m) => void again.push((JSON.parse(m.value.toString('utf8')) as { n: number }).n));
    await bus.publish(messages(topic, 30, 1));
    await until('the one new message', () => again.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.stop();
    expect(again).toEqual([30]);
  });

  it('given an interval of 300 ms and partitions that go quiet, when the last batch ends, then a timer commits it without another batch', async () => {
    const run = randomUUID().slice(0, 8);
    const topic = `commit-interval.${run}.v1`;
    const group = `commit-interval-${run}`;
    const bus = await busWith(300, topic);
    let handled = 0;
    const consumer = await bus.consume({ group, topics: [topic] }, async () => void (handled += 1));
    await bus.publish(messages(topic, 0, 12));
    await until('12 handled', () => handled >= 12);
    await until('12 committed while the member runs', async () => (await committed(group, topic)) === 12, 10_000);
    await consumer.stop();
  });
});

/*
 * kafkajs restarts a consumer only after a crash it deems retriable. After any other the member
 * stays out of its group for good while its process looks healthy; the bus starts it again.
 */
describeKafka('Kafka adapter: a consumer the client gave up on', () => {
  it('given crashes kafkajs will not restart from (a TypeError out of the batch, twice in a row), when messages keep coming, then the consumer is started again, a longer wait after the second, and handles them', async () => {
    const run = randomUUID().slice(0, 8);
    const topic = `revive.${run}.v1`;
    const group = `revive-${run}`;
    const lines: string[] = [];
    const bus = new KafkaEventBus({ brokers, clientId: 'revive-spec', fetchMaxWaitMs: 50, log: (line) => void lines.push(line.message) });
    try {
      await bus.ensureTopics(1, [topic]);
      const handled: string[] = [];
      let crashes = 0;
      const consumer = await bus.consume(
        {
          group,
          topics: [topic],
          // The first two dead letters' callbacks throw a TypeError: it escapes the batch, and
          // kafkajs calls that unrecoverable, so it would never restart the consumer.
          onDeadLetter: () => {
            if (crashes++ < 2) (undefined as unknown as () => void)();
          },
        },
        async (m) => {
          const body = m.value.toString('utf8');
          if (body === 'poison') throw new PermanentMessageError('cannot be read');
          handled.push(body);
        },
      );
      const message = (value: string) => ({ topic, key: 'k', value: Buffer.from(value), headers: { 'x-event-id': randomUUID() } });
      await bus.publish([message('poison'), message('after')]);
      const deadline = Date.now() + 30_000;
      while (!handled.includes('after') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect({ handled, crashes }).toEqual({ handled: ['after'], crashes: 3 });
      const revivals = lines.filter((line) => line.startsWith(`The client will not restart the consumer of group ${group}`));
      expect(revivals.map((line) => line.replace(/.* starting it again /, ''))).toEqual(['in 1000 ms', 'in 2000 ms']);
      await consumer.stop();
    } finally {
      await bus.close();
    }
  }, 60_000);
});
