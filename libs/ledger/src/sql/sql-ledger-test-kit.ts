import { identifier, type PgDatabase, type SqlDatabase, type SqlSession } from '#persistence';
import { SqlLedgerStore } from './sql-ledger-store.js';

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
