import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, EmbeddedDatabaseInUseError } from './embedded-database.js';
import { inForeground, inLane } from './foreground.js';
import { sqlStateOf, UNIQUE_VIOLATION } from './sql-database.js';

/** PGlite does not lock its directory; the owner file keeps a second process out. */
describe('EmbeddedDatabase directory ownership', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hustings-owner-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given another live process owns the directory, when opened, then it is refused with one readable line and the owner file is left alone', async () => {
    await writeFile(join(dir, '.hustings-owner'), String(process.ppid));
    await expect(EmbeddedDatabase.open(dir)).rejects.toThrow(EmbeddedDatabaseInUseError);
    await expect(EmbeddedDatabase.open(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    expect(await readFile(join(dir, '.hustings-owner'), 'utf8')).toBe(String(process.ppid));
  });

  it('given the owner died without closing, when opened, then its file is taken over; closing gives the directory back', async () => {
    await writeFile(join(dir, '.hustings-owner'), '2147483646');
    const db = await EmbeddedDatabase.open(dir);
    expect(await readFile(join(dir, '.hustings-owner'), 'utf8')).toBe(String(process.pid));
    await db.close();
    await expect(readFile(join(dir, '.hustings-owner'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await EmbeddedDatabase.open(dir);
    await again.close();
  });
});

/** A database in a directory runs PGlite in a worker thread: what crosses the thread must be what callers read. */
describe('EmbeddedDatabase with PGlite in its worker thread', () => {
  let dir: string;
  let db: EmbeddedDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hustings-worker-'));
    db = await EmbeddedDatabase.open(dir);
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, at timestamptz NOT NULL, doc jsonb, big bigint)');
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('given rows of several types, when read back, then dates, JSON and counts arrive as PGlite gives them in its own thread', async () => {
    const at = new Date('2026-12-06T01:02:03.004Z');
    const inserted = (await db.query('INSERT INTO t VALUES ($1, $2, $3, $4), ($5, $2, NULL, NULL)', [1, at, { a: [1, 'x'] }, '9007199254740993', 2])) as { affectedRows?: number };
    expect(inserted.affectedRows).toBe(2);
    const { rows } = await db.query<{ id: number; at: Date; doc: unknown; big: string }>('SELECT id, at, doc, big::text AS big FROM t ORDER BY id');
    expect(rows).toEqual([
      { id: 1, at, doc: { a: [1, 'x'] }, big: '9007199254740993' },
      { id: 2, at, doc: null, big: null },
    ]);
  });

  it('given a statement that breaks a unique constraint inside a transaction, when run, then the error carries its SQLSTATE and constraint, and the transaction left nothing', async () => {
    const failed = await db
      .transaction(async (session) => {
        await session.query('INSERT INTO t VALUES (3, now())');
        await session.query('INSERT INTO t VALUES (1, now())');
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(sqlStateOf(failed)).toBe(UNIQUE_VIOLATION);
    expect(failed).toMatchObject({ constraint: 't_pkey', message: expect.stringContaining('duplicate key') });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id = 3')).rows).toEqual([{ n: 0 }]);
  });

  it('given statements sent together with no transaction open, when run, then each is answered with its own result, in the order sent, and a failing one fails alone', async () => {
    await db.exec('CREATE TABLE seq (n int PRIMARY KEY)');
    const sent = Array.from({ length: 40 }, (_, i) => (i === 17 ? db.query('INSERT INTO seq VALUES (1)') : db.query<{ n: number }>('INSERT INTO seq VALUES ($1) RETURNING n', [i + 1])));
    const settled = await Promise.allSettled(sent);
    expect(settled[17].status).toBe('rejected');
    expect(sqlStateOf((settled[17] as PromiseRejectedResult).reason)).toBe(UNIQUE_VIOLATION);
    expect(settled.filter((_, i) => i !== 17).map((r) => (r as PromiseFulfilledResult<{ rows: { n: number }[] }>).value.rows[0].n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((n) => n !== 18));
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM seq')).rows).toEqual([{ n: 39 }]);
  });

  it('given a transaction open, when another caller sends a statement meanwhile, then the statement runs after the commit, never inside the transaction, and one sent before the transaction runs before it', async () => {
    await db.exec('CREATE TABLE tx (id int PRIMARY KEY, note text)');
    const order: string[] = [];
    const before = db.query('INSERT INTO tx VALUES (1, $1)', ['before']).then(() => order.push('before'));
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (session) => {
      const seen = await session.query<{ n: number }>('SELECT count(*)::int AS n FROM tx');
      order.push(`transaction saw ${seen.rows[0].n}`);
      await session.query('INSERT INTO tx VALUES (2, $1)', ['inside']);
      await holding;
      throw new Error('rolled back on purpose');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during = db.query<{ n: number }>('SELECT count(*)::int AS n FROM tx').then((r) => order.push(`during saw ${r.rows[0].n}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(transaction).rejects.toThrow('rolled back on purpose');
    await Promise.all([before, during]);
    // Had the statement run inside the transaction, the rollback would have thrown it away with
    // the row, and it would have seen 2 rows.
    expect(order).toEqual(['before', 'transaction saw 1', 'during saw 1']);
    expect((await db.query<{ id: number }>('SELECT id FROM tx ORDER BY id')).rows).toEqual([{ id: 1 }]);
  });

  it('given background statements queued, when foreground ones arrive, then the foreground goes first but the background keeps one turn in four, each lane in the order sent', async () => {
    const order: string[] = [];
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const held = db.exclusive(async () => {
      started();
      await holding;
    });
    await running;
    const sent = [
      ...Array.from({ length: 4 }, (_, i) => inLane(false, () => db.query('SELECT 1').then(() => order.push(`b${i}`)))),
      ...Array.from({ length: 8 }, (_, i) => inForeground(() => db.query('SELECT 1').then(() => order.push(`f${i}`)))),
    ];
    release();
    await Promise.all([held, ...sent]);
    expect(order).toEqual(['f0', 'f1', 'f2', 'b0', 'f3', 'f4', 'f5', 'b1', 'f6', 'f7', 'b2', 'b3']);
  });

  it('given a foreground transaction and a background statement queued, when the transaction runs, then the statement still never runs inside it', async () => {
    await db.exec('CREATE TABLE lanes (id int PRIMARY KEY)');
    const order: string[] = [];
    const background = inLane(false, () => db.query<{ n: number }>('SELECT count(*)::int AS n FROM lanes').then((r) => order.push(`background saw ${r.rows[0].n}`)));
    const foreground = inForeground(() =>
      db.transaction(async (session) => {
        await session.query('INSERT INTO lanes VALUES (1)');
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('foreground committed');
      }),
    );
    await Promise.all([background, foreground]);
    expect(order).toEqual(['foreground committed', 'background saw 1']);
  });

  it('given the database closed, when queried, then it answers that it is closed instead of hanging', async () => {
    const other = await EmbeddedDatabase.open(await mkdtemp(join(tmpdir(), 'hustings-worker-closed-')));
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow('embedded database is closed');
  });
});
