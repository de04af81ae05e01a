// Benchmarks: figures to read, never assertions. `npm run bench` builds first, then runs
//
//   1. ledger       SqlLedgerStore.append on embedded PGlite (temp dir) and on a PostgreSQL
//                   server (BENCH_DATABASE_URL, fresh schema dropped afterwards): one appender,
//                   16 appenders on distinct streams, 16 appenders contending on one stream;
//   2. platform     `node dist/main.js` (all four apps, embedded) as a child process: donation
//                   intake over HTTP, time until compliance decided every donation and the
//                   reporting totals show it, CPU ms per donation, peak RSS, shutdown on
//                   SIGTERM; then the anchor (a bare handler, one INSERT per request,
//                   scripts/bench/anchor.mjs) with the same load, beside intake;
//   3. distributed  the four apps as separate processes (`node dist/apps/<app>/main.js`) on a
//                   Kafka broker of the bench's own (deploy/kafka.sh, KAFKA_INSTANCE=bench) and
//                   a fresh PostgreSQL database: donations/s and latency from the intake request
//                   until reporting shows the donation, CPU ms per donation of every process
//                   (apps, broker, PostgreSQL; scripts/bench/cpu.mjs) and SQL round trips per
//                   donation per app (a counting proxy, scripts/bench/sql-proxy.mjs); then the
//                   anchor with the same load, and raw kafkajs produce+consume on the same
//                   broker with messages of the same size, and the ratio of the two
//                   (scripts/bench/distributed.mjs). With BENCH_REPLICAS=1,2: once with one
//                   process of each consumer, once with two, side by side, and for each the
//                   cost per partition and the partitions and machines a surge needs
//                   (scripts/bench/scale-out.mjs);
//   4. replay       a raw sequential read of the ledger's table beside a replay of every read
//                   model, on BENCH_REPLAY_EVENTS events (scripts/bench/replay.mjs).
//
// Seeded history (scripts/bench/seed.mjs): BENCH_SEED_EVENTS, BENCH_DONOR_HISTORY,
// BENCH_HISTORY_DONORS, BENCH_SHARED_ADDRESS_DONORS make the platform and distributed runs
// twice, fresh and seeded, side by side (BENCH_FRESH_BASELINE=0: seeded only).
//
// Results are printed as tables and written to .cache/bench/<timestamp>.json.
//
//   node scripts/bench.mjs [--only ledger|platform|distributed|replay]
//
// Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
// BENCH_DONATIONS (2000), BENCH_DURATION_S (unset: distributed posts for this many seconds
// instead of BENCH_DONATIONS donations), BENCH_LEDGER_APPENDS (2000, appends per ledger case),
// BENCH_HTTP_CONCURRENCY (32), BENCH_DONORS (500, the donors the measured donations come from in turn),
// BENCH_KAFKA_PORT (19392, the bench broker; +1 its controller),
// BENCH_KAFKA_PARTITIONS (6, the apps' default), BENCH_KAFKA_MESSAGES (20000, raw baseline),
// BENCH_POLL_MS (20, reporting visibility poll), BENCH_APP_ENV (NAME=value,... given to every app), BENCH_TIMEOUT_MS (600000),
// BENCH_KEEP_KAFKA=1 (leave the bench broker running for the next run), BENCH_KEEP_DATABASE=1 (leave the
// distributed run's database for inspection; drop it by hand), BENCH_NODE_ARGS (extra
// node flags for the embedded platform and every distributed app, after the flags of package.json
// "start" that every app is started with: e.g. --cpu-prof, or --no-single-threaded-gc), BENCH_REPLICAS (1, or a list: 1,2),
// BENCH_REPLAY_EVENTS (100000), BENCH_SURGES (100,500,2000), BENCH_MACHINE_CORES (this machine's),
// KAFKA_CACHE_DIR (where deploy/kafka.sh keeps the broker's jars).

