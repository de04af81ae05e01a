// The anchor measured beside intake in the same run: scripts/bench/anchor-server.mjs as its own
// process, driven by the same load generator (common.mjs pool + httpClient) at the same
// concurrency and with the same donations as intake.

import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { cpuTicks } from './cpu.mjs';
import { freePort, httpClient, logTail, pool, round, sleep, summarize } from './common.mjs';

async function waitReady(client, exited, logFile, timeoutMs = 60_000) {
  let exit = null;
  void exited.then((e) => (exit = e));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exit) throw new Error(`anchor exited (code ${exit.code}) before ready:\n${logTail(logFile)}`);
    const res = await client.request('GET', '/health/ready').catch(() => null);
    if (res?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`anchor not ready within ${timeoutMs} ms:\n${logTail(logFile)}`);
}

/**
 * POSTs `plan` to the anchor, `concurrency` at a time: requests/s, latency, and the handler
 * process's CPU ms per request (PostgreSQL's share not included). `databaseUrl` may be a
 * counting proxy's; `table` is created by the anchor and dropped by the caller's database.
 */
export async function benchAnchor(root, { databaseUrl, table, plan, concurrency, logDir }) {
  const port = await freePort();
  const logFile = join(logDir, 'anchor.log');
  const log = openSync(logFile, 'a');
  const env = { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_URL: databaseUrl, ANCHOR_TABLE: table };
  const child = spawn(process.execPath, [join(root, 'scripts/bench/anchor-server.mjs')], { cwd: root, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const client = httpClient(port, concurrency);
  try {
    await waitReady(client, exited, logFile);
    // A short warm-up (JIT, the pool's connections), as the apps had theirs.
    const warm = Math.min(200, plan.length);
    await pool(warm, concurrency, (i) => client.request('POST', '/v1/campaigns/anchor-warm/donations', { ...plan[i], donationId: `warm-${plan[i].donationId}` }));
    const failures = {};
    const latencies = [];
    const ticksBefore = cpuTicks(child.pid);
    const start = performance.now();
    await pool(plan.length, concurrency, async (i) => {
      const began = performance.now();
      const res = await client.request('POST', '/v1/campaigns/anchor/donations', plan[i], { 'idempotency-key': plan[i].donationId });
      latencies.push(performance.now() - began);
      if (res.status !== 202) failures[res.status] = (failures[res.status] ?? 0) + 1;
    });
    const elapsed = performance.now() - start;
    const ticks = cpuTicks(child.pid) - ticksBefore;
    const server = /anchor: (.*)/.exec(readFileSync(logFile, 'utf8'))?.[1] ?? 'unknown';
    return { server, ...summarize(latencies, elapsed), failures, cpuMsPerRequest: round((ticks * 10) / plan.length, 3) };
  } finally {
    client.close();
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
}
