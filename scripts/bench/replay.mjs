// 4. Replay beside a raw read of the ledger's table, in the same run (README "Benchmarks"):
// a fresh PostgreSQL database; the embedded platform (`node dist/main.js`, every app in one
// process, in-memory bus) on it writes a few real donations; the ledger is then filled to
// BENCH_REPLAY_EVENTS with clones of their donation streams (scripts/bench/seed.mjs, the
// ledger's own chain and hashes); then
//   raw    every row of ledger.events in position order, keyset pages of 10,000 over the
//          primary key (a sequential read as a client would stream it: rows to JS, no parsing
//          of the JSON columns);
//   replay the fold of the replay CLI (libs/read-models foldLedger: every registered read
//          model from position 0 into a scratch schema, with the projections' own code), up to
//          the head; the CLI's row-for-row comparison with the live schema is not timed.

import { spawn } from 'node:child_process';
import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { BENCH_ADMIN_KEY, BENCH_DONOR_ID_KEY, createCampaign, donationPlan, freePort, httpClient, logTail, pool, round, sleep } from './common.mjs';
import { fillLedger, donationTemplates } from './seed.mjs';
import { BenchDatabase } from './topology.mjs';

const TEMPLATE_DONATIONS = 100;
const RAW_PAGE = 10_000;

function platformEnv(port, url, dataDir) {
  return {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LEDGER: 'sql',
    LEDGER_SQL_URL: url,
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    DONOR_ID_KEY: BENCH_DONOR_ID_KEY,
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  };
}

