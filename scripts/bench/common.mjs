// Helpers shared by the benchmarks (scripts/bench.mjs and scripts/bench/*.mjs): statistics,
// bounded concurrency, a keep-alive HTTP client, the donation plan, process figures, tables.

// Node's globals come from their modules: the repository's ESLint config has no Node environment.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';

/** Stored by the first app to start (HUSTINGS_BOOTSTRAP_ADMIN_KEY); every bench request presents it. */
export const BENCH_ADMIN_KEY = 'hustings-bench-admin-key-not-a-secret-0123456789';
export const BENCH_DONOR_ID_KEY = 'hustings-bench-donor-key-not-a-secret-0123456789';
/** 2025–2026 FEC individual limit per election (libs/compliance-rules), in cents. */
export const ELECTION_LIMIT_MINOR = 350_000;

export function positiveInt(name, fallback) {
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
// Statistics and concurrency
// ---------------------------------------------------------------------------------------

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** p50/p95/p99/max (ms) of a list of latencies. */
export function latencyFigures(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

/** Throughput and latency percentiles (ms) of `count` operations that took `elapsedMs` in all. */
export function summarize(latenciesMs, elapsedMs, count = latenciesMs.length) {
  return { count, elapsedMs: round(elapsedMs), perSecond: round((count * 1000) / elapsedMs), ...latencyFigures(latenciesMs) };
}

/** Runs `worker(index)` for index 0..total-1 with at most `concurrency` in flight. */
export async function pool(total, concurrency, worker) {
  let next = 0;
  const lane = async () => {
    while (next < total) await worker(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

/** Times `work()`; pushes the latency in ms to `into`; returns its result. */
export async function timed(into, work) {
  const start = performance.now();
  const result = await work();
  into.push(performance.now() - start);
  return result;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------

export async function freePort() {
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

/**
 * A small JSON client over keep-alive sockets (cheaper than fetch on a busy 2-core box). A
 * request sent on a reused socket that the server had just closed as idle is sent again, as
 * Node's documentation advises: the server never read it.
 */
export function httpClient(port, maxSockets) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = async (method, path, body, extraHeaders = {}) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(method, path, body, extraHeaders);
      } catch (error) {
        if (!(error.reusedSocket && error.code === 'ECONNRESET') || attempt >= 3) throw error;
      }
    }
  };
  const send = (method, path, body, extraHeaders) =>
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
      req.on('error', (error) => rejectRequest(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

export async function expectStatus(promise, status, what) {
  const res = await promise;
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The README walk-through's committee (US FEC candidate, the general election of 2028: an election still ahead) and a campaign of it. */
export async function createCampaign(client, committeeId, campaignId) {
  await expectStatus(
    client.request('POST', '/v1/committees', {
      committeeId,
      name: 'Bench for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
      defaultElectionId: 'general-2026',
    }),
    201,
    'register committee',
  );
  await expectStatus(client.request('POST', '/v1/campaigns', { campaignId, committeeId, name: 'Bench push', currency: 'USD' }), 201, 'open campaign');
  return campaignId;
}

// ---------------------------------------------------------------------------------------
// The donations
// ---------------------------------------------------------------------------------------

/**
 * N donations spread round-robin over the donors. Amounts vary but are capped so that no
 * donor's total passes the per-election limit, and every donor attests citizenship (the FEC
 * pack flags those who do not): every donation is accepted, whatever order compliance
 * decides them in.
 */
export function donationPlan(total, donors, idPrefix = 'bench-don', donorPrefix = 'Bench Donor', options = {}) {
  const { reserveMinor = 0, amountMinor = null, sharedAddressEvery = 0 } = options;
  const perDonor = Math.ceil(total / donors);
  // reserveMinor: what each donor already gave this election (a seeded history), kept free.
  const cap = Math.floor((ELECTION_LIMIT_MINOR - reserveMinor) / perDonor);
  const amounts = [2_500, 5_000, 10_000, 25_000, 50_000];
  return Array.from({ length: total }, (_, i) => {
    const donor = i % donors;
    return {
      donationId: `${idPrefix}-${i}`,
      amountMinor: amountMinor ?? Math.max(1, Math.min(amounts[i % amounts.length], cap)),
      currency: 'USD',
      donor: {
        type: 'individual',
        name: `${donorPrefix} ${donor}`,
        address: donorAddress(donor, sharedAddressEvery),
        attestations: { usCitizenOrPermanentResident: true },
      },
      payment: { method: 'card', pspReference: `ch_${idPrefix}_${i}` },
    };
  });
}

/**
 * The one address (first line and postal code: compliance's address match key) that the
 * shared-address donors of a seeded history give, and every `sharedAddressEvery`-th donor of
 * the bench's own too (0: none), so that key is hot while the bench measures.
 */
export const SHARED_ADDRESS = { line1: '1 Bench Plaza', postalCode: '99999' };

export function donorAddress(donor, sharedAddressEvery = 0) {
  if (sharedAddressEvery > 0 && donor % sharedAddressEvery === 0) return { ...SHARED_ADDRESS };
  return { postalCode: String(10_000 + donor) };
}

/** What compliance should accept: each donor's running total within the election limit. */
export function expectedOutcome(plan) {
  const byDonor = new Map();
  let accepted = 0;
  let raisedMinor = 0;
  for (const d of plan) {
    const key = d.donor.name;
    const after = (byDonor.get(key) ?? 0) + d.amountMinor;
    if (after > ELECTION_LIMIT_MINOR) continue;
    byDonor.set(key, after);
    accepted++;
    raisedMinor += d.amountMinor;
  }
  return { accepted, raisedMinor, uniqueDonors: byDonor.size };
}

// ---------------------------------------------------------------------------------------
// Processes, machine, output
// ---------------------------------------------------------------------------------------

/** Peak resident set (VmHWM) and CPU seconds of a live process, from /proc (Linux). */
export function processFigures(pid) {
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

export function logTail(logFile, lines = 20) {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A URL without its password, for printing. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: os.loadavg().map((l) => round(l)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** Prints rows as an aligned text table; numbers right-aligned. */
export function printTable(columns, rows) {
  const cells = rows.map((row) =>
    columns.map(([, pick]) => {
      const v = pick(row);
      return v === null || v === undefined ? '-' : String(v);
    }),
  );
  const widths = columns.map(([title], c) => Math.max(title.length, ...cells.map((r) => r[c].length)));
  const numeric = columns.map((_, c) => cells.every((r) => /^-?[\d.]+$|^-$/.test(r[c])));
  const last = columns.length - 1;
  const pad = (v, c) => (numeric[c] ? v.padStart(widths[c]) : c === last ? v : v.padEnd(widths[c]));
  const line = (values) => values.map(pad).join('  ');
  console.log(line(columns.map(([title]) => title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

/** A two-column figure/value table. */
export function printFigures(rows) {
  printTable(
    [
      ['figure', (r) => r[0]],
      ['value', (r) => r[1]],
    ],
    rows,
  );
}
