import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, EmbeddedDatabaseInUseError } from './embedded-database.js';
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

  it('given the database closed, when queried, then it answers that it is closed instead of hanging', async () => {
    const other = await EmbeddedDatabase.open(await mkdtemp(join(tmpdir(), 'hustings-worker-closed-')));
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow('embedded database is closed');
  });
});