// Node's globals come from their modules: the repository's ESLint config has no Node environment.
import { spawn } from 'node:child_process';
import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BENCH_ADMIN_KEY,
  BENCH_DONOR_ID_KEY,
  createCampaign,
  donationPlan,
  expectStatus,
  expectedOutcome,
  freePort,
  httpClient,
  logTail,
  machine,
  pool,
  positiveInt,
  printFigures,
  printTable,
  processFigures,
  redact,
  round,
  sleep,
  summarize,
  timed,
} from './bench/common.mjs';
import { benchAnchor } from './bench/anchor.mjs';
import { cpuTicks } from './bench/cpu.mjs';
import { benchDistributed } from './bench/distributed.mjs';
import { printDistributed, printDistributedComparison } from './bench/print-distributed.mjs';
import { benchReplay } from './bench/replay.mjs';
import { describeHistory, hasHistory, historySettings, measuredPlanOptions, postHistory, seedLedger } from './bench/seed.mjs';
import { benchAppEnv, benchNodeArgs } from './bench/topology.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_MAIN = join(ROOT, 'dist/main.js');

const settings = {
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  donations: positiveInt('BENCH_DONATIONS', 2000),
  // Distributed only: post for this many seconds instead of BENCH_DONATIONS donations.
  durationS: process.env.BENCH_DURATION_S ? positiveInt('BENCH_DURATION_S', 60) : null,
  ledgerAppends: positiveInt('BENCH_LEDGER_APPENDS', 2000),
  appenders: 16,
  httpConcurrency: positiveInt('BENCH_HTTP_CONCURRENCY', 32),
  // BENCH_DONORS: how many donors the measured donations come from (each gives in turn).
  donors: positiveInt('BENCH_DONORS', 500),
  kafkaPort: positiveInt('BENCH_KAFKA_PORT', 19392),
  partitions: positiveInt('BENCH_KAFKA_PARTITIONS', 6),
  kafkaMessages: positiveInt('BENCH_KAFKA_MESSAGES', 20_000),
  pollMs: positiveInt('BENCH_POLL_MS', 20),
  timeoutMs: positiveInt('BENCH_TIMEOUT_MS', 600_000),
  keepKafka: process.env.BENCH_KEEP_KAFKA === '1',
  // Seeded history (scripts/bench/seed.mjs): BENCH_SEED_EVENTS, BENCH_DONOR_HISTORY,
  // BENCH_HISTORY_DONORS, BENCH_SHARED_ADDRESS_DONORS. With any of them, the platform and the
  // distributed runs are made on a fresh ledger first, then on the seeded one (unless
  // BENCH_FRESH_BASELINE=0), and printed side by side.
  history: historySettings(),
  freshBaseline: process.env.BENCH_FRESH_BASELINE !== '0',
  // Distributed: consumer replicas per run, e.g. "1,2" runs the topology once with one process
  // of each consumer and once with two in the same consumer groups, and compares them.
  replicasList: replicasList(process.env.BENCH_REPLICAS || '1'),
  replayEvents: positiveInt('BENCH_REPLAY_EVENTS', 100_000),
};

function replicasList(raw) {
  const list = raw.split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 1 || n > 4)) {
    console.error(`bench: BENCH_REPLICAS=${raw} must be a list of 1 to 4, e.g. 1,2`);
    process.exit(2);
  }
  return list;
}

/** Fresh, then seeded when a history is asked for (the fresh baseline unless BENCH_FRESH_BASELINE=0). */
function historyVariants() {
  if (!hasHistory(settings.history)) return [settings.history];
  const fresh = { ...settings.history, seedEvents: 0, donorHistory: 0, historyDonors: 0, sharedAddressDonors: 0 };
  return [...(settings.freshBaseline ? [fresh] : []), settings.history];
}

/** The distributed runs to make: each replica count, fresh and (when asked) seeded. */
async function distributedRuns() {
  const runs = [];
  for (const replicas of settings.replicasList) {
    for (const history of historyVariants()) runs.push(await benchDistributed(ROOT, { ...settings, replicas, history }));
  }
  return runs;
}

// ---------------------------------------------------------------------------------------
// 1. Ledger append
// ---------------------------------------------------------------------------------------

/** A donation-sized event, like intake's DonationReceived. */
function benchEvent(i) {
  const now = new Date().toISOString();
  const correlationId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'BenchAppended',
    version: 1,
    payload: {
      donationId: `bench-${i}`,
      campaignId: 'bench',
      amountMinor: String(2500 + (i % 100)),
      currency: 'USD',
      donor: { donorId: `dn_${String(i % 500).padStart(32, '0')}`, type: 'individual', sealedPii: null, attestations: {} },
      payment: { method: 'card', pspReference: `ch_${i}` },
      receivedAt: now,
    },
    metadata: { occurredAt: now, correlationId, causationId: correlationId, committeeId: 'bench', actor: 'bench' },
  };
}

