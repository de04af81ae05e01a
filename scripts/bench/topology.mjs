// The distributed topology for the benchmark: a Kafka broker of the bench's own (deploy/kafka.sh,
// KAFKA_INSTANCE=bench), a fresh PostgreSQL database, and the four apps as separate processes
// (`node dist/apps/<app>/main.js`), configured as README "Distributed mode" describes.

import { execFile, execFileSync, spawn } from 'node:child_process';
import console from 'node:console';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { BENCH_ADMIN_KEY, BENCH_DONOR_ID_KEY, httpClient, logTail, round, sleep } from './common.mjs';
import { startNodeFlags } from '../node-flags.mjs';

export const APPS = ['intake', 'compliance', 'rewards', 'reporting'];
/** The consumer groups the apps form (libs/platform CONSUMER_GROUPS). */
export const GROUPS = ['compliance', 'rewards', 'reporting'];

// ---------------------------------------------------------------------------------------
// Kafka
// ---------------------------------------------------------------------------------------

/**
 * The bench's own broker: the apps' topic and group names are fixed (hustings.*.v1, one group
 * per app), so sharing the test broker would mix the bench's messages with a test's, and other
 * work on it would blur the figures. Reused when it already runs (then emptied of the apps'
 * topics and groups, so no message of an earlier run reaches this one's ledger).
 */
export class BenchBroker {
  /** `instance`: deploy/kafka.sh's KAFKA_INSTANCE; `extraEnv`: more of its settings (the fault suite's proxied listener). */
  constructor(root, port, instance = 'bench', extraEnv = {}) {
    this.root = root;
    this.port = port;
    this.instance = instance;
    this.extraEnv = extraEnv;
    this.startedHere = false;
  }

  get brokers() {
    return `127.0.0.1:${this.port}`;
  }

