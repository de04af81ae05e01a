import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PgDatabase } from './pg-database.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A PostgreSQL restart ends every session with 57P01 (terminating connection due to
 * administrator command). Terminating this pool's own sessions does the same to them, and to
 * nothing else on a shared server.
 */
describe('PgDatabase when the server ends its sessions', () => {
  const name = `pg-database-spec-${randomUUID().slice(0, 8)}`;
  const db = new PgDatabase({ url, poolSize: 4, applicationName: name });
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  afterAll(async () => {
    await db.close();
    await admin.end();
  });

  const terminateOurs = async (): Promise<number> =>
    (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [name])).rowCount ?? 0;

  const until = async (what: string, done: () => boolean): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('given a LISTEN connection terminated, the process goes on, listens again and says so, and later NOTIFYs arrive', async () => {
    const channel = `spec_${randomUUID().slice(0, 8)}`;
    const heard: string[] = [];
    const unlisten = await db.listen(channel, (payload) => heard.push(payload));
    expect(await terminateOurs()).toBeGreaterThan(0);
    // Once back, it tells the listener that it may have missed something (an empty payload).
    await until('the LISTEN to be set up again', () => heard.includes(''));
    await admin.query(`SELECT pg_notify($1, 'after')`, [channel]);
    await until('the NOTIFY sent afterwards', () => heard.includes('after'));
    await unlisten();
  });

  it('given a transaction whose connection is terminated between statements, it fails, and the next one runs on a sound connection', async () => {
    await expect(
      db.transaction(async (session) => {
        await session.query('SELECT 1');
        await terminateOurs();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await session.query('SELECT 1');
      }),
    ).rejects.toThrow();
    await expect(db.transaction(async (session) => (await session.query<{ one: number }>('SELECT 1 AS one')).rows[0].one)).resolves.toBe(1);
  });
});