/** One appender, one append at a time, each to a stream of its own (as intake does). */
async function sequentialCase(store, total, prefix = 'bench-seq') {
  const latencies = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    await timed(latencies, () => store.append(`${prefix}-${i}`, [benchEvent(i)], 'no_stream'));
  }
  return summarize(latencies, performance.now() - start);
}

/** `appenders` concurrent writers, each on its own stream with the revision it knows. */
async function distinctStreamsCase(store, total, appenders) {
  const latencies = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      let expected = 'no_stream';
      // Appender a takes appends a, a + appenders, ...: `total` in all.
      for (let i = a; i < total; i += appenders) {
        const result = await timed(latencies, () => store.append(`bench-distinct-${a}`, [benchEvent(i)], expected));
        expected = result.nextExpectedRevision;
      }
    }),
  );
  return summarize(latencies, performance.now() - start);
}

/**
 * `appenders` concurrent writers on ONE stream, optimistic concurrency as compliance does it:
 * read the stream's last revision, append expecting it, and on a wrong-expected-revision
 * re-read and try again. Latency is per successful append, retries included.
 */
async function contendedStreamCase(store, total, appenders, isConflict) {
  const streamId = 'bench-contended';
  const latencies = [];
  let conflicts = 0;
  const lastRevision = async () => {
    const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : 'no_stream';
  };
  const appendWithRetry = async (i) => {
    const event = benchEvent(i);
    for (;;) {
      try {
        return await store.append(streamId, [event], await lastRevision());
      } catch (error) {
        if (!isConflict(error)) throw error;
        conflicts++;
      }
    }
  };
  const start = performance.now();
  await pool(total, appenders, (i) => timed(latencies, () => appendWithRetry(i)));
  return { ...summarize(latencies, performance.now() - start), conflicts, conflictsPerAppend: round(conflicts / total) };
}

/** The three cases against one opened store. Cases use their own stream names. */
async function ledgerCases(store, ledger) {
  const total = settings.ledgerAppends;
  await sequentialCase(store, 50, 'bench-warm-up'); // warm-up: JIT, connections, PGlite's caches
  const results = [];
  const run = async (name, work) => {
    process.stdout.write(`  ${name} ... `);
    const result = await work();
    process.stdout.write(`${result.perSecond} appends/s\n`);
    results.push({ case: name, ...result });
  };
  await run('sequential, 1 appender', () => sequentialCase(store, total));
  await run(`${settings.appenders} appenders, distinct streams`, () => distinctStreamsCase(store, total, settings.appenders));
  // Fewer appends when contending: on a server most attempts are conflicts at first.
  const contended = Math.max(settings.appenders, Math.round(total / 4));
  await run(`${settings.appenders} appenders, one stream (retry)`, () =>
    contendedStreamCase(store, contended, settings.appenders, ledger.isWrongExpectedRevision),
  );
  return results;
}

async function benchEmbeddedLedger(ledger, sql) {
  const dir = mkdtempSync(join(os.tmpdir(), 'hustings-bench-ledger-'));
  const db = await sql.EmbeddedDatabase.open(dir);
  try {
    const store = await ledger.SqlLedgerStore.open(db);
    try {
      return { engine: 'embedded (PGlite)', location: dir, results: await ledgerCases(store, ledger) };
    } finally {
      await store.close();
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgresLedger(ledger, sql) {
  const url = settings.databaseUrl;
  // One connection per appender, one held by the store's LISTEN, a few spare.
  const db = new sql.PgDatabase({ url, poolSize: settings.appenders + 4, applicationName: 'hustings-bench' });
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    return { engine: 'postgres', location: redact(url), skipped: `unreachable (${error.message || error.code || error})` };
  }
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  try {
    const { rows } = await db.query('SHOW server_version');
    const store = await ledger.SqlLedgerStore.open(db, { schema });
    try {
      const results = await ledgerCases(store, ledger);
      return { engine: `postgres ${rows[0].server_version.split(' ')[0]}`, location: `${redact(url)} schema ${schema}`, results };
    } finally {
      await store.close();
    }
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e) => console.error(`  could not drop schema ${schema}: ${e.message}`));
    await db.close();
  }
}