/** Real donations written by the apps: the templates the filler clones. */
async function writeTemplates(root, db, logDir) {
  const port = await freePort();
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'replay-platform.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [join(root, 'dist/main.js')], { cwd: root, env: platformEnv(port, db.url, join(logDir, 'data')), stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((r) => child.once('exit', r));
  const client = httpClient(port, 16);
  try {
    const deadline = performance.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the platform exited before ready:\n${logTail(logFile)}`);
      if ((await client.request('GET', '/health/ready').catch(() => null))?.status === 200) break;
      if (performance.now() > deadline) throw new Error(`the platform was not ready in 120 s:\n${logTail(logFile)}`);
      await sleep(200);
    }
    const campaignId = await createCampaign(client, 'bench-replay', 'bench-replay');
    const plan = donationPlan(TEMPLATE_DONATIONS, TEMPLATE_DONATIONS, 'replay-tpl', 'Replay Donor');
    await pool(plan.length, 8, (i) => client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId }));
    for (;;) {
      const res = await client.request('GET', `/v1/campaigns/${campaignId}/totals`);
      if ((res.body?.donationCount ?? 0) >= plan.length) break;
      if (performance.now() > deadline + 300_000) throw new Error('the template donations were not decided in time');
      await sleep(200);
    }
    return plan.map((d) => d.donationId);
  } finally {
    client.close();
    child.kill('SIGTERM');
    await exited;
  }
}

/** Every row of ledger.events in position order, keyset pages over the primary key. */
async function rawRead(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, application_name: 'hustings-bench' });
  await client.connect();
  try {
    let rows = 0;
    let bytes = 0;
    let after = '-1';
    const began = performance.now();
    for (;;) {
      const page = await client.query(
        'SELECT position, event_id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash FROM ledger.events WHERE position > $1 ORDER BY position LIMIT $2',
        [after, RAW_PAGE],
      );
      rows += page.rows.length;
      for (const r of page.rows) bytes += r.payload.length + r.metadata.length;
      if (page.rows.length < RAW_PAGE) break;
      after = page.rows[page.rows.length - 1].position;
    }
    const ms = performance.now() - began;
    return { events: rows, elapsedMs: round(ms, 0), perSecond: round((rows * 1000) / ms, 0), jsonMiB: round(bytes / 2 ** 20, 1) };
  } finally {
    await client.end();
  }
}

/**
 * With BENCH_REPLAY_PROFILE=<file>, a CPU profile of the fold alone (not the seeding around it),
 * written to that file for a profiler (Chrome DevTools, speedscope).
 */
async function startProfile() {
  const file = process.env.BENCH_REPLAY_PROFILE;
  if (!file) return { stop: async () => undefined };
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The replay CLI's fold, timed: every read model from position 0 into a scratch schema. */
async function replayFold(url, events) {
  const { loadConfig, openLedgerOnly, openReadModelsOnly } = await import('#platform');
  const { foldLedger, openScratchSchema, READ_MODEL_PROJECTIONS } = await import('#read-models');
  const env = { ...platformEnv(0, url, '/nonexistent'), PORT: '3000', HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true' };
  const config = loadConfig(env, ['reporting']);
  const ledger = await openLedgerOnly(config);
  const readModels = await openReadModelsOnly(config);
  try {
    const upTo = await ledger.ledger.headPosition();
    const scratch = await openScratchSchema(readModels.readModels, 'replay');
    try {
      const profile = await startProfile();
      const began = performance.now();
      const { applied } = await foldLedger(ledger.ledger, scratch.dataSource, READ_MODEL_PROJECTIONS, { upTo });
      const ms = performance.now() - began;
      await profile.stop();
      return { events, applied, elapsedMs: round(ms, 0), perSecond: round((events * 1000) / ms, 0), appliedPerSecond: round((applied * 1000) / ms, 0) };
    } finally {
      await scratch.drop();
    }
  } finally {
    await readModels.close();
    await ledger.close();
  }
}

export async function benchReplay(root, settings) {
  const run = randomUUID().slice(0, 8);
  const db = new BenchDatabase(settings.databaseUrl, `replay_${run}`);
  const logDir = join(root, '.cache/bench/logs', `replay-${run}`);
  console.log(`\nReplay: ${settings.replayEvents} events in PostgreSQL database ${db.name}, raw read and replay`);
  try {
    await db.create();
    console.log(`  ${TEMPLATE_DONATIONS} real donations through the platform (node dist/main.js on the database) ...`);
    const ids = await writeTemplates(root, db, logDir);
    const { PgDatabase } = await import('#sql');
    const { SqlLedgerStore } = await import('#ledger');
    const ledgerDb = new PgDatabase({ url: db.url, poolSize: 5, applicationName: 'hustings-bench-seed' });
    let filler;
    try {
      const store = await SqlLedgerStore.open(ledgerDb);
      try {
        const have = Number((await db.query('SELECT count(*) AS n FROM ledger.events')).rows[0].n);
        console.log(`  filling the ledger from ${have} to ${settings.replayEvents} events (${settings.history.seedVia === 'appendMany' ? 'appendMany' : 'bulk INSERT'}) ...`);
        const templates = await donationTemplates(store, ids);
        const h = settings.history;
        filler = await fillLedger(store, templates, Math.max(0, settings.replayEvents - have), { tag: run, batchEvents: h.seedBatchEvents, inFlight: h.seedInFlight, bulk: h.seedVia === 'appendMany' ? null : ledgerDb });
      } finally {
        await store.close();
      }
    } finally {
      await ledgerDb.close();
    }
    await db.query('VACUUM ANALYZE ledger.events');
    const events = Number((await db.query('SELECT count(*) AS n FROM ledger.events')).rows[0].n);
    // Raw first, then replay, then raw again: both raw reads are printed, the ratio uses the faster.
    console.log(`  raw read of ${events} events ...`);
    const raw1 = await rawRead(db.url);
    console.log(`  ${raw1.perSecond} events/s; replay (fold into a scratch schema) ...`);
    const replay = await replayFold(db.url, events);
    console.log(`  ${replay.perSecond} events/s; raw read again ...`);
    const raw2 = await rawRead(db.url);
    const raw = raw2.perSecond > raw1.perSecond ? raw2 : raw1;
    return { database: db.name, events, filler, raw: [raw1, raw2], replay, ratio: round(replay.perSecond / raw.perSecond, 3) };
  } catch (error) {
    console.error(`  replay logs kept in ${logDir}`);
    throw error;
  } finally {
    await db.drop();
  }
}
