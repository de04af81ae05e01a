import { randomUUID } from 'node:crypto';
import { PgDatabase } from '#sql';
import type { RecordedEvent } from '#contracts';
import { SqlLedgerStore } from './sql-ledger-store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Only a process that follows the ledger listens for appends. Every committed append NOTIFYs,
 * and the server signals each listening session, which wakes its process: a consumer that
 * appends and reads but never subscribes must not be one of them. Two stores on two pools stand
 * for two processes, each pool with an application name of its own to find its sessions by.
 */
describe('LISTEN on the SQL ledger on a PostgreSQL server', () => {
  const event = () => ({ eventId: randomUUID(), type: 'Happened', version: 1, payload: { n: 1 }, metadata: { occurredAt: '2026-12-06T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'cmte' } });
  const schema = `ledger_listen_${randomUUID().slice(0, 8)}`;
  const tag = randomUUID().slice(0, 8);
  const writerDb = new PgDatabase({ url, poolSize: 4, applicationName: `writer-${tag}` });
  const followerDb = new PgDatabase({ url, poolSize: 4, applicationName: `follower-${tag}` });
  let writer: SqlLedgerStore;
  let follower: SqlLedgerStore;

  /** Sessions of one pool whose last statement was a LISTEN: its listening connection. */
  const listening = async (applicationName: string): Promise<number> => {
    const { rows } = await writerDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN %'`, [applicationName]);
    return rows[0].n;
  };

  beforeAll(async () => {
    writer = await SqlLedgerStore.open(writerDb, { schema });
    follower = await SqlLedgerStore.open(followerDb, { schema });
  });

  afterAll(async () => {
    await follower.close();
    await writer.close();
    await writerDb.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await followerDb.close();
    await writerDb.close();
  });

  it('given two stores that append and read, when neither subscribes, then neither holds a listening session', async () => {
    await writer.append(`s-${tag}-1`, [event()], 'no_stream');
    await follower.readStream(`s-${tag}-1`);
    expect(await listening(`writer-${tag}`)).toBe(0);
    expect(await listening(`follower-${tag}`)).toBe(0);
  });

  it('given a subscription on one store, when the other appends, then only the subscriber listens and it gets the event', async () => {
    const seen: RecordedEvent[] = [];
    const after = await follower.headPosition();
    const sub = follower.subscribeToAll({ after, filter: { streamPrefixes: [`s-${tag}-`] } }, async (e) => {
      seen.push(e);
    });
    try {
      await waitFor(async () => (await listening(`follower-${tag}`)) === 1);
      await writer.append(`s-${tag}-2`, [event()], 'no_stream');
      await waitFor(async () => seen.length === 1);
      expect(seen.map((e) => e.streamId)).toEqual([`s-${tag}-2`]);
      expect(await listening(`writer-${tag}`)).toBe(0);
    } finally {
      await sub.stop();
    }
  });

  it('given a listening store, when it is closed, then no session of its pool listens any more', async () => {
    expect(await listening(`follower-${tag}`)).toBe(1);
    await follower.close();
    expect(await listening(`follower-${tag}`)).toBe(0);
    follower = await SqlLedgerStore.open(followerDb, { schema });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
