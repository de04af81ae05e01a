import { randomUUID } from 'node:crypto';
import { deadLetterTopic, HEADERS } from '#contracts';
import { PermanentMessageError, REPLAY_FOR_GROUP_HEADER, type EventBus, type IncomingMessage, type MessageHandler, type OutgoingMessage } from '#messaging';
import { describeBatchCases } from './bus-batch-contract.js';

export interface BusUnderTest {
  bus: EventBus;
  /** Creates topics before use where the broker does not create them itself. */
  createTopics(topics: string[]): Promise<void>;
  dispose(): Promise<void>;
}

export type BusFactory = () => Promise<BusUnderTest>;

const waitFor = async (what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const message = (topic: string, key: string, n: number, extra: Record<string, string> = {}): OutgoingMessage => ({
  topic,
  key,
  value: Buffer.from(JSON.stringify({ n, key })),
  headers: { [HEADERS.eventId]: randomUUID(), [HEADERS.correlationId]: `corr-${n}`, [HEADERS.traceId]: `00-${n}`, ...extra },
});

const numberOf = (m: IncomingMessage): number => (JSON.parse(m.value.toString('utf8')) as { n: number }).n;

/**
 * The promises every EventBus adapter keeps. Each test uses topics and groups of its own,
 * so a shared broker needs no cleaning between tests.
 */
export function describeBusContract(name: string, factory: BusFactory | null, skipReason?: string): void {
  if (!factory) {
    describe(`EventBus contract: ${name}`, () => {
      it.skip(`SKIPPED: ${skipReason ?? 'adapter not available'}`, () => undefined);
    });
    return;
  }
  describe(`EventBus contract: ${name}`, () => {
    let ut: BusUnderTest;
    let bus: EventBus;
    let topic: string;
    let group: string;

    beforeAll(async () => {
      ut = await factory();
      bus = ut.bus;
    });
    afterAll(async () => {
      await ut?.dispose();
    });
    beforeEach(async () => {
      const run = randomUUID().slice(0, 8);
      topic = `contract.${run}.v1`;
      group = `contract-${run}`;
      await ut.createTopics([topic]);
    });

    const consumeInto = async (into: IncomingMessage[], handler?: MessageHandler, g = group, maxAttempts = 3) =>
      bus.consume({ group: g, topics: [topic], maxAttempts, retryBackoffMs: 10 }, async (m) => {
        if (handler) await handler(m);
        into.push(m);
      });

    it('delivers a publish bigger than a broker takes in one batch (600 messages of 2.5 KB under one key: 1.5 MB for one partition), all of it, in order', async () => {
      const sent = Array.from({ length: 600 }, (_, n) => ({ ...message(topic, 'one-committee', n), value: Buffer.from(JSON.stringify({ n, pad: 'x'.repeat(2_500) })) }));
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got);
      await bus.publish(sent);
      await waitFor('600 messages', () => got.length >= 600, 60_000);
      await consumer.stop();
      expect(got.map(numberOf)).toEqual(sent.map((_, n) => n));
    });

    it('delivers each published message to a group once, with key, bytes and headers intact', async () => {
      const sent = Array.from({ length: 20 }, (_, n) => message(topic, `k${n % 4}`, n));
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got);
      await bus.publish(sent);
      await waitFor('20 messages', () => got.length >= 20);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await consumer.stop();
      expect(got.map(numberOf).sort((a, b) => a - b)).toEqual(sent.map((_, n) => n));
      const first = got.find((m) => numberOf(m) === 0)!;
      expect(first.key).toBe('k0');
      expect(first.value.equals(sent[0].value)).toBe(true);
      expect(first.headers[HEADERS.eventId]).toBe(sent[0].headers[HEADERS.eventId]);
      expect(first.headers[HEADERS.correlationId]).toBe('corr-0');
      expect(first.headers[HEADERS.traceId]).toBe('00-0');
      expect(first.attempt).toBe(1);
    });

    it('keeps the publish order of messages that share a key', async () => {
      const keys = ['committee-a:donor-1', 'committee-a:donor-2', 'committee-b:donor-1'];
      const sent = Array.from({ length: 60 }, (_, n) => message(topic, keys[n % 3], n));
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got);
      for (let i = 0; i < sent.length; i += 7) await bus.publish(sent.slice(i, i + 7));
      await waitFor('60 messages', () => got.length >= 60);
      await consumer.stop();
      for (const key of keys) {
        const order = got.filter((m) => m.key === key).map(numberOf);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(order).toHaveLength(20);
      }
    });

    it('gives every group its own copy of every message', async () => {
      const a: IncomingMessage[] = [];
      const b: IncomingMessage[] = [];
      const ca = await consumeInto(a, undefined, `${group}-a`);
      const cb = await consumeInto(b, undefined, `${group}-b`);
      await bus.publish(Array.from({ length: 5 }, (_, n) => message(topic, 'k', n)));
      await waitFor('both groups', () => a.length >= 5 && b.length >= 5);
      await Promise.all([ca.stop(), cb.stop()]);
      expect(a.map(numberOf)).toEqual([0, 1, 2, 3, 4]);
      expect(b.map(numberOf)).toEqual([0, 1, 2, 3, 4]);
    });

    it('retries a transient failure and then delivers, counting the attempts', async () => {
      let failures = 0;
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got, async (m) => {
        if (numberOf(m) === 1 && failures < 2) {
          failures++;
          throw new Error('database briefly away');
        }
      });
      await bus.publish([0, 1, 2].map((n) => message(topic, 'k', n)));
      await waitFor('3 messages', () => got.length >= 3);
      await consumer.stop();
      expect(got.map(numberOf)).toEqual([0, 1, 2]);
      expect(got[1].attempt).toBe(3);
    });

    it('dead-letters a poison message with its original bytes, headers and reason, and the partition keeps flowing', async () => {
      const got: IncomingMessage[] = [];
      const dead: IncomingMessage[] = [];
      const sent = [0, 1, 2, 3].map((n) => message(topic, 'same-key', n));
      const consumer = await consumeInto(got, async (m) => {
        if (numberOf(m) === 1) throw new PermanentMessageError('unknown event version 9');
        if (numberOf(m) === 2) throw new Error('always fails');
      });
      await bus.publish(sent);
      await waitFor('the healthy messages', () => got.length >= 2);
      const reader = await bus.consume({ group: `${group}-dlq`, topics: [deadLetterTopic(group)] }, async (m) => {
        dead.push(m);
      });
      await waitFor('2 dead letters', () => dead.length >= 2);
      await Promise.all([consumer.stop(), reader.stop()]);
      expect(got.map(numberOf)).toEqual([0, 3]);
      const [poison, exhausted] = [...dead].sort((x, y) => numberOf(x) - numberOf(y));
      expect(poison.value.equals(sent[1].value)).toBe(true);
      expect(poison.key).toBe('same-key');
      expect(poison.headers[HEADERS.eventId]).toBe(sent[1].headers[HEADERS.eventId]);
      expect(poison.headers['x-dead-letter-reason']).toBe('PermanentMessageError: unknown event version 9');
      expect(poison.headers['x-dead-letter-attempts']).toBe('1');
      expect(poison.headers['x-dead-letter-topic']).toBe(topic);
      expect(exhausted.headers['x-dead-letter-reason']).toBe('Error: always fails');
      expect(exhausted.headers['x-dead-letter-attempts']).toBe('3');
    });

    it('hands a dead letter replayed for its group to the handler again, and a replay for another group to no one', async () => {
      const got: IncomingMessage[] = [];
      let mended = false;
      const consumer = await consumeInto(got, async (m) => {
        if (numberOf(m) === 1 && !mended) throw new PermanentMessageError('not yet');
      });
      const poison = message(topic, 'k', 1);
      await bus.publish([message(topic, 'k', 0), poison, message(topic, 'k', 2)]);
      await waitFor('the healthy messages', () => got.length >= 2);
      mended = true;
      // Same event id: the dead letter must not have been remembered as handled.
      await bus.publish([
        { ...poison, headers: { ...poison.headers, [REPLAY_FOR_GROUP_HEADER]: `${group}-other` } },
        { ...poison, headers: { ...poison.headers, [REPLAY_FOR_GROUP_HEADER]: group } },
        message(topic, 'k', 3),
      ]);
      await waitFor('the replay and the next message', () => got.length >= 4);
      await consumer.stop();
      expect(got.map((m) => [numberOf(m), m.headers[REPLAY_FOR_GROUP_HEADER] ?? null])).toEqual([
        [0, null],
        [2, null],
        [1, group],
        [3, null],
      ]);
    });

    it('resumes a group after a stop from its committed offset: nothing missed, nothing handled twice', async () => {
      const first: IncomingMessage[] = [];
      const c1 = await consumeInto(first);
      await bus.publish(Array.from({ length: 10 }, (_, n) => message(topic, `k${n % 3}`, n)));
      await waitFor('first 10', () => first.length >= 10);
      await c1.stop();
      await bus.publish(Array.from({ length: 10 }, (_, n) => message(topic, `k${n % 3}`, n + 10)));
      const second: IncomingMessage[] = [];
      const c2 = await consumeInto(second);
      await waitFor('next 10', () => second.length >= 10);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await c2.stop();
      expect(first.map(numberOf).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(second.map(numberOf).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });

    it('drops a redelivered message whose event id it has already handled', async () => {
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got);
      const once = message(topic, 'k', 7);
      await bus.publish([once]);
      await bus.publish([{ ...once }, message(topic, 'k', 8)]);
      await waitFor('the second distinct message', () => got.some((m) => numberOf(m) === 8));
      await consumer.stop();
      expect(got.map(numberOf)).toEqual([7, 8]);
    });

    it('waits out an outage of what the handler depends on, past its attempts, and dead-letters nothing', async () => {
      let failures = 0;
      const got: IncomingMessage[] = [];
      const consumer = await consumeInto(got, async (m) => {
        if (numberOf(m) === 0 && failures < 5) {
          failures++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
      });
      await bus.publish([0, 1].map((n) => message(topic, 'k', n)));
      await waitFor('both messages', () => got.length >= 2);
      await consumer.stop();
      // maxAttempts is 3: a dead-lettered message would never have reached the handler's sixth call.
      expect(got.map((m) => [numberOf(m), m.attempt])).toEqual([
        [0, 6],
        [1, 1],
      ]);
    });

    it('answers ping while connected', async () => {
      await expect(bus.ping()).resolves.toBeUndefined();
    });

    describe('a batch at a time', () => describeBatchCases({ bus: () => bus, topic: () => topic, group: () => group }));
  });
}
