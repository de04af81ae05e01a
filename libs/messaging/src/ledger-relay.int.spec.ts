import { randomUUID } from 'node:crypto';
import { HEADERS, TOPICS } from '#contracts';
import { SqlLedgerStore } from '#ledger';
import { PgDatabase } from '#sql';
import { newEvent } from '#testing';
import { SqlCheckpointStore } from './checkpoint-store.js';
import type { EventBus, IncomingMessage, OutgoingMessage } from './event-bus.port.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { LedgerRelay } from './ledger-relay.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const waitFor = async (what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The in-process bus, except that the broker's acknowledgement of one chosen publish is lost. */
class AckLosingBus implements EventBus {
  publishes = 0;
  constructor(
    private readonly inner: InMemoryEventBus,
    private readonly loseAckOf: number,
  ) {}
  async publish(messages: OutgoingMessage[]): Promise<void> {
    await this.inner.publish(messages);
    if (++this.publishes === this.loseAckOf) throw new Error('connection reset before the ack');
  }
  consume: EventBus['consume'] = (options, handler) => this.inner.consume(options, handler);
  consumeBatches: EventBus['consumeBatches'] = (options, handler) => this.inner.consumeBatches(options, handler);
  ping = (): Promise<void> => this.inner.ping();
  close = (): Promise<void> => this.inner.close();
}

describe('LedgerRelay on PostgreSQL', () => {
  const schema = `relay_${randomUUID().slice(0, 8)}`;
  let db: PgDatabase;
  let ledger: SqlLedgerStore;
  let checkpoints: SqlCheckpointStore;

  beforeAll(async () => {
    db = new PgDatabase({ url, poolSize: 8 });
    ledger = await SqlLedgerStore.open(db, { schema });
    checkpoints = await SqlCheckpointStore.open(db, schema);
  });
  afterAll(async () => {
    await ledger.close();
    await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  });

  /** Appends `count` donation events, one stream each, as intake would. */
  const appendDonations = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const event = newEvent('DonationReceived', { i });
      await ledger.append(`donation-${randomUUID()}`, [event], 'no_stream');
      ids.push(event.eventId);
    }
    return ids;
  };

  const collect = async (bus: EventBus, group: string, into: IncomingMessage[]) =>
    bus.consume({ group, topics: [TOPICS.donations] }, async (m) => {
      into.push(m);
    });

  it('given events in the ledger, when the relay runs, then it publishes each one in ledger order, keyed by committee and donor, and checkpoints', async () => {
    const id = `relay-${randomUUID()}`;
    const bus = new InMemoryEventBus();
    const got: IncomingMessage[] = [];
    const consumer = await collect(bus, 'reader', got);
    const ids = await appendDonations(30);
    const relay = new LedgerRelay(ledger, bus, checkpoints, { id, batchSize: 7 });
    await relay.start();
    await waitFor('30 messages', () => got.length >= 30);
    await relay.stop();
    await consumer.stop();
    await bus.close();
    expect(got.map((m) => m.headers[HEADERS.eventId])).toEqual(ids);
    expect(new Set(got.map((m) => m.key))).toEqual(new Set(['c-contract:d-1']));
    const positions = got.map((m) => Number(m.headers[HEADERS.position]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await checkpoints.load(id)).toBe(positions[positions.length - 1]);
  }, 30_000);

  it('given a relay that stopped, when a new one starts, then it resumes from the checkpoint: nothing missed, nothing repeated', async () => {
    const id = `relay-${randomUUID()}`;
    const bus = new InMemoryEventBus();
    const got: IncomingMessage[] = [];
    const consumer = await collect(bus, 'reader', got);
    const first = await appendDonations(10);
    const before = new LedgerRelay(ledger, bus, checkpoints, { id });
    await before.start();
    await waitFor('first 10', () => got.length >= 10);
    await before.stop();
    const second = await appendDonations(10);
    const after = new LedgerRelay(ledger, bus, checkpoints, { id });
    await after.start();
    await waitFor('next 10', () => got.length >= 20);
    await new Promise((r) => setTimeout(r, 200));
    await after.stop();
    await consumer.stop();
    await bus.close();
    // Only this test's events: the relay starts at the head of a ledger other tests wrote too.
    const mine = got.map((m) => m.headers[HEADERS.eventId]).filter((e) => first.includes(e) || second.includes(e));
    expect(mine).toEqual([...first, ...second]);
  }, 30_000);

  it('given the broker loses an acknowledgement, when the relay retries, then it republishes only the batch in flight and loses nothing', async () => {
    const id = `relay-${randomUUID()}`;
    const inner = new InMemoryEventBus();
    const bus = new AckLosingBus(inner, 2);
    const raw: IncomingMessage[] = [];
    const consumer = await inner.consume({ group: 'raw', topics: [TOPICS.donations], maxAttempts: 1 }, async (m) => {
      raw.push(m);
    });
    const head = (await ledger.headPosition()) ?? 0;
    await checkpoints.save(id, head);
    const ids = await appendDonations(20);
    const relay = new LedgerRelay(ledger, bus, checkpoints, { id, batchSize: 5 });
    await relay.start();
    await waitFor('20 distinct', () => new Set(raw.map((m) => m.headers[HEADERS.eventId])).size >= 20);
    await relay.drained();
    await relay.stop();
    await consumer.stop();
    await inner.close();
    // The in-process bus drops the redelivered ids before the handler; count what was published.
    expect(new Set(raw.map((m) => m.headers[HEADERS.eventId]))).toEqual(new Set(ids));
    expect(bus.publishes).toBe(5); // four batches of five, one of them twice
  }, 30_000);

  it('given appends arriving one by one while the relay follows, when they come within the linger, then they go out in one publish and one checkpoint', async () => {
    const id = `relay-${randomUUID()}`;
    const inner = new InMemoryEventBus();
    const bus = new AckLosingBus(inner, 0);
    const got: IncomingMessage[] = [];
    const consumer = await collect(inner, 'reader', got);
    await checkpoints.save(id, (await ledger.headPosition()) ?? 0);
    const relay = new LedgerRelay(ledger, bus, checkpoints, { id, lingerMs: 1_000 });
    await relay.start();
    await new Promise((r) => setTimeout(r, 100));
    const ids = await appendDonations(12);
    await waitFor('12 messages', () => got.length >= 12);
    await relay.stop();
    await consumer.stop();
    await inner.close();
    expect(got.map((m) => m.headers[HEADERS.eventId])).toEqual(ids);
    expect(bus.publishes).toBe(1);
  }, 30_000);

  it('given two replicas, when both start, then one leads and the other stands by, taking over when the leader stops', async () => {
    const id = `relay-${randomUUID()}`;
    const bus = new InMemoryEventBus();
    const got: IncomingMessage[] = [];
    const consumer = await collect(bus, 'reader', got);
    await checkpoints.save(id, (await ledger.headPosition()) ?? 0);
    const leading: Record<string, boolean> = {};
    const a = new LedgerRelay(ledger, bus, checkpoints, { id, standbyPollMs: 100, onLeadership: (l) => (leading.a = l) });
    const b = new LedgerRelay(ledger, bus, checkpoints, { id, standbyPollMs: 100, onLeadership: (l) => (leading.b = l) });
    await a.start();
    await waitFor('a to lead', () => leading.a === true);
    await b.start();
    await waitFor('b to stand by', () => leading.b === false);
    const first = await appendDonations(10);
    await waitFor('first 10', () => got.length >= 10);
    await a.stop();
    await waitFor('b to take over', () => leading.b === true);
    const second = await appendDonations(10);
    await waitFor('next 10', () => got.length >= 20);
    await b.stop();
    await consumer.stop();
    await bus.close();
    expect(got.map((m) => m.headers[HEADERS.eventId])).toEqual([...first, ...second]);
  }, 30_000);
});
