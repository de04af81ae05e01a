import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { preparingClient, StatementNames } from './prepared-statements.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One connection, so what it prepared can be read back from pg_prepared_statements. */
describe('a pool of preparing clients on PostgreSQL', () => {
  const schema = `prep_${randomUUID().slice(0, 8)}`;
  const names = new StatementNames(4, 3);
  const pool = new pg.Pool({ connectionString: url, max: 1, Client: preparingClient(names) });
  const prepared = async (): Promise<string[]> =>
    (await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map((r) => r.statement);

  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int PRIMARY KEY, v text)`);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  it('given a statement sent three times, then the third and later calls run it prepared, with the same answers', async () => {
    const text = `INSERT INTO ${schema}.t (id, v) VALUES ($1, $2) RETURNING id, v`;
    const answers = [];
    for (let i = 1; i <= 5; i++) answers.push((await pool.query(text, [i, `v${i}`])).rows[0]);
    expect(answers).toEqual([1, 2, 3, 4, 5].map((i) => ({ id: i, v: `v${i}` })));
    expect(await prepared()).toEqual([text]);
  });

  it('given statements without parameters, then they are never prepared (several statements in one text still run)', async () => {
    for (let i = 0; i < 4; i++) await pool.query(`SELECT 1; SELECT count(*) FROM ${schema}.t`);
    expect((await prepared()).some((s) => s.includes('SELECT 1;'))).toBe(false);
  });

  it('given a prepared SELECT * whose table gains a column, then one call fails with the server\'s error, and the next calls answer the new rows, prepared again once hot', async () => {
    const text = `SELECT * FROM ${schema}.t WHERE id = $1`;
    for (let i = 0; i < 3; i++) await pool.query(text, [1]);
    expect(await prepared()).toContain(text);
    await pool.query(`ALTER TABLE ${schema}.t ADD COLUMN w int NOT NULL DEFAULT 7`);
    await expect(pool.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
    // pg-pool ends a connection whose query failed: what it prepared goes with it.
    for (let i = 0; i < 3; i++) expect((await pool.query(text, [1])).rows).toEqual([{ id: 1, v: 'v1', w: 7 }]);
    expect(await prepared()).toContain(text);
  });

  it('given a callback, then a prepared statement answers through it', async () => {
    const text = `SELECT v FROM ${schema}.t WHERE id = $1`;
    for (let i = 0; i < 3; i++) await pool.query(text, [2]);
    const rows = await new Promise((resolve, reject) => pool.query(text, [2], (error, result) => (error ? reject(error) : resolve(result.rows))));
    expect(rows).toEqual([{ v: 'v2' }]);
  });

  it('given its sessions, then each plans every call with that call\'s parameters, also where a connection string names options of its own', async () => {
    expect((await pool.query('SHOW plan_cache_mode')).rows).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
    const Client = preparingClient(new StatementNames());
    const client = new Client({ connectionString: url, options: '-c statement_timeout=12345' });
    await client.connect();
    try {
      expect((await client.query('SHOW plan_cache_mode')).rows).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
      expect((await client.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '12345ms' }]);
    } finally {
      await client.end();
    }
  });

  it('given more hot texts than it names, then the rest run unnamed and still answer', async () => {
    for (let n = 0; n < 6; n++) {
      const text = `SELECT $1::int + ${n} AS x`;
      for (let i = 0; i < 3; i++) expect((await pool.query(text, [1])).rows).toEqual([{ x: 1 + n }]);
    }
    expect((await prepared()).length).toBeLessThanOrEqual(4);
  });
});
