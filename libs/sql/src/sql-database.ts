/**
 * The little of SQL the ledger and the projections need, over two engines that speak the
 * same dialect: a PostgreSQL server (through `pg`) and PGlite, PostgreSQL compiled to WASM,
 * embedded in the process and stored under ./data. One adapter, two engines, same SQL.
 */
export interface SqlRows<R> {
  rows: R[];
}

export interface SqlSession {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlRows<R>>;
  /** Runs several statements without parameters (schema set-up). */
  exec(sql: string): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
  readonly engine: 'postgres' | 'embedded';
  /** Runs `work` inside BEGIN/COMMIT on one session; rolls back if it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for NOTIFYs on `channel` from any process; returns the unlisten. A LISTEN
   * that cannot be set up (or is lost) is tried again, and `onNotify('')` says when it is back.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Takes the lock named `name` for as long as this process holds it, or answers null when
   * another process has it. Used so exactly one replica does a job (the relay).
   */
  tryLease(name: string): Promise<Lease | null>;
  close(): Promise<void>;
}

export interface Lease {
  /** Resolves if the lock is lost behind our back (the connection holding it died). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** SQLSTATE of a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Quotes a schema or table name; only plain identifiers are accepted. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
