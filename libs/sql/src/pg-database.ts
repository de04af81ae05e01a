import pg from 'pg';
import type { Lease, SqlDatabase, SqlRows, SqlSession } from './sql-database.js';

export interface PgDatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  applicationName?: string;
}

/** A PostgreSQL server through one `pg` pool per process. */
export class PgDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  readonly pool: pg.Pool;

  constructor(options: PgDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'hustings',
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<R>(sql: string, params?: unknown[]): Promise<SqlRows<R>> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as R[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const session: SqlSession = {
      query: async <R>(sql: string, params?: unknown[]) => ({
        rows: (await client.query(sql, params as unknown[])).rows as R[],
      }),
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const result = await work(session);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect();
    const handler = (message: pg.Notification): void => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    };
    client.on('notification', handler);
    await client.query(`LISTEN "${channel}"`);
    return async () => {
      client.off('notification', handler);
      await client.query(`UNLISTEN "${channel}"`).catch(() => undefined);
      client.release();
    };
  }

  /** A session-level advisory lock on a connection of its own, held until released or lost. */
  async tryLease(name: string): Promise<Lease | null> {
    const client = await this.pool.connect();
    let granted = false;
    try {
      const { rows } = await client.query<{ granted: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS granted', [name]);
      granted = rows[0]?.granted === true;
    } finally {
      if (!granted) client.release();
    }
    if (!granted) return null;
    let markLost: () => void = () => undefined;
    let isLost = false;
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    const onError = (): void => {
      isLost = true;
      markLost();
    };
    client.on('error', onError);
    client.on('end', onError);
    // A dead server connection is only noticed when used: probe it now and then.
    const probe = setInterval(() => void client.query('SELECT 1').catch(onError), 5_000);
    probe.unref();
    let released = false;
    return {
      lost,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(probe);
        client.off('error', onError);
        client.off('end', onError);
        if (!isLost) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
        client.release(isLost || undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
