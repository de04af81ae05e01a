import { randomUUID } from 'node:crypto';
import { deadLetterTopic, HEADERS } from '#contracts';
import { BatchMessageError, PermanentMessageError, type EventBus, type IncomingMessage, type OutgoingMessage } from '#messaging';

/** What a batch case needs from the contract suite it runs in: the bus and this test's topic and group. */
export interface BatchCaseContext {
  bus(): EventBus;
  topic(): string;
  group(): string;
}

const waitFor = async (what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const message = (topic: string, key: string, n: number): OutgoingMessage => ({
  topic,
  key,
  value: Buffer.from(JSON.stringify({ n, key })),
  headers: { [HEADERS.eventId]: randomUUID() },
});

const numberOf = (m: IncomingMessage): number => (JSON.parse(m.value.toString('utf8')) as { n: number }).n;
const outage = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** The batch delivery promises (EventBus.consumeBatches), run inside describeBusContract. */
export function describeBatchCases(ctx: BatchCaseContext): void {
  it('hands over batches of one partition in offset order, keeping the order per key', async () => {
    const keys = ['committee-a:donor-1', 'committee-a:donor-2', 'committee-b:donor-1'];
    const batches: IncomingMessage[][] = [];
    const consumer = await ctx.bus().consumeBatches({ group: ctx.group(), topics: [ctx.topic()] }, async (batch) => {
      batches.push(batch);
    });
    const sent = Array.from({ length: 60 }, (_, n) => message(ctx.topic(), keys[n % 3], n));
    for (let i = 0; i < sent.length; i += 20) await ctx.bus().publish(sent.slice(i, i + 20));
    await waitFor('60 messages', () => batches.flat().length >= 60);
    await consumer.stop();
    for (const batch of batches) {
      expect(new Set(batch.map((m) => `${m.topic}/${m.partition}`)).size).toBe(1);
      const offsets = batch.map((m) => BigInt(m.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    for (const key of keys) {
      const order = batches.flat().filter((m) => m.key === key).map(numberOf);
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => keys.indexOf(key) + 3 * i));
    }
  });

  it('commits once the batch handler resolves: a group that comes back gets nothing twice', async () => {
    const first: IncomingMessage[] = [];
    const c1 = await ctx.bus().consumeBatches({ group: ctx.group(), topics: [ctx.topic()] }, async (batch) => {
      first.push(...batch);
    });
    await ctx.bus().publish(Array.from({ length: 10 }, (_, n) => message(ctx.topic(), `k${n % 3}`, n)));
    await waitFor('first 10', () => first.length >= 10);
    await c1.stop();
    await ctx.bus().publish(Array.from({ length: 5 }, (_, n) => message(ctx.topic(), `k${n % 3}`, n + 10)));
    const second: IncomingMessage[] = [];
    const c2 = await ctx.bus().consumeBatches({ group: ctx.group(), topics: [ctx.topic()] }, async (batch) => {
      second.push(...batch);
    });
    await waitFor('next 5', () => second.length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await c2.stop();
    expect(first.map(numberOf).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second.map(numberOf).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14]);
  });

  it('given a consumer that stops in the middle of a batch, when the group comes back, then the unfinished messages are delivered again, the finished ones not', async () => {
    const done: number[] = [];
    let stopping: Promise<void> | null = null;
    const c1 = await ctx.bus().consumeBatches({ group: ctx.group(), topics: [ctx.topic()], retryBackoffMs: 10 }, async (batch) => {
      for (const [index, m] of batch.entries()) {
        // The database goes away at message 3: the consumer is stopped while it waits the outage out.
        if (numberOf(m) === 3) {
          stopping ??= c1.stop();
          throw new BatchMessageError(index, outage());
        }
        done.push(numberOf(m));
      }
    });
    await ctx.bus().publish(Array.from({ length: 6 }, (_, n) => message(ctx.topic(), 'one-key', n)));
    await waitFor('the stop', () => stopping !== null);
    await stopping;
    const again: number[] = [];
    const c2 = await ctx.bus().consumeBatches({ group: ctx.group(), topics: [ctx.topic()] }, async (batch) => {
      again.push(...batch.map(numberOf));
    });
    await waitFor('the unfinished three', () => again.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await c2.stop();
    expect(done).toEqual([0, 1, 2]);
    expect(again).toEqual([3, 4, 5]);
  });

  it('dead-letters a poisoned message alone: its neighbours in the batch are handled, whether or not the handler says which one failed', async () => {
    const handled: number[] = [];
    const dead: IncomingMessage[] = [];
    const consumer = await ctx.bus().consumeBatches(
      { group: ctx.group(), topics: [ctx.topic()], maxAttempts: 2, retryBackoffMs: 10 },
      async (batch) => {
        // 2 is poisoned and named; 5 poisons its whole batch without saying which message it was.
        const named = batch.findIndex((m) => numberOf(m) === 2);
        if (named >= 0) {
          handled.push(...batch.slice(0, named).map(numberOf));
          throw new BatchMessageError(named, new PermanentMessageError('unknown event version 9'));
        }
        if (batch.some((m) => numberOf(m) === 5)) throw new Error('cannot apply this batch');
        handled.push(...batch.map(numberOf));
      },
    );
    await ctx.bus().publish(Array.from({ length: 8 }, (_, n) => message(ctx.topic(), 'same-key', n)));
    await waitFor('the six healthy messages', () => new Set(handled).size >= 6);
    const reader = await ctx.bus().consume({ group: `${ctx.group()}-dlq`, topics: [deadLetterTopic(ctx.group())] }, async (m) => {
      dead.push(m);
    });
    await waitFor('2 dead letters', () => dead.length >= 2);
    await Promise.all([consumer.stop(), reader.stop()]);
    expect([...new Set(handled)].sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 6, 7]);
    const [poison, failing] = [...dead].sort((x, y) => numberOf(x) - numberOf(y));
    expect(numberOf(poison)).toBe(2);
    expect(poison.headers['x-dead-letter-reason']).toBe('PermanentMessageError: unknown event version 9');
    expect(numberOf(failing)).toBe(5);
    expect(failing.headers['x-dead-letter-reason']).toBe('Error: cannot apply this batch');
  });
}
