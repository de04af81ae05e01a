// The fault suite's distributed topology: the benchmark's launcher (scripts/bench/topology.mjs:
// a broker of its own from deploy/kafka.sh, a fresh database, the four apps as separate
// processes) on a PostgreSQL server of its own (it is restarted on purpose), with compliance
// reaching the broker through a proxy that can cut it off, and every app able to have its
// wall clock stepped (clock-step.mjs).

import { randomUUID } from 'node:crypto';
import { URL } from 'node:url';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, httpClient, sleep } from '../bench/common.mjs';
import { AppProcess, BenchBroker, BenchDatabase, appEnv } from '../bench/topology.mjs';
import { CuttableProxy } from './broker-proxy.mjs';
import { PrivatePostgres } from './postgres.mjs';

export const WEBHOOK_SECRET = 'chaos-webhook-secret-0123456789abcdef0123456789';
const PARTITIONS = 6;
const CLOCK_STEP = new URL('./clock-step.mjs', import.meta.url).pathname;

export class ChaosTopology {
  constructor(root) {
    this.root = root;
    this.run = randomUUID().slice(0, 8);
    this.apps = {};
    this.logDir = join(root, '.cache/chaos/logs', this.run);
  }

  async start(say) {
    this.postgres = new PrivatePostgres(await freePort());
    say(`PostgreSQL of its own on 127.0.0.1:${this.postgres.port} (${this.postgres.bin})`);
    await this.postgres.start();
    this.db = new BenchDatabase(this.postgres.adminUrl, this.run);
    await this.db.create();
    // Restarting PostgreSQL cuts the pool's idle connections; the pool reports it, the suite goes on.
    this.db.pool.on('error', () => undefined);
    const kafkaPort = 20_000 + Math.floor(Math.random() * 9_000) * 3;
    const proxyPort = await freePort();
    this.broker = new BenchBroker(this.root, kafkaPort, `chaos-${this.run}`, { KAFKA_PROXIED_PORT: String(kafkaPort + 2), KAFKA_PROXIED_ADVERTISED_PORT: String(proxyPort) });
    await this.broker.start();
    this.proxy = new CuttableProxy(proxyPort, kafkaPort + 2);
    await this.proxy.listen();
    for (const name of ['intake', 'compliance', 'rewards', 'reporting']) await this.startApp(name, say);
  }

  /** `name`: an app, or `compliance-2` for a second replica; compliance's replicas reach the broker through the proxy. */
  async startApp(name, say = () => undefined) {
    const app = name.replace(/-\d+$/, '');
    if (!this.apps[name]) {
      const port = await freePort();
      const brokers = app === 'compliance' ? `127.0.0.1:${this.proxy.listenPort}` : this.broker.brokers;
      const env = {
        ...appEnv(app, port, { brokers, partitions: PARTITIONS, databaseUrl: this.db.url, run: this.run, name }),
        HUSTINGS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        NODE_OPTIONS: `--import ${CLOCK_STEP}`,
        // The client's own retries: a replay of a donation is 202 with its first answer.
        RATE_LIMIT_PER_SECOND: '1000000',
      };
      this.apps[name] = new AppProcess(this.root, app, port, env, this.logDir, name);
    }
    const ms = await this.apps[name].start(180_000);
    say(`${name} on port ${this.apps[name].port} ready in ${ms} ms`);
  }

  client(name) {
    return httpClient(this.apps[name].port, 32);
  }

  /** Sum of a counter or gauge over its series in an app's /metrics (null when it does not answer). */
  async metric(name, metric) {
    const client = this.client(name);
    try {
      const res = await client.request('GET', '/metrics');
      const text = typeof res.body === 'string' ? res.body : '';
      return [...text.matchAll(new RegExp(`^${metric}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    } catch {
      return null;
    } finally {
      client.close();
    }
  }

  async query(sql, params) {
    return (await this.db.query(sql, params)).rows;
  }

  /** A connection of its own, outside the pool (DDL of a fault: a trigger on the ledger). */
  async adminSql(sql) {
    const client = new pg.Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  /** Messages ever written to a topic (high minus low watermark, summed over partitions). */
  async topicSize(topic) {
    const admin = this.broker.kafka(`chaos-admin-${this.run}`).admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) return 0;
      return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Restarts the database pool after PostgreSQL restarted (its idle connections were cut). */
  async reopenPool() {
    await this.db.pool.end().catch(() => undefined);
    this.db.pool = new pg.Pool({ connectionString: this.db.url, max: 2, application_name: 'hustings-chaos' });
    this.db.pool.on('error', () => undefined);
    await sleep(100);
  }

  async dispose() {
    await Promise.all(Object.values(this.apps).map((app) => app.kill().catch(() => undefined)));
    await this.proxy?.close().catch(() => undefined);
    this.broker?.stop(false);
    if (this.broker) rmSync(join(this.root, '.cache/kafka/instances', this.broker.instance), { recursive: true, force: true });
    await this.db?.pool?.end().catch(() => undefined);
    await this.postgres?.stop();
  }
}