async function benchLedger() {
  // The compiled libraries, through the package's `imports` map (#ledger -> dist/libs/...).
  const ledger = await import('#ledger');
  const sql = await import('#sql');
  const engines = [];
  console.log('\nLedger: embedded PGlite');
  engines.push(await benchEmbeddedLedger(ledger, sql));
  console.log(`Ledger: PostgreSQL at ${redact(settings.databaseUrl)}`);
  const pg = await benchPostgresLedger(ledger, sql);
  if (pg.skipped) console.log(`  skipped: PostgreSQL ${pg.skipped}`);
  engines.push(pg);
  return engines;
}

// ---------------------------------------------------------------------------------------
// 2. Embedded platform end to end
// ---------------------------------------------------------------------------------------

/** The embedded platform as a child process on its own port and data directory. */
function startPlatform(port, dataDir) {
  const env = { ...process.env };
  // Whatever the caller's shell exports, this is the embedded default: one process,
  // PGlite under DATA_DIR, in-process bus.
  for (const name of Object.keys(env)) {
    if (/^(LEDGER|LEDGER_SQL_URL|EVENTSTORE_URL|BUS|KAFKA_.*|DATABASE_URL|DATABASE_SCHEMA|HUSTINGS_.*|RELAY_ENABLED|NODE_ENV)$/.test(name)) delete env[name];
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DONOR_ID_KEY: BENCH_DONOR_ID_KEY,
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    // The bench measures the platform, not the per-key limit.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...benchAppEnv(),
  });
  const logFile = join(dataDir, '..', 'platform.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...benchNodeArgs(), DIST_MAIN], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log); // the child has its own copy
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal, at: performance.now() })));
  return { child, exited, logFile };
}

/** Polls /health/ready until 200; fails if the child exits first or it takes too long. */
async function waitReady(client, platform, timeoutMs = 120_000) {
  let exited = null;
  platform.exited.then((e) => (exited = e));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exited) throw new Error(`platform exited (code ${exited.code}, signal ${exited.signal}) before ready:\n${logTail(platform.logFile)}`);
    const res = await client.request('GET', '/health/ready').catch(() => null);
    if (res?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`platform not ready within ${timeoutMs} ms:\n${logTail(platform.logFile)}`);
}


