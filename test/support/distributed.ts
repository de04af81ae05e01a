import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { AppProcess, ensureBuilt, KafkaInstance, repo, waitUntil } from './processes.js';

/**
 * The distributed topology of test/distributed.e2e.spec.ts: a Kafka broker of its own, a fresh
 * PostgreSQL database (SQL ledger and every app's read models) and the four apps as separate
 * processes, with the client side an operator's load would have: donations posted
 * concurrently, retried under their idempotency key while intake is away.
 */
export const ADMIN_KEY = 'distributed-e2e-admin-key-0123456789abcdef';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type AppName = 'intake' | 'compliance' | 'rewards' | 'reporting';

export const api = (input: string, init: RequestInit = {}): Promise<Response> =>
  fetch(input, { ...init, headers: { ...((init.headers as Record<string, string> | undefined) ?? {}), authorization: `Bearer ${ADMIN_KEY}` } });

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export class DistributedTopology {
  readonly run = randomUUID().slice(0, 8);
  private readonly database = `hustings_e2e_${this.run}`;
  readonly url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${this.database}$1`);
  // A broker of this run's own: the test stops it on purpose, and parallel runs must not share it.
  readonly kafka = new KafkaInstance(`e2e-${this.run}`, 20_000 + Math.floor(Math.random() * 9_000) * 2);
  readonly apps = {} as Record<AppName, AppProcess>;
  readonly pool = new pg.Pool({ connectionString: this.url, max: 3 });

  async start(): Promise<void> {
    ensureBuilt();
    this.kafka.start();
    await adminQuery(`CREATE DATABASE ${this.database}`);
    const env = {
      BUS: 'kafka',
      KAFKA_BROKERS: this.kafka.brokers,
      KAFKA_PARTITIONS: '6',
      LEDGER: 'sql',
      LEDGER_SQL_URL: this.url,
      DATABASE_URL: this.url,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '20000',
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    };
    const logDir = resolve(repo, `.cache/e2e-logs/${this.run}`);
    let port = 3400 + Math.floor(Math.random() * 500);
    for (const app of ['intake', 'compliance', 'rewards', 'reporting'] as const) {
      this.apps[app] = new AppProcess(app, port++, { ...env, DATABASE_SCHEMA: app, KAFKA_CLIENT_ID: `${app}-${this.run}` }, logDir);
    }
    // One at a time: four Node processes starting together on two cores mostly wait on each other.
    for (const app of Object.values(this.apps)) await app.start();
  }

  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.apps).map((app) => app.kill().catch(() => undefined)));
    await this.pool.end().catch(() => undefined);
    try {
      this.kafka.remove();
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    }
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  /**
   * POST to intake, retried as any client of a payment API retries: on a refused connection or
   * a reset (intake killed, or an idle keep-alive socket it closed), and on 409
   * idempotency_key_in_flight (the first attempt died with intake and holds the key's lease,
   * IDEMPOTENCY_LEASE_MS, a minute). The idempotency key (the donation id) makes a retry of a
   * request that did land a replay of its answer.
   */
  async post(path: string, body: unknown): Promise<Response> {
    const key = (body as { donationId?: string }).donationId;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) };
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const response = await api(`${this.apps.intake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        if (response.status !== 409 || Date.now() > deadline) return response;
        const problem = (await response.clone().json()) as { code?: string };
        if (problem.code !== 'idempotency_key_in_flight') return response;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Sum of one gauge or counter over its label sets, from an app's /metrics. */
  async metric(app: AppName, name: string): Promise<number> {
    const text = await (await api(`${this.apps[app].url}/metrics`)).text();
    return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
  }

  /** Waits until every donation of the campaign has a decision and no consumer has anything left. */
  async settle(campaignId: string, donations: number): Promise<void> {
    const decided = async (): Promise<number> =>
      Number(
        (
          await this.query<{ n: string }>(
            `SELECT count(DISTINCT stream_id) AS n FROM ledger.events
             WHERE type IN ('DonationAccepted', 'DonationRejected', 'DonationFlagged') AND payload::jsonb->>'campaignId' = $1`,
            [campaignId],
          )
        )[0].n,
      );
    await this.explained(() => waitUntil(`a decision for each of ${donations} donations`, async () => (await decided()) >= donations, 300_000, 1_000), async () => `${await decided()} decided`);
    await this.explained(() =>
      waitUntil(
        'the consumers to catch up',
        async () =>
          (await this.metric('reporting', 'hustings_consumer_lag_messages')) === 0 &&
          (await this.metric('rewards', 'hustings_consumer_lag_messages')) === 0 &&
          (await this.metric('compliance', 'hustings_consumer_lag_messages')) === 0,
        120_000,
        500,
      ),
    );
  }

  /**
   * A wait that times out says where the pipeline stands: each consumer's lag, the relay's
   * published count, and the last warnings and errors each app logged (its log holds no more).
   */
  private async explained(wait: () => Promise<unknown>, progress: () => Promise<string> = async () => ''): Promise<void> {
    try {
      await wait();
    } catch (error) {
      // Each probe answers within seconds: an app that hangs must not eat the test's own timeout.
      const probe = (work: Promise<unknown>): Promise<string> =>
        Promise.race([work.then(String, (e: unknown) => `unknown (${String(e)})`), new Promise<string>((done) => setTimeout(() => done('no answer in 5 s'), 5_000).unref())]);
      const state: string[] = [await probe(progress())];
      for (const app of ['compliance', 'rewards', 'reporting'] as const) state.push(`${app} lag ${await probe(this.metric(app, 'hustings_consumer_lag_messages'))}`);
      state.push(`relay published ${await probe(this.metric('intake', 'hustings_relay_published_total'))}`);
      const logs = (['intake', 'compliance', 'rewards', 'reporting'] as const).map((app) => `--- ${app}, last lines of ${this.apps[app].logPath}\n${lastLines(this.apps[app].logPath, 15)}`);
      throw new Error(`${(error as Error).message}\n${state.join('; ')}\n${logs.join('\n')}`, { cause: error });
    }
  }
}

/** The last lines of a log, each cut to 400 characters. */
function lastLines(path: string, count: number): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-count).map((line) => line.slice(0, 400)).join('\n');
}
