import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { APP_NAMES, loadConfig, openInfrastructure, openLedgerOnly, tablesOf, type AppName } from '#platform';
import { newEvent } from '#testing';
import { appModules } from '../apps/embedded/src/app-modules.js';

/**
 * deploy/postgres/roles.sql on a fresh database: each app starts under its own role (its
 * migrations run), and then each can reach its own schema and what the design shares with it,
 * nothing else: donor keys only for intake (owner) and reporting (read), API keys read by all,
 * and the SQL ledger (in the same database) intake's, the others reading it and appending only
 * through its append function. The ledger's objects are read from the catalog, so a table,
 * function or sequence added to libs/ledger/src/sql/sql-ledger.schema.ts without its grants fails.
 */
const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `roles_${randomUUID().slice(0, 8)}`;
const urlOf = (user: string | null, db = database): string => {
  const url = new URL(admin);
  if (user) url.username = user;
  url.pathname = `/${db}`;
  return url.toString();
};
const ROLES_SQL = readFileSync(fileURLToPath(new URL('../deploy/postgres/roles.sql', import.meta.url)), 'utf8');

async function as<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const configOf = (app: AppName) =>
  loadConfig(
    {
      BUS: 'memory',
      HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true',
      LEDGER_SQL_URL: urlOf(`hustings_${app}`),
      DATABASE_URL: urlOf(`hustings_${app}`),
      DATABASE_SCHEMA: app,
      DONOR_ID_KEY: 'roles-spec-donor-id-key-of-32-chars!!',
      PII_MASTER_KEY: randomBytes(32).toString('base64'),
      RECURRING_TICK_MS: '0',
    },
    [app],
  );

