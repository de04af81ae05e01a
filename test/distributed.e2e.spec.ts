import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { PgDatabase } from '#persistence';
import { donationStreamId } from '#contracts';
import { SqlLedgerStore, verifyStreamChain } from '#ledger';
import { AppProcess, ensureBuilt, KafkaInstance, repo, waitUntil } from './support/processes.js';

/**
 * The distributed mode as an operator runs it: four processes (`node dist/apps/<app>/main.js`)
 * talking through a real Kafka broker, the SQL ledger and the read models on a real
 * PostgreSQL server. While 1,000 donations arrive, compliance is SIGKILLed and restarted,
 * and the broker is stopped for ten seconds; afterwards every donation is decided exactly
 * once and the totals are what the FEC limit allows.
 */
/** Stored by whichever app starts first (they share the key table); every call presents it. */
const ADMIN_KEY = 'distributed-e2e-admin-key-0123456789abcdef';
const api = (input: string, init: RequestInit = {}): Promise<Response> =>
  fetch(input, { ...init, headers: { ...((init.headers as Record<string, string> | undefined) ?? {}), authorization: `Bearer ${ADMIN_KEY}` } });
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DONORS = 100;
const GIFTS_PER_DONOR = 10;
// $500.00: seven reach the $3,500 limit exactly; the next three find no headroom left, so none
// is split (a split keeps part of a gift only while headroom remains) and all three are rejected.
const GIFT = 50_000;

