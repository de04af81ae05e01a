import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { runKeysCli } from './keys-cli.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The keys CLI against a PostgreSQL server: what an operator types, and what they get back. */
describe('keys CLI on PostgreSQL', () => {
  const schema = `keys_${randomUUID().slice(0, 8)}`;
  const tenant = `t-${randomUUID().slice(0, 8)}`;
  const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema, LEDGER_SQL_URL: url, DONOR_ID_KEY: 'k'.repeat(32) };

  async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runKeysCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  afterAll(async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DELETE FROM hustings_auth.api_keys WHERE tenant_id = $1`, [tenant]);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('given issue, list and revoke, then the key is printed once, listed without it, and revoked for good', async () => {
    const issued = await cli('issue', '--tenant', tenant, '--role', 'intake,auditor', '--label', 'donation form');
    expect(issued.code).toBe(0);
    const key = JSON.parse(issued.out[0]) as { keyId: string; key: string; roles: string[]; tenantId: string };
    expect(key).toMatchObject({ tenantId: tenant, roles: ['intake', 'auditor'] });
    expect(key.key).toMatch(/^hk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const listed = await cli('list', '--tenant', tenant);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).not.toContain(key.key.slice(16));
    expect(JSON.parse(listed.out[0])).toMatchObject({ keyId: key.keyId, label: 'donation form', revokedAt: null });

    expect((await cli('revoke', key.keyId)).code).toBe(0);
    expect(JSON.parse((await cli('list', '--tenant', tenant)).out[0]).revokedAt).not.toBeNull();
  });

  it.each([
    [['frobnicate'], 2, /^keys: usage: /],
    [['issue', '--tenant', 'x'], 2, /needs --tenant and --role/],
    [['issue', '--tenant', 'x', '--role'], 2, /--role needs a value/],
    [['list', '--colour', 'red'], 2, /unknown option --colour/],
    [['issue', '--tenant', 'Bad Tenant', '--role', 'admin'], 1, /tenant "Bad Tenant" must be/],
    [['issue', '--tenant', 'x', '--role', 'root'], 1, /unknown role\(s\) root/],
    [['revoke', 'no-such-key'], 1, /no key no-such-key/],
  ])('given %j, then it exits %i with one readable line', async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(message);
    expect(result.out).toEqual([]);
  });
});
