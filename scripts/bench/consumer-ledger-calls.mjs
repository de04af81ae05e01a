// Ledger round trips per donation, by the code that made them: the embedded platform
// (`node dist/main.js`, PGlite, in-process bus) as a child process whose SqlLedgerStore is
// wrapped to count every call (append, appendMany, readStream, readStreams, readAll,
// readRange, headPosition) by the first frame of the calling stack under apps/ (or libs/, for
// the relay and the read models). A campaign with a single-gift and a cumulative reward tier
// takes DONATIONS donations, CONCURRENCY at a time; once the totals show them all and the
// counts stand still, the calls per donation are printed.
//   npm run build && node scripts/bench/consumer-ledger-calls.mjs [root of a built checkout]
// (DONATIONS, DONORS, CONCURRENCY; another checkout's root measures its code, e.g. a baseline)
import console from 'node:console';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN_KEY, BENCH_DONOR_ID_KEY, createCampaign, donationPlan, expectStatus, expectedOutcome, freePort, httpClient, logTail, pool, positiveInt, sleep } from './common.mjs';

const ROOT = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../..'));
const DONATIONS = positiveInt('DONATIONS', 200);
const DONORS = positiveInt('DONORS', 60);
const CONCURRENCY = positiveInt('CONCURRENCY', 32);

/** Loaded with --import before the platform: wraps the store's methods, writes the counts to COUNT_FILE every 200 ms. */
const HOOK = `
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const { SqlLedgerStore } = await import(pathToFileURL(process.env.COUNT_ROOT + '/dist/libs/ledger/src/index.js').href);
Error.stackTraceLimit = 60;
const counts = {};
const callerOf = (stack) => {
  const frames = stack.split('\\n').slice(2).map((l) => l.match(/dist\\/((?:apps|libs)\\/[^:)]+)/)?.[1]).filter(Boolean);
  return frames.find((f) => f.startsWith('apps/')) ?? frames.find((f) => !f.startsWith('libs/ledger/')) ?? frames[0] ?? 'unknown';
};
for (const method of ['append', 'appendMany', 'readStream', 'readStreams', 'readAll', 'readRange', 'headPosition']) {
  const original = SqlLedgerStore.prototype[method];
  if (typeof original !== 'function') continue;
  SqlLedgerStore.prototype[method] = function (...args) {
    const key = callerOf(new Error().stack) + ' ' + method;
    counts[key] = (counts[key] ?? 0) + 1;
    return original.apply(this, args);
  };
}
setInterval(() => writeFileSync(process.env.COUNT_FILE, JSON.stringify(counts)), 200).unref();
`;

function startPlatform(port, workDir) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(LEDGER|LEDGER_SQL_URL|EVENTSTORE_URL|BUS|KAFKA_.*|DATABASE_URL|DATABASE_SCHEMA|HUSTINGS_.*|RELAY_ENABLED|NODE_ENV)$/.test(name)) delete env[name];
  }
  const hook = join(workDir, 'count-hook.mjs');
  writeFileSync(hook, HOOK);
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(workDir, 'data'),
    LOG_LEVEL: 'warn',
    DONOR_ID_KEY: BENCH_DONOR_ID_KEY,
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    COUNT_ROOT: ROOT,
    COUNT_FILE: join(workDir, 'counts.json'),
  });
  const logFile = join(workDir, 'platform.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', hook, join(ROOT, 'dist/main.js')], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log);
  return { child, logFile, countFile: env.COUNT_FILE };
}

const readCounts = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8') || '{}') : {});

async function main() {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error(`${ROOT}/dist/main.js is missing: run npm run build there`);
  const workDir = mkdtempSync(join(os.tmpdir(), 'hustings-ledger-calls-'));
  const port = await freePort();
  const client = httpClient(port, CONCURRENCY);
  const platform = startPlatform(port, workDir);
  try {
    for (let ready = false; !ready; await sleep(200)) {
      if (platform.child.exitCode !== null) throw new Error(`platform exited:\n${logTail(platform.logFile)}`);
      ready = (await client.request('GET', '/health/ready').catch(() => null))?.status === 200;
    }
    const campaignId = await createCampaign(client, 'calls-2026', 'calls');
    const tier = (tierId, thresholdKind, thresholdMinor, stockLimit) =>
      expectStatus(client.request('POST', `/v1/campaigns/${campaignId}/reward-tiers`, { tierId, name: tierId, thresholdKind, thresholdMinor, rewardKind: 'item', fairMarketValueMinor: 500, stockLimit }), 201, `tier ${tierId}`);
    await tier('mug', 'single', 10_000, 40);
    await tier('pin', 'cumulative', 20_000, null);
    const plan = donationPlan(DONATIONS, DONORS, 'calls-don', 'Calls Donor');
    const expected = expectedOutcome(plan);
    const before = readCounts(platform.countFile);
    await pool(plan.length, CONCURRENCY, async (i) => {
      const res = await client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId });
      if (res.status !== 202) throw new Error(`donation ${i}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    });
    for (let totals = null; (totals?.donationCount ?? 0) < expected.accepted; await sleep(100)) {
      totals = (await client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body;
    }
    // Rewards and the review index follow on their own: wait until the apps have made no call for 2 s
    // (the relay's idle polling of the head never stops).
    const appCalls = () => Object.entries(readCounts(platform.countFile)).filter(([key]) => key.startsWith('apps/'));
    let last = '';
    for (let still = 0; still < 10; await sleep(200)) {
      const now = JSON.stringify(appCalls());
      still = now === last ? still + 1 : 0;
      last = now;
    }
    const after = readCounts(platform.countFile);
    const rows = Object.keys(after)
      .map((key) => ({ key, calls: after[key] - (before[key] ?? 0) }))
      .filter((r) => r.calls > 0)
      .sort((a, b) => a.key.localeCompare(b.key));
    console.log(`${ROOT}: ${plan.length} donations (${expected.accepted} accepted), ${DONORS} donors, ${CONCURRENCY} at a time; ledger calls by caller`);
    for (const { key, calls } of rows) console.log(`  ${key.padEnd(78)} ${String(calls).padStart(6)}  ${(calls / plan.length).toFixed(3)}/donation`);
    const byApp = new Map();
    for (const { key, calls } of rows) {
      const file = key.split(' ')[0];
      byApp.set(file, (byApp.get(file) ?? 0) + calls);
    }
    console.log('  per calling file:');
    for (const [file, calls] of byApp) console.log(`    ${file.padEnd(76)} ${(calls / plan.length).toFixed(3)}/donation`);
  } finally {
    client.close();
    platform.child.kill('SIGTERM');
    await new Promise((r) => (platform.child.exitCode !== null ? r() : platform.child.once('exit', r)));
    if (!process.env.KEEP) rmSync(workDir, { recursive: true, force: true }); else console.log(workDir);
  }
}

await main();