describe('distributed mode: four processes, Kafka and PostgreSQL', () => {
  const run = randomUUID().slice(0, 8);
  const database = `hustings_e2e_${run}`;
  const url = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
  // A broker of this run's own: the test stops it on purpose, and parallel runs must not share it.
  const kafka = new KafkaInstance(`e2e-${run}`, 20_000 + Math.floor(Math.random() * 9_000) * 2);
  const logDir = resolve(repo, `.cache/e2e-logs/${run}`);
  const apps: Record<'intake' | 'compliance' | 'rewards' | 'reporting', AppProcess> = {} as never;

  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    ensureBuilt();
    kafka.start();
    await admin(`CREATE DATABASE ${database}`);
    const env = {
      BUS: 'kafka',
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_PARTITIONS: '6',
      LEDGER: 'sql',
      LEDGER_SQL_URL: url,
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '20000',
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    };
    let port = 3400 + Math.floor(Math.random() * 500);
    for (const app of ['intake', 'compliance', 'rewards', 'reporting'] as const) {
      apps[app] = new AppProcess(app, port++, { ...env, DATABASE_SCHEMA: app, KAFKA_CLIENT_ID: `${app}-${run}` }, logDir);
    }
    // One at a time: four Node processes starting together on two cores mostly wait on each other.
    for (const app of Object.values(apps)) await app.start();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.kill().catch(() => undefined)));
    try {
      kafka.remove();
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }, 120_000);

  // A client retries on a dropped connection (an idle keep-alive socket the server closed),
  // as any client of a payment API should; the donation id makes the retry harmless.
  const post = async (path: string, body: unknown, attempt = 1): Promise<Response> => {
    try {
      // Donations need an Idempotency-Key; the donation id serves, so a retried POST replays.
      const key = (body as { donationId?: string }).donationId;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) };
      return await api(`${apps.intake.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    } catch (error) {
      if (attempt >= 3) throw error;
      return post(path, body, attempt + 1);
    }
  };

  it('decides 1,000 donations exactly once through a compliance crash and a broker outage', async () => {
    expect((await post('/v1/committees', {
      committeeId: `cmte-${run}`,
      name: 'Distributed for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'general-2026',
    })).status).toBe(201);
    expect((await post('/v1/campaigns', { campaignId: `camp-${run}`, committeeId: `cmte-${run}`, name: 'Surge', currency: 'USD' })).status).toBe(201);

    const donations = Array.from({ length: DONORS * GIFTS_PER_DONOR }, (_, i) => ({
      donationId: `don-${run}-${i}`,
      donor: i % DONORS,
    }));
    const sendRange = async (from: number, to: number): Promise<void> => {
      let next = from;
      const worker = async (): Promise<void> => {
        for (let index = next++; index < to; index = next++) {
          const { donationId, donor } = donations[index];
          const response = await post(`/v1/campaigns/camp-${run}/donations`, {
            donationId,
            amountMinor: GIFT,
            currency: 'USD',
            donor: {
              type: 'individual',
              name: `Donor Number ${donor}`,
              address: { postalCode: `1${String(donor).padStart(4, '0')}` },
              // Without it an FEC committee's compliance flags the donation instead of deciding it.
              attestations: { usCitizenOrPermanentResident: true },
            },
            payment: { method: 'card', pspReference: `ch_${donationId}` },
          });
          expect(response.status).toBe(202);
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
    };
    await sendRange(0, 250);
    await apps.compliance.kill(); // mid-stream: whatever it had not committed is redelivered
    await sendRange(250, 400);
    await apps.compliance.start();
    await sendRange(400, 600);
    kafka.stop();
    const brokerDownAt = Date.now();
    // Intake keeps taking donations into the ledger while the broker is away.
    await sendRange(600, 800);
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - brokerDownAt))));
    kafka.start();
    await sendRange(800, 1000);

    // Settled: every donation has a decision in the ledger, and no consumer has anything left.
    const db = new PgDatabase({ url, poolSize: 2 });
    const decided = async (): Promise<number> =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger.events WHERE type IN ('DonationAccepted', 'DonationRejected')`)).rows[0].n);
    const lagOf = async (app: AppProcess): Promise<number> =>
      [...(await (await api(`${app.url}/metrics`)).text()).matchAll(/^hustings_consumer_lag_messages\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    try {
      await waitUntil('a decision for every donation', async () => (await decided()) >= 1000, 300_000, 1_000);
      await waitUntil('the read models to catch up', async () => (await lagOf(apps.reporting)) === 0 && (await lagOf(apps.rewards)) === 0, 120_000, 500);
    } catch (error) {
      await db.close();
      throw error;
    }
    const totals = (await (await api(`${apps.reporting.url}/v1/campaigns/camp-${run}/totals`)).json()) as Record<string, unknown>;
    expect(totals).toMatchObject({ raisedMinor: 35_000_000, netMinor: 35_000_000, donationCount: 700, uniqueDonors: DONORS, currency: 'USD' });

    // Every donation decided once, in the ledger itself.
    try {
      const { rows: decisions } = await db.query<{ type: string; n: string }>(
        `SELECT type, count(*) AS n FROM ledger.events WHERE type IN ('DonationReceived', 'DonationAccepted', 'DonationRejected') GROUP BY type ORDER BY type`,
      );
      expect(Object.fromEntries(decisions.map((row) => [row.type, Number(row.n)]))).toEqual({
        DonationAccepted: 700,
        DonationReceived: 1000,
        DonationRejected: 300,
      });
      const { rows: twice } = await db.query(
        `SELECT stream_id FROM ledger.events WHERE type IN ('DonationAccepted', 'DonationRejected') GROUP BY stream_id HAVING count(*) > 1`,
      );
      expect(twice).toEqual([]);
      const ledger = await SqlLedgerStore.open(db);
      try {
        for (const { donationId } of donations.slice(0, 50)) {
          expect(verifyStreamChain(await ledger.readStream(donationStreamId(donationId)))).toMatchObject({ ok: true });
        }
      } finally {
        await ledger.close();
      }
    } finally {
      await db.close();
    }

    // Per donor: seven accepted, three rejected for the limit, whatever order they came in.
    const statuses = await Promise.all(
      donations.filter((d) => d.donor < 10).map(async ({ donationId, donor }) => {
        const body = (await (await api(`${apps.intake.url}/v1/donations/${donationId}`)).json()) as { status: string; rejection?: { code?: string } | null };
        return { donor, status: body.status, code: body.rejection?.code ?? null };
      }),
    );
    for (let donor = 0; donor < 10; donor++) {
      const mine = statuses.filter((s) => s.donor === donor);
      expect(mine.filter((s) => s.status === 'accepted')).toHaveLength(7);
      expect(mine.filter((s) => s.status === 'rejected').map((s) => s.code)).toEqual(Array(3).fill('donor_exceeds_election_limit'));
    }

    // Nothing went to a dead-letter topic, and every app drains and exits cleanly.
    for (const app of Object.values(apps)) {
      const metrics = await (await api(`${app.url}/metrics`)).text();
      expect(metrics).not.toMatch(/^hustings_dead_letters_total\{.*\} [1-9]/m);
    }
    for (const app of Object.values(apps)) expect(await app.stop()).toBe(0);
  }, 900_000);
});
