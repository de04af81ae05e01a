import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { apiDocument, apisOf, APP_NAMES, DevRouter, routesOfModule } from '#platform';
import { appModules } from './app-modules.js';

/**
 * `npm run dev:distributed`: the four apps as four processes against a local Kafka and
 * PostgreSQL, as in production, behind one address (a small router) so that a client never
 * needs to know which app serves which route. For a developer's machine only.
 *
 *   KAFKA_BROKERS   default: starts deploy/kafka.sh's broker and uses 127.0.0.1:${KAFKA_PORT:-19092}
 *   DATABASE_URL    default postgres://postgres@127.0.0.1:5432/hustings (created when missing)
 *   PORT            the router's port, default 3000; the apps take the next four
 *   HUSTINGS_BOOTSTRAP_ADMIN_KEY  default: one made on the first start, kept in data/distributed/admin.key
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const env = process.env;
const routerPort = Number(env.PORT ?? 3000);
const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hustings';
const say = (line: string): void => void process.stderr.write(`dev:distributed: ${line}\n`);

function brokers(): string {
  if (env.KAFKA_BROKERS) return env.KAFKA_BROKERS;
  say('starting the local Kafka broker (deploy/kafka.sh start)');
  execFileSync('bash', [join(repo, 'deploy/kafka.sh'), 'start'], { stdio: ['ignore', 'inherit', 'inherit'] });
  return `127.0.0.1:${env.KAFKA_PORT ?? 19092}`;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      say(`creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

function adminKey(): string {
  if (env.HUSTINGS_BOOTSTRAP_ADMIN_KEY) return env.HUSTINGS_BOOTSTRAP_ADMIN_KEY;
  const file = join(repo, 'data/distributed/admin.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(36).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function ready(url: string, child: ChildProcess, app: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
    if ((await fetch(`${url}/health/ready`).then((r) => r.status, () => 0)) === 200) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${app} not ready in 120 s`);
}

const kafkaBrokers = brokers();
await ensureDatabase(databaseUrl);
const key = adminKey();
const children = new Map<string, ChildProcess>();
const targets = APP_NAMES.map((app, index) => ({ app, url: `http://127.0.0.1:${routerPort + 1 + index}` }));
for (const [index, app] of APP_NAMES.entries()) {
  const child = spawn(process.execPath, [join(repo, `dist/apps/${app}/main.js`)], {
    cwd: repo,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...env,
      HUSTINGS_APPS: app,
      PORT: String(routerPort + 1 + index),
      HOST: '127.0.0.1',
      BUS: 'kafka',
      KAFKA_BROKERS: kafkaBrokers,
      KAFKA_CLIENT_ID: `hustings-dev-${app}`,
      LEDGER: 'sql',
      LEDGER_SQL_URL: env.LEDGER_SQL_URL ?? databaseUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: app,
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: key,
    },
  });
  children.set(app, child);
}
const stop = (code: number) => {
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 100).unref();
};
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
try {
  await Promise.all(targets.map(({ app, url }) => ready(url, children.get(app)!, app)));
} catch (error) {
  say(`${error instanceof Error ? error.message : String(error)}; stopping`);
  stop(1);
}
const modules = await appModules([...APP_NAMES]);
const router = new DevRouter(
  targets.map((target, index) => ({ target, routes: routesOfModule(modules[index]) })),
  targets,
  apiDocument(apisOf(modules)),
);
createServer(router.handle).listen(routerPort, '127.0.0.1', () => {
  say(`ready: http://127.0.0.1:${routerPort} (intake, compliance, rewards, reporting on ${targets.map((t) => t.url.split(':').at(-1)).join(', ')})`);
  say(`admin API key: ${env.HUSTINGS_BOOTSTRAP_ADMIN_KEY ? '$HUSTINGS_BOOTSTRAP_ADMIN_KEY' : 'data/distributed/admin.key'}; Ctrl-C stops everything`);
});
for (const [app, child] of children) child.once('exit', (code) => code !== null && code !== 0 && (say(`${app} exited with ${code}; stopping`), stop(1)));