/** POSTs every donation, `concurrency` at a time; latency per request. */
async function postDonations(client, campaignId, plan, concurrency) {
  const latencies = [];
  const failures = new Map();
  const start = performance.now();
  await pool(plan.length, concurrency, async (i) => {
    const res = await timed(latencies, () => client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': `bench-${i}` }));
    if (res.status !== 202) {
      const key = `${res.status} ${res.body?.code ?? ''}`.trim();
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  });
  const elapsed = performance.now() - start;
  return { start, end: start + elapsed, summary: summarize(latencies, elapsed), failures: Object.fromEntries(failures) };
}

/** Polls the campaign totals until `donationCount` reaches `expected`. */
async function waitDecided(client, campaignId, expected, timeoutMs = 600_000) {
  const deadline = performance.now() + timeoutMs;
  let totals = null;
  while (performance.now() < deadline) {
    const res = await client.request('GET', `/v1/campaigns/${campaignId}/totals`);
    if (res.status === 200) totals = res.body;
    if (totals && totals.donationCount >= expected) return { at: performance.now(), totals };
    await sleep(50);
  }
  throw new Error(`totals show ${totals?.donationCount ?? 0} of ${expected} donations after ${timeoutMs} ms`);
}

/** SIGTERM, then the exit code and how long the drain took. */
async function stopPlatform(platform, timeoutMs = 60_000) {
  const sent = performance.now();
  platform.child.kill('SIGTERM');
  const timeout = sleep(timeoutMs).then(() => null);
  const exit = await Promise.race([platform.exited, timeout]);
  if (!exit) {
    platform.child.kill('SIGKILL');
    const killed = await platform.exited;
    return { exitCode: killed.code, signal: killed.signal, shutdownMs: null, note: `no exit within ${timeoutMs} ms, killed` };
  }
  return { exitCode: exit.code, signal: exit.signal, shutdownMs: round(exit.at - sent, 0) };
}

/** The anchor on the PostgreSQL server (BENCH_DATABASE_URL), a table of its own dropped after. */
async function platformAnchor(plan, logDir) {
  const { default: pg } = await import('pg');
  const table = `bench_anchor_${randomUUID().slice(0, 8)}`;
  try {
    return await benchAnchor(ROOT, { databaseUrl: settings.databaseUrl, table, plan, concurrency: settings.httpConcurrency, logDir });
  } finally {
    const client = new pg.Client({ connectionString: settings.databaseUrl });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS ${table}`).finally(() => client.end());
  }
}

/**
 * The seeded history on the embedded platform, before the measured window: a few real
 * donations (the filler's templates), the donor history and shared-address donors through
 * intake; then, with the platform stopped, the filler appended to its PGlite ledger and the
 * relay's checkpoint moved to the head, and the platform started again (cold, as a fresh run).
 */
async function seedPlatform(client, platform, port, dataDir, history) {
  const seeded = { history: null, filler: null };
  const templates = donationPlan(50, 50, 'warm-emb', 'Warm Donor');
  if (history.seedEvents) {
    console.log(`  ${templates.length} donations to clone for the filler ...`);
    await expectStatus(client.request('POST', '/v1/campaigns', { campaignId: 'bench-templates', committeeId: 'bench-2026', name: 'Bench templates', currency: 'USD' }), 201, 'open template campaign');
    await pool(templates.length, 8, (i) => client.request('POST', '/v1/campaigns/bench-templates/donations', templates[i], { 'idempotency-key': templates[i].donationId }));
    await waitDecided(client, 'bench-templates', templates.length);
  }
  const totals = async (campaignId) => (await client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body;
  seeded.history = await postHistory(client, totals, 'bench-2026', 'emb', history, settings.donors, settings.httpConcurrency);
  if (history.seedEvents) {
    console.log('  stopping the platform to seed its ledger ...');
    await stopPlatform(platform);
    const sql = await import('#sql');
    const db = await sql.EmbeddedDatabase.open(join(dataDir, 'ledger'));
    try {
      seeded.filler = await seedLedger(db, templates.map((d) => d.donationId), history, 'emb');
      seeded.ledgerEvents = Number((await db.query('SELECT count(*) AS n FROM ledger.events')).rows[0].n);
    } finally {
      await db.close();
    }
    const restarted = performance.now();
    platform = startPlatform(port, dataDir);
    await waitReady(client, platform);
    console.log(`  platform started again in ${round(performance.now() - restarted, 0)} ms`);
  }
  return { seeded, platform };
}

async function benchPlatform(history) {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run npm run build`);
  const workDir = mkdtempSync(join(os.tmpdir(), 'hustings-bench-platform-'));
  const dataDir = join(workDir, 'data');
  const port = await freePort();
  const client = httpClient(port, settings.httpConcurrency);
  console.log(`\nPlatform: node dist/main.js on port ${port}, DATA_DIR=${dataDir}`);
  const launched = performance.now();
  let platform = startPlatform(port, dataDir);
  let stopped = null;
  let keepLog = false;
  try {
    await waitReady(client, platform);
    const startupMs = round(performance.now() - launched, 0);
    console.log(`  ready in ${startupMs} ms`);
    const campaignId = await createCampaign(client, 'bench-2026', 'bench');
    let seeded = null;
    if (hasHistory(history)) ({ seeded, platform } = await seedPlatform(client, platform, port, dataDir, history));
    const historyText = describeHistory(history, seeded);
    console.log(`  history: ${historyText}`);
    const plan = donationPlan(settings.donations, settings.donors, 'bench-don', 'Bench Donor', measuredPlanOptions(history));
    const expected = expectedOutcome(plan);
    console.log(`  posting ${plan.length} donations (${settings.httpConcurrency} at a time, ${expected.uniqueDonors} donors, ${expected.accepted} to be accepted) ...`);
    const ticksBefore = cpuTicks(platform.child.pid);
    const intake = await postDonations(client, campaignId, plan, settings.httpConcurrency);
    console.log(`  intake ${intake.summary.perSecond} req/s; waiting for every decision ...`);
    const decided = await waitDecided(client, campaignId, expected.accepted);
    // Ticks are 10 ms each (USER_HZ 100): CPU ms of the one process per donation decided.
    const cpuMsPerDonation = round(((cpuTicks(platform.child.pid) - ticksBefore) * 10) / expected.accepted, 2);
    const child = processFigures(platform.child.pid);
    client.close();
    stopped = await stopPlatform(platform);
    console.log(`  stopped: exit code ${stopped.exitCode} after ${stopped.shutdownMs} ms`);
    console.log(`  anchor: one INSERT per request into ${redact(settings.databaseUrl)}, ${plan.length} requests, ${settings.httpConcurrency} at a time ...`);
    const anchor = await platformAnchor(plan, workDir);
    anchor.intakeRatio = round(intake.summary.perSecond / anchor.perSecond, 3);
    const decidedMs = decided.at - intake.start;
    return {
      history: historyText,
      seeded,
      donations: plan.length,
      concurrency: settings.httpConcurrency,
      donors: expected.uniqueDonors,
      startupMs,
      intake: { ...intake.summary, failures: intake.failures },
      decisions: {
        expectedAccepted: expected.accepted,
        // From the first POST until the totals show every accepted donation.
        allDecidedMs: round(decidedMs, 0),
        afterIntakeMs: round(decided.at - intake.end, 0),
        perSecond: round((expected.accepted * 1000) / decidedMs),
        totals: decided.totals,
        totalsMatch:
          decided.totals.donationCount === expected.accepted &&
          decided.totals.raisedMinor === expected.raisedMinor &&
          decided.totals.uniqueDonors === expected.uniqueDonors,
      },
      cpuMsPerDonation,
      process: child,
      shutdown: stopped,
      anchor,
    };
  } catch (error) {
    keepLog = true;
    throw error;
  } finally {
    client.close();
    if (!stopped) await stopPlatform(platform, 10_000).catch(() => undefined);
    // The platform's log is kept when something went wrong, the rest always goes.
    rmSync(keepLog ? dataDir : workDir, { recursive: true, force: true });
    if (keepLog) console.error(`  platform log kept: ${platform.logFile}`);
  }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

function printLedger(engines) {
  console.log('\n== Ledger append (SqlLedgerStore, 1 event per append) ==');
  const rows = [];
  for (const e of engines) {
    if (e.skipped) rows.push({ engine: e.engine, case: `skipped: ${e.skipped}` });
    else for (const r of e.results) rows.push({ engine: e.engine, ...r });
  }
  printTable(
    [
      ['engine', (r) => r.engine],
      ['case', (r) => r.case],
      ['appends', (r) => r.count],
      ['appends/s', (r) => r.perSecond],
      ['p50 ms', (r) => r.p50Ms],
      ['p95 ms', (r) => r.p95Ms],
      ['p99 ms', (r) => r.p99Ms],
      ['max ms', (r) => r.maxMs],
      ['conflicts', (r) => r.conflicts],
    ],
    rows,
  );
}

function printPlatformComparison(runs) {
  const [base] = runs;
  console.log('\n== Embedded platform runs side by side (ratio: to the first) ==');
  const x = (v, b) => (v && b ? ` (x${round(v / b)})` : '');
  const figures = [
    ['decisions/s', (p) => p.decisions.perSecond],
    ['intake req/s', (p) => p.intake.perSecond],
    ['intake p99 ms', (p) => p.intake.p99Ms],
    ['slowest request ms', (p) => p.intake.maxMs],
    ['CPU ms per donation', (p) => p.cpuMsPerDonation],
  ];
  printTable(
    [['figure', (r) => r[0]], ...runs.map((p, i) => [p.seeded ? 'seeded history' : 'fresh ledger', (r) => `${r[1](p)}${i ? x(r[1](p), r[1](base)) : ''}`])],
    figures,
  );
  console.log('  (history "does not cost" when the seeded run is within 20% of the fresh one)');
}

function printPlatform(p) {
  console.log(`\n== Embedded platform end to end (node dist/main.js; ${p.seeded ? 'seeded history' : 'fresh ledger'}) ==`);
  const failures = Object.entries(p.intake.failures).map(([k, n]) => `${n}x ${k}`).join(', ') || 'none';
  printTable(
    [
      ['figure', (r) => r[0]],
      ['value', (r) => r[1]],
    ],
    [
      ['seeded history', p.history],
      ['donations posted', `${p.donations} (${p.concurrency} concurrent, ${p.donors} donors)`],
      ['startup until ready', `${p.startupMs} ms`],
      ['intake throughput', `${p.intake.perSecond} req/s (${p.intake.elapsedMs} ms)`],
      ['intake latency p50/p95/p99', `${p.intake.p50Ms} / ${p.intake.p95Ms} / ${p.intake.p99Ms} ms (max ${p.intake.maxMs})`],
      ['intake failures', failures],
      ['all decided (from first POST)', `${p.decisions.allDecidedMs} ms (${p.decisions.afterIntakeMs} ms after the last POST)`],
      ['decisions/s', `${p.decisions.perSecond}`],
      ['totals', `${p.decisions.totals.donationCount} donations, ${p.decisions.totals.raisedMinor} raised, ${p.decisions.totals.uniqueDonors} donors (${p.decisions.totalsMatch ? 'as expected' : 'NOT as expected'})`],
      ['child peak RSS (VmHWM)', p.process.peakRssMiB === null ? 'n/a' : `${p.process.peakRssMiB} MiB`],
      ['child CPU time', p.process.cpuSeconds === null ? 'n/a' : `${p.process.cpuSeconds} s`],
      ['CPU ms per donation', `${p.cpuMsPerDonation} (the one process, first POST until every decision shows in the totals)`],
      ['ANCHOR bare handler + 1 INSERT', `${p.anchor.perSecond} req/s on ${p.anchor.server} (p50/p99 ${p.anchor.p50Ms} / ${p.anchor.p99Ms} ms, ${p.anchor.cpuMsPerRequest} CPU ms per request in the handler process)`],
      ['intake / anchor req/s', `${p.anchor.intakeRatio} (${p.intake.perSecond} / ${p.anchor.perSecond}, same load generator, ${p.concurrency} concurrent)`],
      ['SIGTERM -> exit', `code ${p.shutdown.exitCode}${p.shutdown.signal ? ` (${p.shutdown.signal})` : ''} in ${p.shutdown.shutdownMs ?? '-'} ms${p.shutdown.note ? `, ${p.shutdown.note}` : ''}`],
    ],
  );
}

function printReplay(r) {
  console.log(`\n== Replay beside a raw read of the ledger (PostgreSQL, ${r.events} events, same run) ==`);
  printFigures([
    ['ledger', `${r.events} events (${r.filler.events} cloned from real donation streams, ${r.filler.via} at ${r.filler.perSecond} events/s)`],
    ...r.raw.map((x, i) => [`RAW read ${i + 1} (ledger.events by position, pages of 10,000)`, `${x.perSecond} events/s (${x.elapsedMs} ms, ${x.jsonMiB} MiB of payload+metadata)`]),
    ['REPLAY (fold of every read model into a scratch schema)', `${r.replay.perSecond} ledger events/s (${r.replay.elapsedMs} ms; ${r.replay.applied} events applied, ${r.replay.appliedPerSecond}/s)`],
    ['RATIO replay / raw', `${r.ratio} (replay over the faster raw read)`],
  ]);
}

function writeJson(report) {
  const dir = join(ROOT, '.cache/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const parts = ['ledger', 'platform', 'distributed', 'replay'];
  if (values.only !== undefined && !parts.includes(values.only)) {
    console.error(`bench: --only must be one of ${parts.join(', ')}, not ${values.only}`);
    process.exit(2);
  }
  const report = { startedAt: new Date().toISOString(), machine: machine(), settings: { ...settings, databaseUrl: redact(settings.databaseUrl) } };
  const m = report.machine;
  console.log(`Hustings benchmarks, ${report.startedAt}`);
  console.log(`machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; node ${m.node}; load ${m.loadAverage.join(' ')}`);

  const runs = (part) => values.only === undefined || values.only === part;
  if (runs('ledger')) report.ledger = await benchLedger();
  if (runs('platform')) {
    report.platformRuns = [];
    for (const history of historyVariants()) report.platformRuns.push(await benchPlatform(history));
  }
  if (runs('distributed')) report.distributedRuns = await distributedRuns();
  if (runs('replay')) report.replay = await benchReplay(ROOT, settings);

  if (report.ledger) printLedger(report.ledger);
  for (const p of report.platformRuns ?? []) printPlatform(p);
  if (report.platformRuns?.length > 1) printPlatformComparison(report.platformRuns);
  for (const d of report.distributedRuns ?? []) printDistributed(d);
  if (report.distributedRuns) printDistributedComparison(report.distributedRuns);
  if (report.replay) printReplay(report.replay);
  console.log(`\nwritten to ${writeJson(report)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exit(1);
});
