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

/**
 * A statement sent often enough runs as a named statement in the worker (pglite-worker.ts):
 * what it answers must be what PGlite's own query answers, in its thread, for the same text.
 */
describe('EmbeddedDatabase worker: hot statements run as named statements', () => {
  let worker: EmbeddedDatabase;
  let inline: EmbeddedDatabase;
  const SCHEMA = `CREATE TABLE kinds (id int PRIMARY KEY, label text, at timestamptz, doc jsonb, big bigint, tags text[], flag boolean, amount numeric)`;
  const INSERT = 'INSERT INTO kinds SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::bigint[]) AS v(id, label, at, doc, big) RETURNING id, label, at, doc, big::text AS big';
  const READ = 'SELECT id, label, at, doc, big, tags, flag, amount FROM kinds WHERE id = ANY($1::int[]) AND ($2::text IS NULL OR label = $2) ORDER BY id';
  const prepared = async (db: EmbeddedDatabase) => (await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);

  beforeAll(async () => {
    worker = await EmbeddedDatabase.open(await mkdtemp(join(tmpdir(), 'hustings-named-')));
    inline = await EmbeddedDatabase.open('memory');
    for (const db of [worker, inline]) await db.exec(SCHEMA);
  });
  afterAll(async () => {
    await worker.close();
    await inline.close();
  });

  it('given the same statements sent many times with values of several types, when answered, then every answer equals PGlite’s own in its thread, and the hot ones are named in the session', async () => {
    // What crosses the thread, and what callers read: the rows and the count of rows written.
    const answers = async (db: EmbeddedDatabase) => {
      const out: unknown[] = [];
      const push = ({ rows, affectedRows }: { rows: unknown[]; affectedRows?: number }) => out.push({ rows, affectedRows });
      for (let i = 0; i < 8; i++) {
        const ids = [i * 2 + 1, i * 2 + 2];
        const at = new Date(Date.UTC(2026, 11, 7, 0, 0, i, 5));
        push(await db.query(INSERT, [ids, [`ada ${i}`, null], [at, at], [{ i, s: 'x"y' }, null], ['9007199254740993', null]]));
        await db.query('UPDATE kinds SET tags = $2, flag = $3, amount = $4 WHERE id = $1', [ids[0], ['a', 'b,c', 'd"e'], i % 2 === 0, '12.50']);
        push(await db.query(READ, [ids, null]));
        push(await db.query(READ, [ids, `ada ${i}`]));
      }
      return out;
    };
    const [fromWorker, fromInline] = [await answers(worker), await answers(inline)];
    expect(fromWorker).toEqual(fromInline);
    expect(fromWorker[fromWorker.length - 2]).toMatchObject({
      rows: [
        { id: 15, label: 'ada 7', at: new Date(Date.UTC(2026, 11, 7, 0, 0, 7, 5)), doc: { i: 7, s: 'x"y' }, big: 9007199254740993n, tags: ['a', 'b,c', 'd"e'], flag: false, amount: '12.50' },
        { id: 16, label: null, doc: null, big: null, tags: null, flag: null, amount: null },
      ],
    });
    expect(fromWorker[0]).toMatchObject({ affectedRows: 2 });
    // The inline database runs PGlite's own query: nothing named there.
    expect((await prepared(worker)).sort()).toEqual([INSERT, READ, 'UPDATE kinds SET tags = $2, flag = $3, amount = $4 WHERE id = $1'].sort());
    expect(await prepared(inline)).toEqual([]);
  });

  it('given a hot statement whose answer is megabytes of text in many scripts, when answered, then it equals PGlite’s own, row for row and character for character', async () => {
    // Larger than PostgreSQL's output buffer: the answer reaches the worker in several pieces,
    // and a character of several bytes may lie across two of them.
    const SIZE = 'SELECT id, label, doc FROM texts WHERE id >= $1 AND id < $2 ORDER BY id';
    const label = (id: number) => `${id} é ñ 漢字 🗳️ "quoted" \\ back`.repeat(40);
    for (const db of [worker, inline]) {
      await db.exec('CREATE TABLE texts (id int PRIMARY KEY, label text, doc jsonb)');
      await db.query('INSERT INTO texts (id, label, doc) SELECT g, $1 || g, jsonb_build_object($2::text, g) FROM generate_series(1000, 2999) AS g', [label(0), 'n—é']);
    }
    const answers = async (db: EmbeddedDatabase) => {
      const out: unknown[] = [];
      for (let i = 0; i < 4; i++) out.push((await db.query(SIZE, [1000 + i, 3000])).rows);
      return out;
    };
    const [fromWorker, fromInline] = [await answers(worker), await answers(inline)];
    expect(fromWorker).toEqual(fromInline);
    expect((fromWorker[3] as unknown[]).length).toBe(1997);
    expect((fromWorker[3] as { label: string }[])[0].label).toBe(`${label(0)}1003`);
    expect(await prepared(worker)).toContain(SIZE);
  });

  it('given text arrays of every awkward kind, when a hot statement takes them, then it stores and refuses exactly as PGlite’s own query does', async () => {
    const ECHO = 'SELECT $1::text[] AS a, cardinality($1::text[]) AS n, $2::varchar[] AS b';
    const awkward: unknown[][] = [
      ['plain', 'with "quotes"', 'back\\slash', 'comma,brace{}', 'NULL', '', ' spaced ', 'é 漢字 🗳️', 'new\nline'],
      [null, 'after null', null],
      [],
      [new Date(Date.UTC(2026, 11, 7, 9, 30)), 42, true],
      [['nested', 'one'], ['nested', 'two']],
    ];
    const answers = async (db: EmbeddedDatabase) => {
      const out: unknown[] = [];
      for (let round = 0; round < 4; round++) for (const values of awkward) out.push((await db.query(ECHO, [values, values])).rows);
      // A NUL is no character PostgreSQL stores: refused alike, whichever form carried it.
      const refused = (await db.query(ECHO, [['a\u0000b'], null]).catch((e: unknown) => e)) as Record<string, unknown>;
      out.push({ code: refused.code, message: refused.message });
      return out;
    };
    const [fromWorker, fromInline] = [await answers(worker), await answers(inline)];
    expect(fromWorker).toEqual(fromInline);
    expect(fromWorker[0]).toEqual([{ a: awkward[0], n: 9, b: awkward[0] }]);
    expect(fromWorker[fromWorker.length - 1]).toMatchObject({ code: '22021' });
    expect(await prepared(worker)).toContain(ECHO);
  });

  it('given statements sent once each with text arrays, when answered or refused, then they answer and fail exactly as PGlite’s own query does, and none is named', async () => {
    const values = ['plain', 'with "quotes"', 'back\\slash', 'comma,brace{}', 'NULL', '', 'é 漢字 🗳️', null];
    const once = async (db: EmbeddedDatabase) => {
      const out: unknown[] = [];
      // Each text is new: sent unnamed, through the extended protocol with its arrays in binary form.
      for (let k = 0; k < 3; k++) out.push((await db.query(`SELECT $1::text[] AS a, $2::varchar[] AS b, ${k} AS k`, [values, values.slice(1)])).rows);
      const refusals = [
        db.query('SELECT $1::text[] AS a', [['a\u0000b']]),
        db.query('SELEC $1::text[]', [['a']]),
        db.query('SELECT $1::int[] AS a', [['1', 'two']]),
      ];
      for (const refused of refusals) {
        const error = (await refused.catch((e: unknown) => e)) as Record<string, unknown>;
        out.push({ code: error.code, message: error.message, position: error.position });
      }
      // The session still answers after the refusals.
      out.push((await db.query('SELECT cardinality($1::text[]) AS n, 7 AS after', [values])).rows);
      return out;
    };
    const [fromWorker, fromInline] = [await once(worker), await once(inline)];
    expect(fromWorker).toEqual(fromInline);
    expect(fromWorker[0]).toEqual([{ a: values, b: values.slice(1), k: 0 }]);
    expect(fromWorker.slice(3, 6)).toMatchObject([{ code: '22021' }, { code: '42601' }, { code: '22P02' }]);
    expect((await prepared(worker)).filter((text) => text.includes('AS k') || text.includes('AS after'))).toEqual([]);
  });

  it('given a hot statement refused by a check, when it fails, then the error says what PGlite’s own says: SQLSTATE, table, constraint, detail', async () => {
    for (const db of [worker, inline]) await db.exec(`CREATE TABLE IF NOT EXISTS checked (id int PRIMARY KEY, n int CHECK (n > 0))`);
    const insert = 'INSERT INTO checked (id, n) VALUES ($1, $2)';
    const failureOf = async (db: EmbeddedDatabase) => {
      for (let id = 1; id <= 4; id++) await db.query(insert, [id, 1]);
      const error = (await db.query(insert, [5, -1]).catch((e: unknown) => e)) as Record<string, unknown>;
      const { message, code, severity, detail, schema, table, constraint, routine } = error;
      return { message, code, severity, detail, schema, table, constraint, routine };
    };
    const [fromWorker, fromInline] = [await failureOf(worker), await failureOf(inline)];
    expect(fromWorker).toEqual(fromInline);
    expect(fromWorker).toMatchObject({ code: '23514', table: 'checked', constraint: 'checked_n_check', severity: 'ERROR' });
    expect(String(fromWorker.detail)).toContain('(5, -1)');
  });

  it('given a hot statement called many times, when its plans are counted, then each call was planned with its own parameters, never with a generic plan', async () => {
    const read = 'SELECT id FROM kinds WHERE label = $1 ORDER BY id';
    for (let i = 0; i < 12; i++) await worker.query(read, [`ada ${i % 8}`]);
    const [plans] = (await worker.query<{ generic_plans: number; custom_plans: number }>('SELECT generic_plans::int AS generic_plans, custom_plans::int AS custom_plans FROM pg_prepared_statements WHERE statement = $1', [read])).rows;
    expect(plans).toEqual({ generic_plans: 0, custom_plans: 10 });
  });

  it('given a hot statement, when it breaks a constraint, then the error carries its SQLSTATE, constraint and text, and the next call runs the same named statement', async () => {
    const insert = 'INSERT INTO kinds (id, label) VALUES ($1, $2)';
    for (let id = 100; id < 104; id++) await worker.query(insert, [id, 'once']);
    const failed = await worker.query(insert, [100, 'twice']).catch((error: unknown) => error);
    expect(sqlStateOf(failed)).toBe(UNIQUE_VIOLATION);
    expect(failed).toMatchObject({ constraint: 'kinds_pkey', query: insert });
    await worker.query(insert, [104, 'after']);
    expect((await worker.query<{ n: number }>('SELECT count(*)::int AS n FROM kinds WHERE id >= $1', [100])).rows).toEqual([{ n: 5 }]);
    expect(await prepared(worker)).toContain(insert);
  });

  it('given a hot statement whose rows change shape, when called again, then that call fails as PostgreSQL says and the next is prepared again under a new name and answers the new shape', async () => {
    await worker.exec('CREATE TABLE shapes (id int PRIMARY KEY)');
    const read = 'SELECT * FROM shapes WHERE id > $1 ORDER BY id';
    await worker.query('INSERT INTO shapes VALUES (1)');
    for (let i = 0; i < 4; i++) expect((await worker.query(read, [0])).rows).toEqual([{ id: 1 }]);
    await worker.exec(`ALTER TABLE shapes ADD COLUMN note text DEFAULT 'n'`);
    await expect(worker.query(read, [0])).rejects.toMatchObject({ code: '0A000' });
    expect((await worker.query(read, [0])).rows).toEqual([{ id: 1, note: 'n' }]);
  });

  it('given the session’s named statements deallocated, when a hot statement is called, then that call fails and the next is prepared again', async () => {
    const read = 'SELECT label FROM kinds WHERE id = $1';
    for (let i = 0; i < 4; i++) expect((await worker.query(read, [100])).rows).toEqual([{ label: 'once' }]);
    await worker.exec('DEALLOCATE ALL');
    await expect(worker.query(read, [100])).rejects.toMatchObject({ code: '26000' });
    expect((await worker.query(read, [100])).rows).toEqual([{ label: 'once' }]);
  });
});
