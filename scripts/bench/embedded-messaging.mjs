// The embedded platform (`node dist/main.js`) idle and under a bounded load, for the messaging
// side of the performance issue: CPU of the process while idle, then per donation and per
// relayed message while N donations go through, read from /proc and /metrics.
//
//   npm run build && node scripts/bench/embedded-messaging.mjs
//   DONATIONS=600 CONCURRENCY=16 IDLE_SECONDS=15 PROF=1 node scripts/bench/embedded-messaging.mjs
//
// PROF=1 writes a V8 CPU profile of the platform to the work directory (see the printed path);
// ROOT=/path/to/another/checkout measures that checkout's build instead, for a before/after.

import { spawn } from 'node:child_process';
import console from 'node:console';
import { closeSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import {
  BENCH_ADMIN_KEY,
  BENCH_DONOR_ID_KEY,
  createCampaign,
  donationPlan,
  freePort,
  httpClient,
  logTail,
  pool,
  positiveInt,
  printFigures,
  processFigures,
  round,
  sleep,
  summarize,
  timed,
} from './common.mjs';
import { startNodeFlags } from '../node-flags.mjs';

const ROOT = resolve(process.env.ROOT ?? join(import.meta.dirname, '..', '..'));
const DIST_MAIN = join(ROOT, 'dist', 'main.js');
const DONATIONS = positiveInt('DONATIONS', 600);
const CONCURRENCY = positiveInt('CONCURRENCY', 16);
const IDLE_SECONDS = positiveInt('IDLE_SECONDS', 15);

function start(port, workDir) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(LEDGER|LEDGER_SQL_URL|EVENTSTORE_URL|BUS|KAFKA_.*|DATABASE_URL|DATABASE_SCHEMA|HUSTINGS_.*|RELAY_ENABLED|NODE_ENV)$/.test(name)) delete env[name];
  }
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(workDir, 'data'),
    LOG_LEVEL: 'warn',
    DONOR_ID_KEY: BENCH_DONOR_ID_KEY,
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY,
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  // As `npm start` runs it (its node flags), profiled with PROF=1.
  const args = [...startNodeFlags(), ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${workDir}`] : []), DIST_MAIN];
  const logFile = join(workDir, 'platform.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, logFile };
}

async function waitReady(client, platform) {
  let exited = null;
  platform.exited.then((e) => (exited = e));
  const deadline = performance.now() + 600_000;
  while (performance.now() < deadline) {
    if (exited) throw new Error(`platform exited before ready:\n${logTail(platform.logFile)}`);
    const res = await client.request('GET', '/health/ready').catch(() => null);
    if (res?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`platform not ready:\n${logTail(platform.logFile)}`);
}

const cpuMs = (pid) => (processFigures(pid).cpuSeconds ?? 0) * 1000;

async function metric(client, name) {
  const res = await client.request('GET', '/metrics');
  const text = typeof res.body === 'string' ? res.body : '';
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

async function idleCpu(pid, seconds) {
  const before = cpuMs(pid);
  await sleep(seconds * 1000);
  return round((cpuMs(pid) - before) / (seconds * 1000) * 100, 2);
}

async function main() {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run npm run build`);
  const workDir = mkdtempSync(join(os.tmpdir(), 'hustings-msgbench-'));
  const port = await freePort();
  const client = httpClient(port, CONCURRENCY + 2);
  const platform = start(port, workDir);
  try {
    await waitReady(client, platform);
    const campaignId = await createCampaign(client, 'bench-msg', 'bench-msg-spring');
    await sleep(2_000);
    const pid = platform.child.pid;
    const idleBefore = await idleCpu(pid, IDLE_SECONDS);
    const plan = donationPlan(DONATIONS, Math.ceil(DONATIONS / 4));
    const relayed0 = await metric(client, 'hustings_relay_published_total');
    const consumed0 = await metric(client, 'hustings_messages_consumed_total');
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const latencies = [];
    await pool(plan.length, CONCURRENCY, (i) =>
      timed(latencies, () => client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': `msg-${i}` })),
    );
    const posted = performance.now();
    for (;;) {
      const res = await client.request('GET', `/v1/campaigns/${campaignId}/totals`);
      if (res.status === 200 && res.body.donationCount >= DONATIONS) break;
      await sleep(50);
    }
    const visible = performance.now();
    const cpuLoad = cpuMs(pid) - cpu0;
    const relayed = (await metric(client, 'hustings_relay_published_total')) - relayed0;
    const consumed = (await metric(client, 'hustings_messages_consumed_total')) - consumed0;
    await sleep(2_000);
    const idleAfter = await idleCpu(pid, IDLE_SECONDS);
    const requests = summarize(latencies, posted - t0);
    printFigures([
      ['idle CPU before load (% of one core)', idleBefore],
      ['donations', DONATIONS],
      ['concurrency', CONCURRENCY],
      ['requests/s', requests.perSecond],
      ['request p50 / p99 / max ms', `${requests.p50Ms} / ${requests.p99Ms} / ${requests.maxMs}`],
      ['donations/s end to end (all visible)', round((DONATIONS * 1000) / (visible - t0))],
      ['messages relayed', relayed],
      ['messages consumed (all groups)', consumed],
      ['CPU ms per donation (process)', round(cpuLoad / DONATIONS)],
      ['CPU ms per consumed message (process, all work)', round(cpuLoad / Math.max(1, consumed))],
      ['idle CPU after load (% of one core)', idleAfter],
    ]);
  } finally {
    client.close();
    platform.child.kill('SIGTERM');
    await platform.exited;
    console.log(`work directory: ${workDir}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
