import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '#contracts';
import { InMemoryEventBus, type OutgoingMessage } from '#messaging';
import { BusBatchContext, BusContext, EventBusServer } from './bus-transport.js';
import type { Metrics } from './metrics.js';

const TOPIC = 'transport.spec.v1';
const metrics = { consumed: { inc: () => undefined }, deadLetters: { inc: () => undefined }, handlerDuration: { startTimer: () => () => undefined } } as unknown as Metrics;

const message = (n: number, value?: string): OutgoingMessage => {
  const event = {
    eventId: randomUUID(),
    type: 'Noted',
    version: 1,
    streamId: `s-${n}`,
    revision: 0,
    position: n,
    recordedAt: '2026-12-05T00:00:00.000Z',
    hash: 'h',
    payload: { n },
    metadata: { committeeId: 'c', correlationId: 'x', causationId: 'x', occurredAt: '2026-12-05T00:00:00.000Z' },
  };
  return { topic: TOPIC, key: 'k', value: Buffer.from(value ?? JSON.stringify(event)), headers: { 'x-event-id': event.eventId } };
};
const numberOf = (event: RecordedEvent): number => (event.payload as { n: number }).n;

async function serve(bus: InMemoryEventBus, handlers: { handler: (data: unknown, ctx: unknown) => Promise<void>; batch?: boolean }[]) {
  const server = new EventBusServer(bus, 'spec', metrics);
  for (const { handler, batch } of handlers) server.addHandler(TOPIC, handler, true, batch ? { batch: true } : {});
  await new Promise<void>((resolve, reject) => void server.listen((error) => (error ? reject(error as Error) : resolve())));
  return server;
}

describe('EventBusServer', () => {
  it('given per-event handlers of one topic, then each event goes through every handler in turn, in order, with a BusContext', async () => {
    const bus = new InMemoryEventBus();
    const seen: string[] = [];
    const server = await serve(bus, [
      { handler: async (e, ctx) => void seen.push(`a${numberOf(e as RecordedEvent)}:${ctx instanceof BusContext}`) },
      { handler: async (e) => void seen.push(`b${numberOf(e as RecordedEvent)}`) },
    ]);
    await bus.publish([message(1), message(2)]);
    await server.close();
    await bus.close();
    expect(seen).toEqual(['a1:true', 'b1', 'a2:true', 'b2']);
  });

  it('given a batch handler, then it receives the events of a partition as one array with a BusBatchContext, and per-event handlers beside it still get each event', async () => {
    const bus = new InMemoryEventBus();
    const batches: number[][] = [];
    const single: number[] = [];
    const server = await serve(bus, [
      {
        batch: true,
        handler: async (events, ctx) => {
          expect(ctx).toBeInstanceOf(BusBatchContext);
          expect(BusContext.partitionKeyOf(ctx)).toBe(`${TOPIC}:0`);
          batches.push((events as RecordedEvent[]).map(numberOf));
        },
      },
      { handler: async (e) => void single.push(numberOf(e as RecordedEvent)) },
    ]);
    await bus.publish([1, 2, 3].map((n) => message(n)));
    await server.close();
    await bus.close();
    expect(batches.flat()).toEqual([1, 2, 3]);
    expect(single).toEqual([1, 2, 3]);
  });

  it('given an event that cannot be read in a batch, then those before and after it are handled and it alone is dead-lettered', async () => {
    const bus = new InMemoryEventBus();
    const handled: number[] = [];
    const server = await serve(bus, [{ batch: true, handler: async (events) => void handled.push(...(events as RecordedEvent[]).map(numberOf)) }]);
    await bus.publish([message(1), message(2, '{not json'), message(3)]);
    await server.close();
    await bus.close();
    expect(handled).toEqual([1, 3]);
    expect(bus.deadLetters('spec')).toHaveLength(1);
    expect(bus.deadLetters('spec')[0].headers['x-dead-letter-reason']).toMatch(/not JSON/);
  });

  it('given handlers chained as Nest chains them (each calls the next with its own arguments), then each runs once, a batch handler with the batch and a per-event one with each event', async () => {
    const bus = new InMemoryEventBus();
    const seen: string[] = [];
    type Chained = ((data: unknown, ctx: unknown) => Promise<void>) & { next?: (data: unknown, ctx: unknown) => Promise<void> };
    // What Nest's ListenersController wraps an event handler in: it runs the handler, then forks `next`.
    const nestLike = (body: (data: unknown) => void): Chained => {
      const handler: Chained = async (data, ctx) => {
        body(data);
        if (handler.next) await handler.next(data, ctx);
      };
      return handler;
    };
    const shown = (data: unknown) => (Array.isArray(data) ? `[${(data as RecordedEvent[]).map(numberOf).join(',')}]` : String(numberOf(data as RecordedEvent)));
    const server = await serve(bus, [
      { batch: true, handler: nestLike((data) => seen.push(`batch-a ${shown(data)}`)) },
      { handler: nestLike((data) => seen.push(`each ${shown(data)}`)) },
      { batch: true, handler: nestLike((data) => seen.push(`batch-b ${shown(data)}`)) },
    ]);
    await bus.publish([1, 2].map((n) => message(n)));
    await server.close();
    await bus.close();
    const batchA = seen.filter((s) => s.startsWith('batch-a'));
    expect(seen.filter((s) => s.startsWith('each'))).toEqual(['each 1', 'each 2']);
    expect(batchA.join(' ')).toMatch(/^batch-a \[1(,2)?\]( batch-a \[2\])?$/);
    expect(seen.filter((s) => s.startsWith('batch-b')).map((s) => s.replace('batch-b', 'batch-a'))).toEqual(batchA);
  });
});
