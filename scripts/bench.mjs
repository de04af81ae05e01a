// Benchmarks: figures to read, never assertions. `npm run bench` builds first, then runs
//
//   1. ledger    SqlLedgerStore.append on embedded PGlite (temp dir) and on a PostgreSQL
//                server (BENCH_DATABASE_URL, fresh schema dropped afterwards): one appender,
//                16 appenders on distinct streams, 16 appenders contending on one stream;
//   2. platform  `node dist/main.js` (all four apps, embedded) as a child process: donation
//                intake over HTTP, time until compliance decided every donation and the
//                reporting totals show it, peak RSS, shutdown on SIGTERM.
//
// Results are printed as tables and written to .cache/bench/<timestamp>.json.
//
//   node scripts/bench.mjs [--only ledger|platform]
//
// Environment: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
// BENCH_DONATIONS (2000), BENCH_LEDGER_APPENDS (2000, appends per ledger case).

// Node's globals come from their modules: the repository's ESLint config has no Node environment.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_MAIN = join(ROOT, 'dist/main.js');

const settings = {
  databaseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  donations: positiveInt('BENCH_DONATIONS', 2000),
  ledgerAppends: positiveInt('BENCH_LEDGER_APPENDS', 2000),
  appenders: 16,
  httpConcurrency: 32,
  donors: 500,
  /** 2025–2026 FEC individual limit per election (libs/compliance-rules), in cents. */
  electionLimitMinor: 350_000,
};

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench: ${name}=${raw} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Statistics and concurrency helpers
// ---------------------------------------------------------------------------------------

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Throughput and latency percentiles (ms) of `count` operations that took `elapsedMs` in all. */
function summarize(latenciesMs, elapsedMs, count = latenciesMs.length) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    count,
    elapsedMs: round(elapsedMs),
    perSecond: round((count * 1000) / elapsedMs),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `worker(index)` for index 0..total-1 with at most `concurrency` in flight. */
async function pool(total, concurrency, worker) {
  let next = 0;
  const lane = async () => {
    while (next < total) await worker(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

/** Times `work()`; pushes the latency in ms to `into`; returns its result. */
async function timed(into, work) {
  const start = performance.now();
  const result = await work();
  into.push(performance.now() - start);
  return result;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

async function benchEmbeddedLedger(ledger, persistence) {
  const dir = mkdtempSync(join(os.tmpdir(), 'hustings-bench-ledger-'));
  const db = await persistence.EmbeddedDatabase.open(dir);
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

async function benchPostgresLedger(ledger, persistence) {
  const url = settings.databaseUrl;
  // One connection per appender, one held by the store's LISTEN, a few spare.
  const db = new persistence.PgDatabase({ url, poolSize: settings.appenders + 4, applicationName: 'hustings-bench' });
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

/** A URL without its password, for printing. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function benchLedger() {
  // The compiled libraries, through the package's `imports` map (#ledger -> dist/libs/...).
  const ledger = await import('#ledger');
  const persistence = await import('#persistence');
  const engines = [];
  console.log('\nLedger: embedded PGlite');
  engines.push(await benchEmbeddedLedger(ledger, persistence));
  console.log(`Ledger: PostgreSQL at ${redact(settings.databaseUrl)}`);
  const pg = await benchPostgresLedger(ledger, persistence);
  if (pg.skipped) console.log(`  skipped: PostgreSQL ${pg.skipped}`);
  engines.push(pg);
  return engines;
}

// ---------------------------------------------------------------------------------------
// 2. Embedded platform end to end
// ---------------------------------------------------------------------------------------

async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** The body as JSON when it is JSON, else the text (or null when empty). */
function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const BENCH_ADMIN_KEY = 'hustings-bench-admin-key-not-a-secret-0123456789';

/** A small JSON client over keep-alive sockets (cheaper than fetch on a busy 2-core box). */
function httpClient(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, path, body, extraHeaders = {}) =>
    new Promise((resolveRequest, rejectRequest) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...extraHeaders },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolveRequest({ status: res.statusCode, body: parseJson(text) });
          });
          res.on('error', rejectRequest);
        },
      );
      req.on('error', rejectRequest);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

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
    DONOR_ID_KEY: 'hustings-bench-donor-key-not-a-secret-0123456789',
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    // The bench measures the platform, not the per-key limit.
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const logFile = join(dataDir, '..', 'platform.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [DIST_MAIN], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log); // the child has its own copy
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal, at: performance.now() })));
  return { child, exited, logFile };
}

function logTail(logFile, lines = 20) {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
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

async function expectStatus(promise, status, what) {
  const res = await promise;
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The README walk-through's committee and campaign. */
async function createCampaign(client) {
  const committeeId = 'bench-2026';
  const campaignId = 'bench';
  await expectStatus(
    client.request('POST', '/v1/committees', {
      committeeId,
      name: 'Bench for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2026-11-03' }],
      defaultElectionId: 'general-2026',
    }),
    201,
    'register committee',
  );
  await expectStatus(
    client.request('POST', '/v1/campaigns', { campaignId, committeeId, name: 'Bench push', currency: 'USD' }),
    201,
    'open campaign',
  );
  return campaignId;
}

/**
 * N donations spread round-robin over the donors. Amounts vary but are capped so that no
 * donor's total passes the per-election limit: every donation is accepted, whatever order
 * compliance decides them in.
 */