describe('PostgreSQL roles per app (deploy/postgres/roles.sql)', () => {
  beforeAll(async () => {
    await as(admin, async (c) => {
      await c.query(`CREATE DATABASE ${database}`);
      await c.query(`DROP ROLE IF EXISTS hustings_nobody`);
      await c.query(`CREATE ROLE hustings_nobody LOGIN`);
    });
    // Twice: it must be idempotent (it is run again after upgrades).
    await as(urlOf(null), (c) => c.query(ROLES_SQL));
    await as(urlOf(null), (c) => c.query(ROLES_SQL));
    // A role roles.sql knows nothing of, let in: what PUBLIC may do in the ledger is what it may.
    await as(urlOf(null), (c) => c.query(`GRANT CONNECT ON DATABASE ${database} TO hustings_nobody`));
  });

  afterAll(async () => {
    await as(admin, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS hustings_nobody`);
    });
  });

  it('lets each app start under its own role, intake first', async () => {
    for (const app of ['intake', 'compliance', 'rewards', 'reporting'] as AppName[]) {
      const infrastructure = await openInfrastructure(configOf(app), tablesOf(await appModules([app])));
      await infrastructure.close();
    }
  });

  it('gives each role its own schema only, donor keys to intake and reporting alone, API keys to read for all', async () => {
    const privileges = await as(urlOf(null), async (c) => {
      const answer: Record<string, Record<string, boolean>> = {};
      for (const app of APP_NAMES) {
        const role = `hustings_${app}`;
        const { rows } = await c.query<Record<string, boolean>>(
          `SELECT has_schema_privilege($1, 'donor_keys', 'USAGE') AS "donorKeysSchema",
                  has_table_privilege($1, 'donor_keys.donor_keys', 'SELECT') AS "readDonorKeys",
                  has_table_privilege($1, 'donor_keys.donor_keys', 'UPDATE') AS "changeDonorKeys",
                  has_table_privilege($1, 'hustings_auth.api_keys', 'SELECT') AS "readApiKeys",
                  has_table_privilege($1, 'hustings_auth.api_keys', 'UPDATE') AS "changeApiKeys",
                  ${APP_NAMES.map((other) => `has_schema_privilege($1, '${other}', 'USAGE') AS "${other}"`).join(', ')}`,
          [role],
        );
        answer[app] = rows[0];
      }
      return answer;
    });
    const others = (app: AppName) => Object.fromEntries(APP_NAMES.map((other) => [other, other === app]));
    expect(privileges).toEqual({
      intake: { donorKeysSchema: true, readDonorKeys: true, changeDonorKeys: true, readApiKeys: true, changeApiKeys: true, ...others('intake') },
      compliance: { donorKeysSchema: false, readDonorKeys: false, changeDonorKeys: false, readApiKeys: true, changeApiKeys: false, ...others('compliance') },
      rewards: { donorKeysSchema: false, readDonorKeys: false, changeDonorKeys: false, readApiKeys: true, changeApiKeys: false, ...others('rewards') },
      reporting: { donorKeysSchema: true, readDonorKeys: true, changeDonorKeys: false, readApiKeys: true, changeApiKeys: false, ...others('reporting') },
    });
  });

  it('refuses compliance a donor key and a look into reporting, when it asks', async () => {
    await as(urlOf('hustings_compliance'), async (c) => {
      await expect(c.query('SELECT * FROM donor_keys.donor_keys')).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT * FROM reporting.read_model_migrations')).rejects.toThrow(/permission denied/);
    });
  });

  it('gives the ledger to intake, and to the other apps SELECT on every table and EXECUTE on its functions, nothing more', async () => {
    const catalog = await as(urlOf(null), async (c) => {
      const relations = await c.query<{ name: string; kind: string }>(
        `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ledger' AND c.relkind <> 'i' ORDER BY 1`,
      );
      const functions = await c.query<{ name: string }>(`SELECT p.oid::regprocedure::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'ledger' ORDER BY 1`);
      const owners = await c.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ledger'
         UNION SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'ledger'`,
      );
      const privileges: Record<string, Record<string, string[]>> = {};
      for (const role of ['hustings_compliance', 'hustings_rewards', 'hustings_reporting', 'hustings_nobody']) {
        const held: Record<string, string[]> = {};
        const schema = await c.query<{ usage: boolean; create: boolean }>(`SELECT has_schema_privilege($1, 'ledger', 'USAGE') AS usage, has_schema_privilege($1, 'ledger', 'CREATE') AS create`, [role]);
        held.schema = [...(schema.rows[0].usage ? ['USAGE'] : []), ...(schema.rows[0].create ? ['CREATE'] : [])];
        for (const { name } of relations.rows) {
          const { rows } = await c.query<{ privilege: string; held: boolean }>(
            `SELECT privilege, has_table_privilege($1, 'ledger.' || quote_ident($2), privilege) AS held FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS privilege`,
            [role, name],
          );
          held[name] = rows.filter((row) => row.held).map((row) => row.privilege);
        }
        for (const { name } of functions.rows) {
          const { rows } = await c.query<{ held: boolean }>(`SELECT has_function_privilege($1, $2, 'EXECUTE') AS held`, [role, name]);
          held[name] = rows[0].held ? ['EXECUTE'] : [];
        }
        privileges[role] = held;
      }
      return { relations: relations.rows, functions: functions.rows.map((f) => f.name), owners: owners.rows.map((o) => o.owner), privileges };
    });
    // Positions come from transaction ids: a sequence here would be a new object roles.sql must grant.
    expect(catalog.relations.filter((r) => r.kind !== 'r')).toEqual([]);
    expect(catalog.relations.map((r) => r.name)).toEqual(expect.arrayContaining(['events', 'streams', 'relay_checkpoints']));
    expect(catalog.functions.map((f) => f.split('(')[0])).toEqual(expect.arrayContaining(['ledger.append_groups']));
    expect(catalog.owners).toEqual(['hustings_intake']);
    const reader = Object.fromEntries([
      ['schema', ['USAGE']],
      ...catalog.relations.map((r) => [r.name, ['SELECT']]),
      ...catalog.functions.map((f) => [f, ['EXECUTE']]),
    ]);
    const nobody = Object.fromEntries([['schema', []], ...catalog.relations.map((r) => [r.name, []]), ...catalog.functions.map((f) => [f, []])]);
    expect(catalog.privileges).toEqual({ hustings_compliance: reader, hustings_rewards: reader, hustings_reporting: reader, hustings_nobody: nobody });
  });

  it('lets a writer append and read through the ledger under its own role, and refuses it a row written by hand', async () => {
    for (const app of ['compliance', 'rewards', 'reporting'] as AppName[]) {
      const { ledger, close } = await openLedgerOnly(configOf(app));
      try {
        const stream = `roles-spec-${app}-${randomUUID()}`;
        const appended = await ledger.append(stream, [newEvent('RolesSpecWritten', { app })], 'no_stream');
        expect({ app, revision: appended.nextExpectedRevision }).toEqual({ app, revision: 0 });
        expect((await ledger.readStream(stream)).map((event) => (event.payload as { app: string }).app)).toEqual([app]);
      } finally {
        await close();
      }
      await as(urlOf(`hustings_${app}`), async (c) => {
        await expect(c.query(`UPDATE ledger.streams SET revision = revision`)).rejects.toThrow(/permission denied/);
        await expect(c.query(`DELETE FROM ledger.events`)).rejects.toThrow(/permission denied/);
        await expect(c.query(`INSERT INTO ledger.relay_checkpoints (subscriber, position) VALUES ('x', 1)`)).rejects.toThrow(/permission denied/);
      });
    }
    await as(urlOf('hustings_nobody'), async (c) => {
      await expect(c.query('SELECT count(*) FROM ledger.events')).rejects.toThrow(/permission denied/);
    });
  });
});