  get env() {
    return { ...process.env, ...this.extraEnv, KAFKA_INSTANCE: this.instance, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.port + 1) };
  }

  run(command) {
    return execFileSync('bash', [join(this.root, 'deploy/kafka.sh'), command], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  }

  /** As run(), without blocking this process's event loop (its clients go on meanwhile). */
  runAsync(command) {
    return new Promise((resolve, reject) => {
      execFile('bash', [join(this.root, 'deploy/kafka.sh'), command], { env: this.env, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`deploy/kafka.sh ${command}: ${stderr || error.message}`)) : resolve(stdout)));
    });
  }

  running() {
    try {
      this.run('status');
      return true;
    } catch {
      return false;
    }
  }

  async start() {
    const began = performance.now();
    if (this.running()) {
      console.log(`  reusing the bench broker on ${this.brokers}; removing the apps' topics and groups of earlier runs`);
      await this.reset();
    } else {
      console.log(`  starting a broker of its own on ${this.brokers} (deploy/kafka.sh, KAFKA_INSTANCE=${this.instance})`);
      try {
        this.run('start');
      } catch (error) {
        throw new Error(`deploy/kafka.sh start failed:\n${error.stderr || error.stdout || error.message}`, { cause: error });
      }
      this.startedHere = true;
    }
    return round(performance.now() - began, 0);
  }

  /** Deletes the hustings topics and the apps' groups, and waits until the broker forgot them. */
  async reset() {
    const admin = this.kafka('bench-reset').admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith('hustings.') || t.startsWith('bench.'));
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => GROUPS.includes(g) || g.startsWith('bench-'));
      if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
      if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
      const deadline = Date.now() + 60_000;
      while ((await admin.listTopics()).some((t) => topics.includes(t))) {
        if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} still exist 60 s after their deletion`);
        await sleep(250);
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops and wipes the broker when this run started it, unless asked to keep it for the next. */
  stop(keep) {
    if (!this.startedHere || keep) return;
    try {
      this.run('clean');
    } catch (error) {
      console.error(`  could not stop the bench broker: ${error.message}`);
    }
  }

  kafka(clientId) {
    return new Kafka({ clientId, brokers: [this.brokers], logLevel: logLevel.ERROR, retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 } });
  }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------

/** A database of this run's own (the SQL ledger's schema name is fixed, `ledger`), dropped after. */
export class BenchDatabase {
  constructor(adminUrl, run) {
    this.adminUrl = adminUrl;
    this.name = `hustings_bench_${run}`;
    this.url = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${this.name}$1`);
    this.pool = null;
  }

  async admin(sql) {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  async create() {
    await this.admin(`CREATE DATABASE ${this.name}`);
    this.pool = new pg.Pool({ connectionString: this.url, max: 2, application_name: 'hustings-bench' });
  }

  query(sql, params) {
    return this.pool.query(sql, params);
  }

  async drop() {
    await this.pool?.end().catch(() => undefined);
    // BENCH_KEEP_DATABASE=1: leave it for inspection (psql -d <name>), dropped by hand after.
    if (process.env.BENCH_KEEP_DATABASE === '1') return console.log(`  kept database ${this.name} (BENCH_KEEP_DATABASE=1)`);
    await this.admin(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`).catch((e) => console.error(`  could not drop database ${this.name}: ${e.message}`));
  }
}

// ---------------------------------------------------------------------------------------
// The apps
// ---------------------------------------------------------------------------------------

/** One app as its own process, its output in `<logDir>/<app>.log`. */
export class AppProcess {
  /** `name`: the app's name, or e.g. `compliance-2` for a second replica of it. */
  constructor(root, app, port, env, logDir, name = app) {
    Object.assign(this, { root, app, port, env, logDir, name });
    this.child = null;
    this.exited = null;
    this.client = httpClient(port, 64);
  }

  get logFile() {
    return join(this.logDir, `${this.name}.log`);
  }

  async start(timeoutMs = 120_000) {
    const main = join(this.root, `dist/apps/${this.app}/main.js`);
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const began = performance.now();
    if (this.client.closed) this.client = httpClient(this.port, 64);
    this.child = spawn(process.execPath, [...benchNodeArgs(), main], { cwd: this.root, env: this.env, stdio: ['ignore', log, log] });
    closeSync(log); // the child has its own copy
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal, at: performance.now() })));
    let exit = null;
    void this.exited.then((e) => (exit = e));
    while (performance.now() - began < timeoutMs) {
      if (exit) throw new Error(`${this.app} exited (code ${exit.code}, signal ${exit.signal}) before ready:\n${logTail(this.logFile)}`);
      const res = await this.client.request('GET', '/health/ready').catch(() => null);
      if (res?.status === 200) return round(performance.now() - began, 0);
      await sleep(200);
    }
    throw new Error(`${this.app} not ready within ${timeoutMs} ms:\n${logTail(this.logFile)}`);
  }

  /** SIGKILL: no drain, no commit; the next owner of its partitions gets the work again. */
  async kill() {
    if (!this.child) return;
    this.client.close();
    this.client.closed = true;
    this.child.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** SIGTERM (graceful: drain, commit), then the exit code and how long it took. */
  async stop(timeoutMs = 60_000) {
    this.client.close();
    this.client.closed = true;
    if (!this.child) return null;
    const sent = performance.now();
    this.child.kill('SIGTERM');
    const exit = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
    const child = this.child;
    this.child = null;
    if (exit) return { exitCode: exit.code, signal: exit.signal, shutdownMs: round(exit.at - sent, 0) };
    child.kill('SIGKILL');
    const killed = await this.exited;
    return { exitCode: killed.code, signal: killed.signal, shutdownMs: null, note: `no exit within ${timeoutMs} ms, killed` };
  }
}

/**
 * The environment of one app, from nothing but PATH: whatever the caller's shell exports
 * (an embedded DATA_DIR, another broker), the bench runs the documented distributed mode.
 */
export function appEnv(app, port, { brokers, partitions, databaseUrl, run, name = app }) {
  return {
    PATH: process.env.PATH ?? '',
    HUSTINGS_APPS: app,
    PORT: String(port),
    HOST: '127.0.0.1',
    BUS: 'kafka',
    KAFKA_BROKERS: brokers,
    KAFKA_PARTITIONS: String(partitions),
    KAFKA_CLIENT_ID: `bench-${name}-${run}`,
    LEDGER: 'sql',
    LEDGER_SQL_URL: databaseUrl,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: app,
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '20000',
    DONOR_ID_KEY: BENCH_DONOR_ID_KEY,
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    // The bench measures the pipeline, not the per-key limit.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...benchAppEnv(),
  };
}

/**
 * The node flags `npm start` runs the platform with (package.json "start"), so every app the
 * bench starts runs as it does in production, then BENCH_NODE_ARGS: extra flags (--cpu-prof
 * --cpu-prof-dir=..., or --no-single-threaded-gc to measure without the production one).
 */
export function benchNodeArgs() {
  return [...startNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}

/**
 * BENCH_APP_ENV: settings given to every app the bench starts, to compare variants of one build
 * (`KAFKA_FETCH_MIN_BYTES=1,KAFKA_FETCH_MAX_WAIT_MS=250`).
 */
export function benchAppEnv() {
  const pairs = (process.env.BENCH_APP_ENV ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`BENCH_APP_ENV: ${pair} is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