function donationPlan(total, donors) {
  const perDonor = Math.ceil(total / donors);
  const cap = Math.floor(settings.electionLimitMinor / perDonor);
  const amounts = [2_500, 5_000, 10_000, 25_000, 50_000];
  return Array.from({ length: total }, (_, i) => {
    const donor = i % donors;
    return {
      donationId: `bench-don-${i}`,
      amountMinor: Math.max(1, Math.min(amounts[i % amounts.length], cap)),
      currency: 'USD',
      donor: { type: 'individual', name: `Bench Donor ${donor}`, address: { postalCode: String(10_000 + donor) } },
      payment: { method: 'card', pspReference: `ch_bench_${i}` },
    };
  });
}

/** What compliance should accept: each donor's running total within the election limit. */
function expectedOutcome(plan) {
  const byDonor = new Map();
  let accepted = 0;
  let raisedMinor = 0;
  for (const d of plan) {
    const key = d.donor.name;
    const after = (byDonor.get(key) ?? 0) + d.amountMinor;
    if (after > settings.electionLimitMinor) continue;
    byDonor.set(key, after);
    accepted++;
    raisedMinor += d.amountMinor;
  }
  return { accepted, raisedMinor, uniqueDonors: byDonor.size };
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

/** Peak resident set (VmHWM) and CPU seconds of a live process, from /proc (Linux). */
function processFigures(pid) {
  const figures = { peakRssMiB: null, cpuSeconds: null };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    if (kib) figures.peakRssMiB = round(kib / 1024, 1);
    // After the ")" closing the command name, utime and stime are the 12th and 13th fields,
    // in clock ticks: 100 a second on Linux (USER_HZ; Node has no sysconf to ask).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    figures.cpuSeconds = round((Number(fields[11]) + Number(fields[12])) / 100, 1);
  } catch {
    // not Linux, or the process is gone
  }
  return figures;
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

async function benchPlatform() {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run npm run build`);
  const workDir = mkdtempSync(join(os.tmpdir(), 'hustings-bench-platform-'));
  const dataDir = join(workDir, 'data');
  const port = await freePort();
  const client = httpClient(port, settings.httpConcurrency);
  console.log(`\nPlatform: node dist/main.js on port ${port}, DATA_DIR=${dataDir}`);
  const launched = performance.now();
  const platform = startPlatform(port, dataDir);
  let stopped = null;
  let keepLog = false;
  try {
    await waitReady(client, platform);
    const startupMs = round(performance.now() - launched, 0);
    console.log(`  ready in ${startupMs} ms`);
    const campaignId = await createCampaign(client);
    const plan = donationPlan(settings.donations, settings.donors);
    const expected = expectedOutcome(plan);
    console.log(`  posting ${plan.length} donations (${settings.httpConcurrency} at a time, ${expected.uniqueDonors} donors, ${expected.accepted} to be accepted) ...`);
    const intake = await postDonations(client, campaignId, plan, settings.httpConcurrency);
    console.log(`  intake ${intake.summary.perSecond} req/s; waiting for every decision ...`);
    const decided = await waitDecided(client, campaignId, expected.accepted);
    const child = processFigures(platform.child.pid);
    client.close();
    stopped = await stopPlatform(platform);
    console.log(`  stopped: exit code ${stopped.exitCode} after ${stopped.shutdownMs} ms`);
    const decidedMs = decided.at - intake.start;
    return {
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
      process: child,
      shutdown: stopped,
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

/** Prints rows as an aligned text table; numbers right-aligned. */
function printTable(columns, rows) {
  const cells = rows.map((row) => columns.map(([, pick]) => {
    const v = pick(row);
    return v === null || v === undefined ? '-' : String(v);
  }));
  const widths = columns.map(([title], c) => Math.max(title.length, ...cells.map((r) => r[c].length)));
  const numeric = columns.map((_, c) => cells.every((r) => /^-?[\d.]+$|^-$/.test(r[c])));
  const last = columns.length - 1;
  const pad = (v, c) => (numeric[c] ? v.padStart(widths[c]) : c === last ? v : v.padEnd(widths[c]));
  const line = (values) => values.map(pad).join('  ');
  console.log(line(columns.map(([title]) => title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

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

function printPlatform(p) {
  console.log('\n== Embedded platform end to end (node dist/main.js) ==');
  const failures = Object.entries(p.intake.failures).map(([k, n]) => `${n}x ${k}`).join(', ') || 'none';
  printTable(
    [
      ['figure', (r) => r[0]],
      ['value', (r) => r[1]],
    ],
    [
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
      ['SIGTERM -> exit', `code ${p.shutdown.exitCode}${p.shutdown.signal ? ` (${p.shutdown.signal})` : ''} in ${p.shutdown.shutdownMs ?? '-'} ms${p.shutdown.note ? `, ${p.shutdown.note}` : ''}`],
    ],
  );
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
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
  if (values.only !== undefined && !['ledger', 'platform'].includes(values.only)) {
    console.error(`bench: --only must be ledger or platform, not ${values.only}`);
    process.exit(2);
  }
  const report = { startedAt: new Date().toISOString(), machine: machine(), settings: { ...settings, databaseUrl: redact(settings.databaseUrl) } };
  const m = report.machine;
  console.log(`Hustings benchmarks, ${report.startedAt}`);
  console.log(`machine: ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; node ${m.node}`);

  if (values.only !== 'platform') report.ledger = await benchLedger();
  if (values.only !== 'ledger') report.platform = await benchPlatform();

  if (report.ledger) printLedger(report.ledger);
  if (report.platform) printPlatform(report.platform);
  console.log(`\nwritten to ${writeJson(report)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exit(1);
});
