import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { SqlDatabase, SqlSession } from '#sql';
import { SqlLedgerStore } from './sql-ledger-store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * History must not cost: an append and a read of stream tails touch the streams they name
 * through the indexes, never by scanning every stream or every event. The planner is made to
 * use generic plans from the first call (as it does for any statement after a few calls, and for
 * the statements inside append_groups), on a ledger of 20,000 streams, and PostgreSQL's own
 * counters of sequential scans must not move. Everything runs on one session, so its counters
 * can be flushed on demand (pg_stat_force_next_flush) before they are read.
 */
function oneSession(client: pg.Client): SqlDatabase {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const session: SqlSession = {
    query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as R[] }),
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
  return {
    engine: 'postgres',
    query: (sql, params) => serially(() => session.query(sql, params)),
    exec: (sql) => serially(() => session.exec(sql)),
    transaction: (work) =>
      serially(async () => {
        await client.query('BEGIN');
        try {
          const result = await work(session);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }),
    listen: async () => async () => undefined,
    tryLease: async () => ({ lost: new Promise<void>(() => undefined), release: async () => undefined }),
    close: () => client.end(),
  };
}

describe('the SQL ledger on a PostgreSQL server with history', () => {
  const schema = `ledger_hist_${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: url, options: '-c plan_cache_mode=force_generic_plan' });
  const db = oneSession(client);
  let store: SqlLedgerStore;

  const seqScans = async (): Promise<Record<string, number>> => {
    await db.query('SELECT pg_stat_force_next_flush()');
    const { rows } = await db.query<{ relname: string; seq_scan: string }>(`SELECT relname, seq_scan::text AS seq_scan FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('streams', 'events')`, [schema]);
    return Object.fromEntries(rows.map((row) => [row.relname, Number(row.seq_scan)]));
  };

  beforeAll(async () => {
    await client.connect();
    store = await SqlLedgerStore.open(db, { schema });
    await db.exec(`
      INSERT INTO "${schema}".streams (stream_id, revision, last_hash) SELECT 'past-' || i, 1, 'h' || i FROM generate_series(1, 20000) AS i;
      INSERT INTO "${schema}".events (position, event_id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash)
        SELECT i, gen_random_uuid(), 'past-' || (i / 2 + 1), i % 2, 'Past', 1, '{}', '{}', '2026-01-01T00:00:00.000Z', '', 'x' FROM generate_series(0, 39999) AS i;
      ANALYZE "${schema}".streams;
      ANALYZE "${schema}".events;
    `);
  });
  afterAll(async () => {
    await store.close();
    await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  });

  it('given 20,000 streams, when streams are appended to, alone and several at once, and their tails read, then neither table is scanned', async () => {
    const event = () => ({ eventId: randomUUID(), type: 'Happened', version: 1, payload: { n: 1 }, metadata: { occurredAt: '2026-12-06T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'cmte' } });
    const before = await seqScans();
    for (let n = 0; n < 12; n++) {
      await store.append(`fresh-${n}`, [event(), event()], 'no_stream');
      await store.appendMany([
        { streamId: `fresh-${n}`, events: [event()], expected: 1 },
        { streamId: `other-${n}`, events: [event()], expected: 'no_stream' },
      ]);
      await store.readStreams([{ streamId: `fresh-${n}`, afterRevision: null }, { streamId: `other-${n}`, afterRevision: -1 }]);
    }
    expect(await store.readStream('fresh-11')).toHaveLength(3);
    expect(await seqScans()).toEqual(before);
  });
});
