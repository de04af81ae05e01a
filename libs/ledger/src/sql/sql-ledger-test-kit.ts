import { randomUUID } from 'node:crypto';
import { identifier, PgDatabase, type PgDatabaseOptions, type SqlDatabase, type SqlSession } from '#sql';
import { SqlLedgerStore } from './sql-ledger-store.js';

/** The PostgreSQL the ledger's specs run on (the test setup's, on loopback). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A store on a schema of its own for the enclosing describe block, on the test PostgreSQL:
 * opened before its cases, then closed, its schema dropped and its pool ended after them.
 * `store` is set once the block's cases run.
 */
export function storeOnFreshSchema(
  prefix: string,
  options: Omit<PgDatabaseOptions, 'url'>,
): { schema: string; db: PgDatabase; store: SqlLedgerStore } {
  const schema = `${prefix}_${randomUUID().slice(0, 8)}`;
  const db = new PgDatabase({ url: testDatabaseUrl, ...options });
  const fixture = { schema, db, store: undefined as unknown as SqlLedgerStore };
  beforeAll(async () => {
    fixture.store = await SqlLedgerStore.open(db, { schema });
  });
  afterAll(async () => {
    await fixture.store?.close();
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });
  return fixture;
}

/**
 * A ledger store whose every statement runs in one transaction that stays open until
 * `commit`: it has taken its transaction id (its place in the order) before anything else.
 */
export async function slowWriter(db: PgDatabase, schema: string): Promise<{ store: SqlLedgerStore; commit: () => Promise<void> }> {
  const client = await db.pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  const session: SqlSession = {
    query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as R[] }),
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
  const held: SqlDatabase = {
    ...session,
    engine: 'postgres',
    transaction: (work) => work(session),
    listen: async () => async () => undefined,
    tryLease: async () => null,
    close: async () => undefined,
  };
  const store = await SqlLedgerStore.open(held, { schema });
  return {
    store,
    commit: async () => {
      await client.query('COMMIT');
      client.release();
      await store.close();
    },
  };
}

/** Test-only access to the raw tables, as an intruder or a careless operator would have. */
export function rawLedgerAccess(db: SqlDatabase, schema: string) {
  const s = identifier(schema);
  const target = `stream_id = $1 AND revision = $2`;
  return {
    async tamper(streamId: string, revision: number): Promise<void> {
      await db.transaction(async (session) => {
        await session.query(`ALTER TABLE ${s}.events DISABLE TRIGGER events_append_only_rows`);
        await session.query(
          `UPDATE ${s}.events SET payload = replace(payload, '"note":"contract"', '"note":"contrast"') WHERE ${target}`,
          [streamId, revision],
        );
        await session.query(`ALTER TABLE ${s}.events ENABLE TRIGGER events_append_only_rows`);
      });
    },
    async attemptEdit(streamId: string, revision: number): Promise<void> {
      const update = db
        .query(`UPDATE ${s}.events SET type = 'Edited' WHERE ${target}`, [streamId, revision])
        .then(() => 'update allowed', (error: Error) => error.message);
      const remove = db
        .query(`DELETE FROM ${s}.events WHERE ${target}`, [streamId, revision])
        .then(() => 'delete allowed', (error: Error) => error.message);
      const messages = await Promise.all([update, remove]);
      if (messages.every((m) => m.includes('append-only'))) throw new Error(messages.join('; '));
    },
  };
}
