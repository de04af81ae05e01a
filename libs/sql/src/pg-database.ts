import pg from 'pg';
import { PreparingClient } from './prepared-statements.js';
import type { Lease, SqlDatabase, SqlRows, SqlSession } from './sql-database.js';

export interface PgDatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * Send hot statements as named (prepared) statements, parsed and analysed once per
   * connection (default true; each call is still planned with its own parameters). False behind a pooler that cannot keep them (PgBouncer in
   * transaction mode before 1.21).
   */
  preparedStatements?: boolean;
}

/** A PostgreSQL server through one `pg` pool per process. */
export class PgDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  readonly pool: pg.Pool;
  /** The server, and whether hot statements are named: a data source opened beside this one does the same (dataSourceTargetBeside). */
  readonly url: string;
  readonly preparedStatements: boolean;

  constructor(options: PgDatabaseOptions) {
    this.url = options.url;
    this.preparedStatements = options.preparedStatements !== false;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'hustings',
      connectionTimeoutMillis: 10_000,
      ...(this.preparedStatements ? { Client: PreparingClient } : {}),
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
    // A server lost between two statements is an 'error' event on the client: without a
    // listener it would end the process; the statement in flight fails on its own.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
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
      client.off('error', onError);
      // A broken connection is destroyed, not handed to the next caller.
      client.release(broken);
    }
  }

  /**
   * LISTEN on a connection of its own, kept across the server's restarts: a checked-out client
   * that loses its server emits 'error', and without a listener that error ended the process
   * (every app died when PostgreSQL restarted under load; the fault suite found it). The lost
   * connection is dropped, LISTEN is set up again on a new one, retried with backoff, and
   * `onNotify` is called once it is back, since NOTIFYs sent meanwhile were missed. A first
   * LISTEN that fails (the server is away) is tried again the same way, in the background.
   */
  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    let stopped = false;
    let current: { client: pg.PoolClient; detach(): void } | null = null;
    const handler = (message: pg.Notification): void => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    };
    // Connects and LISTENs; a connection that fails later is dropped and opened again.
    const open = async (): Promise<void> => {
      const client = await this.pool.connect();
      const onError = (error: Error): void => lose(error);
      const onEnd = (): void => lose(new Error('LISTEN connection ended'));
      const detach = (): void => {
        client.off('error', onError);
        client.off('end', onEnd);
        client.off('notification', handler);
      };
      const lose = (error: Error): void => {
        detach();
        client.release(error);
        if (current?.client === client) current = null;
        if (!stopped) void reopen();
      };
      client.on('error', onError);
      client.on('end', onEnd);
      client.on('notification', handler);
      try {
        await client.query(`LISTEN "${channel}"`);
      } catch (error) {
        detach();
        client.release(error as Error);
        throw error;
      }
      current = { client, detach };
    };
    const reopen = async (): Promise<void> => {
      for (let attempt = 1; !stopped; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
        if (stopped) return;
        try {
          await open();
          if (stopped) await unlisten();
          else onNotify('');
          return;
        } catch {
          // The server is still away: try again.
        }
      }
    };
    const unlisten = async (): Promise<void> => {
      stopped = true;
      const held = current;
      current = null;
      if (!held) return;
      held.detach();
      await held.client.query(`UNLISTEN "${channel}"`).catch(() => undefined);
      held.client.release();
    };
    await open().catch(() => void reopen());
    return unlisten;
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
