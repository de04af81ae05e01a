import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inLane, isForeground } from './foreground.js';
import { type PgliteEngine, PgliteWorker } from './pglite-worker.js';
import type { Lease, SqlDatabase, SqlRows, SqlSession } from './sql-database.js';

/** Under a steady foreground, one unit in this many is the background's, so consumers never starve. */
const BACKGROUND_TURN_EVERY = 4;

/**
 * PostgreSQL embedded in the process (PGlite: the real PostgreSQL 17 compiled to WASM, a
 * pure npm package with no install scripts and no server). Data lives in a directory and
 * survives restarts; `memory` keeps it in RAM for tests.
 *
 * PGlite has a single session, so this class hands it out to one unit of work at a time:
 * a transaction holds it from BEGIN to COMMIT, and statements from other callers queue.
 * Units in the foreground (a request someone waits on: foreground.ts) go before the
 * background's (consumers, the relay), which still get one turn in every BACKGROUND_TURN_EVERY.
 *
 * A database in a directory runs PGlite in a worker thread of its own (pglite-worker.ts), so
 * PostgreSQL's work leaves the platform's thread; `memory` (tests) runs it in this thread.
 */
export class EmbeddedDatabase implements SqlDatabase {
  private readonly leases = new Set<string>();
  readonly engine = 'embedded' as const;
  private readonly foreground: (() => Promise<unknown>)[] = [];
  private readonly background: (() => Promise<unknown>)[] = [];
  /** Foreground units run in a row while the background waited. */
  private streak = 0;
  private running = false;
  private readonly idle: (() => void)[] = [];
  private closed = false;

  private constructor(
    private readonly pglite: PgliteEngine,
    private readonly ownerFile: string | null,
  ) {}

  /** `thread`: where PGlite runs; a directory defaults to a worker, `memory` to this thread. */
  static async open(location: string | 'memory', options: { thread?: 'worker' | 'inline' } = {}): Promise<EmbeddedDatabase> {
    const thread = options.thread ?? (location === 'memory' ? 'inline' : 'worker');
    if (location === 'memory') return new EmbeddedDatabase(await startPglite(undefined, thread), null);
    mkdirSync(location, { recursive: true });
    const ownerFile = claimOwnership(location);
    try {
      return new EmbeddedDatabase(await startPglite(location, thread), ownerFile);
    } catch (error) {
      rmSync(ownerFile, { force: true });
      throw error;
    }
  }

  /** Waits for the session, then holds it until `release` is called (for the TypeORM driver). */
  lease(): Promise<{ session: SqlSession; release: () => void }> {
    return new Promise((resolveLease, rejectLease) => {
      this.exclusive(
        (session) =>
          new Promise<void>((release) => {
            resolveLease({ session, release: () => release() });
          }),
      ).catch(rejectLease);
    });
  }

  /** Runs `work` with the session to itself; everything else waits its turn. */
  exclusive<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('embedded database is closed'));
    const session: SqlSession = {
      // The whole result is returned: the TypeORM driver also reads affectedRows.
      query: <R>(sql: string, params?: unknown[]) => this.pglite.query<R>(sql, params),
      exec: async (sql: string) => {
        await this.pglite.exec(sql);
      },
    };
    return new Promise<T>((resolve, reject) => {
      const urgent = isForeground();
      // The work runs in its caller's lane, not in that of the unit that ran before it.
      const unit = () => inLane(urgent, () => Promise.resolve().then(() => work(session)).then(resolve, reject));
      (urgent ? this.foreground : this.background).push(unit);
      if (!this.running) this.nextTurn();
    });
  }

  /**
   * Each unit of work waits one turn of the event loop first. PGlite runs a statement
   * synchronously, so queued units would otherwise run back to back with no I/O between them:
   * requests that arrived meanwhile could not join the statements being grouped (idempotency
   * claims, donor keys, stream reads, appends), and each would later cost a statement of its own.
   */
  private nextTurn(): void {
    this.running = true;
    setImmediate(() => {
      const backgroundsTurn = this.background.length > 0 && (this.foreground.length === 0 || this.streak >= BACKGROUND_TURN_EVERY - 1);
      const unit = backgroundsTurn ? this.background.shift() : this.foreground.shift();
      this.streak = backgroundsTurn || this.background.length === 0 ? 0 : this.streak + 1;
      if (!unit) {
        this.running = false;
        for (const resolve of this.idle.splice(0)) resolve();
        return;
      }
      void unit().finally(() => this.nextTurn());
    });
  }

  query<R>(sql: string, params?: unknown[]): Promise<SqlRows<R>> {
    return this.exclusive((session) => session.query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.exclusive((session) => session.exec(sql));
  }

  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive(async (session) => {
      await session.query('BEGIN');
      try {
        const result = await work(session);
        await session.query('COMMIT');
        return result;
      } catch (error) {
        await session.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** One process owns the embedded store, so in-process notification is all there is. */
  async listen(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  /** The embedded store has one owning process; leases only keep callers inside it apart. */
  async tryLease(name: string): Promise<Lease | null> {
    if (this.leases.has(name)) return null;
    this.leases.add(name);
    return {
      lost: new Promise<void>(() => undefined),
      release: async () => {
        this.leases.delete(name);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.running) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.closed = true;
    await this.pglite.close();
    if (this.ownerFile) rmSync(this.ownerFile, { force: true });
  }
}

async function startPglite(location: string | undefined, thread: 'worker' | 'inline'): Promise<PgliteEngine> {
  if (thread === 'worker') return PgliteWorker.start(location ?? 'memory://');
  const pglite = new PGlite(location);
  await pglite.waitReady;
  return pglite;
}

export class EmbeddedDatabaseInUseError extends Error {
  constructor(location: string, pid: number) {
    super(`${location} is in use by process ${pid}: PGlite has one owner at a time, stop that process first`);
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite does not lock its directory: a second process opening it (a CLI while the platform
 * runs, a second `npm start`) would write beside the first and lose or corrupt data. An owner
 * file holds the pid; a live other owner is refused, a dead one's file is taken over.
 */
function claimOwnership(location: string): string {
  const file = join(location, '.hustings-owner');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw new EmbeddedDatabaseInUseError(location, owner);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim ${location}`);
}
