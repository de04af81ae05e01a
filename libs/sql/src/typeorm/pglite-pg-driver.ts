import type { EmbeddedDatabase } from '../embedded-database.js';
import type { SqlSession } from '../sql-database.js';

type ConnectCallback = (error: Error | null, client?: unknown, release?: (error?: unknown) => void) => void;

/**
 * Lets TypeORM's PostgreSQL driver run on the embedded PGlite, by offering the part of the
 * `pg` module it uses (`Pool#connect`, `Client#query`, `Pool#end`). Each TypeORM connection
 * is a lease of the single PGlite session, so TypeORM transactions never interleave.
 */
export function pgliteAsPgModule(db: EmbeddedDatabase): unknown {
  class LeasedClient {
    constructor(private readonly session: SqlSession) {}
    on(): this {
      return this;
    }
    removeListener(): this {
      return this;
    }
    async query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number; command: string }> {
      const result = (await this.session.query(sql, params)) as { rows: unknown[]; affectedRows?: number };
      const command = sql.trimStart().split(/\s+/, 1)[0]?.toUpperCase() ?? '';
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
    }
  }

  class Pool {
    on(): this {
      return this;
    }
    connect(callback: ConnectCallback): void {
      db.lease().then(
        ({ session, release }) => callback(null, new LeasedClient(session), () => release()),
        (error: Error) => callback(error),
      );
    }
    end(callback?: (error?: Error) => void): void {
      callback?.();
    }
  }

  return { Pool, defaults: {}, [QUEUES_CONCURRENT_STATEMENTS]: true };
}

const QUEUES_CONCURRENT_STATEMENTS = Symbol('queues concurrent statements');

/**
 * Whether statements issued on one connection without waiting for each other are welcome: on
 * the embedded engine they are queued in order to PGlite's worker, which runs them back to back
 * (fewer waits for this thread), while `pg` refuses them (deprecated, and removed in pg 9).
 */
export function queuesConcurrentStatements(dataSource: { options: object }): boolean {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  return driver?.[QUEUES_CONCURRENT_STATEMENTS] === true;
}
