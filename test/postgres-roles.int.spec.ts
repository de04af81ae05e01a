import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { APP_NAMES, loadConfig, openInfrastructure, tablesOf, type AppName } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';

/**
 * deploy/postgres/roles.sql on a fresh database: each app starts under its own role (its
 * migrations run), and then each can reach its own schema and what the design shares with it,
 * nothing else: donor keys only for intake (owner) and reporting (read), API keys read by all.
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

describe('PostgreSQL roles per app (deploy/postgres/roles.sql)', () => {
  const ledgerDb = `${database}_ledger`;

  beforeAll(async () => {
    await as(admin, async (c) => {
      await c.query(`CREATE DATABASE ${database}`);
      await c.query(`CREATE DATABASE ${ledgerDb}`);
    });
    // Twice: it must be idempotent (it is run again after upgrades).
    await as(urlOf(null), (c) => c.query(ROLES_SQL));
    await as(urlOf(null), (c) => c.query(ROLES_SQL));
  });

  afterAll(async () => {
    await as(admin, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS ${ledgerDb} WITH (FORCE)`);
    });
  });

  it('lets each app start under its own role, intake first', async () => {
    for (const app of ['intake', 'compliance', 'rewards', 'reporting'] as AppName[]) {
      const config = loadConfig(
        {
          BUS: 'memory',
          HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true',
          LEDGER_SQL_URL: urlOf(null, ledgerDb),
          DATABASE_URL: urlOf(`hustings_${app}`),
          DATABASE_SCHEMA: app,
          DONOR_ID_KEY: 'roles-spec-donor-id-key-of-32-chars!!',
          PII_MASTER_KEY: randomBytes(32).toString('base64'),
          RECURRING_TICK_MS: '0',
        },
        [app],
      );
      const infrastructure = await openInfrastructure(config, tablesOf(await appModules([app])));
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
});
