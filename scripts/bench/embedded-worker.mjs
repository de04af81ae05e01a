// The embedded ledger's database alone, as the platform runs it: PGlite in its worker thread on a
// data directory (EmbeddedDatabase), with the ledger's schema. Prints ms and process CPU ms per
// call for two statements the embedded platform spends its ledger worker on:
//   - the append function with a batch like compliance's (CALLS calls of 57 events in 24 streams:
//     donations, structuring key streams shared between donors, donors), payloads full of quotes;
//   - reads of 500 events by position, as the relay reads them (READS reads).
// The platform's thread waits on each call, so the process's CPU is the worker's plus the
// messages' cost on both sides.
//
//   npm run build && node scripts/bench/embedded-worker.mjs
//   ROOT=/path/to/another/checkout node scripts/bench/embedded-worker.mjs   # that checkout's build, for a before/after
//
// Environment: ROOT (this checkout), CALLS (400), READS (40).

import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(process.env.ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..'));
const CALLS = Number(process.env.CALLS ?? 400);
const READS = Number(process.env.READS ?? 40);
const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const { EmbeddedDatabase } = await load('libs/sql/src/embedded-database.js');
const { ledgerSchemaSql } = await load('libs/ledger/src/sql/sql-ledger.schema.js');

const dir = mkdtempSync(join(tmpdir(), 'hustings-embedded-worker-'));
const db = await EmbeddedDatabase.open(join(dir, 'ledger'));
await db.exec(ledgerSchemaSql('ledger'));

const payload = JSON.stringify({
  donationId: randomUUID(),
  amountMinor: '1850',
  currency: 'USD',
  donor: { donorId: 'd'.repeat(43), sealedPii: 'p"'.repeat(250) },
  matchKeys: { card: 'c'.repeat(43), address: 'a'.repeat(43) },
});
const metadata = JSON.stringify({ occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), committeeId: randomUUID(), actor: 'key:bench', tenantId: 't1' });
const APPEND = `SELECT grp, status, head_revision, head_hash, last_position, detail FROM "ledger".append_groups(
  $1::text[], $2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::int[], $8::uuid[], $9::bigint[], $10::text[],
  $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], NULL)`;
const READ = `SELECT position, event_id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash
  FROM "ledger".events WHERE position > $1 ORDER BY position LIMIT $2`;

const heads = new Map();
let donations = 0;
const hex = () => randomUUID().replace(/-/g, '');
/** One call's parameters: seven donations, each with its own stream, four key streams and its donor. */
function batch() {
  const groups = [];
  const seen = new Set();
  for (let d = 0; d < 7; d++, donations++) {
    const streams = [`donation-${donations}`, ...[0, 1, 2, 3].map((k) => `structuring-${k}-${(donations * 7 + k) % 500}`), `donor-${donations % 500}`];
    streams.forEach((stream, i) => !seen.has(stream) && seen.add(stream) && groups.push({ stream, events: i === 0 ? 3 : 1 }));
  }
  const columns = Array.from({ length: 16 }, () => []);
  groups.forEach(({ stream, events }, index) => {
    const head = heads.get(stream) ?? { revision: -1, hash: '' };
    let prev = head.hash;
    for (let i = 0; i < events; i++) {
      const hash = hex() + hex();
      const row = [index + 1, randomUUID(), head.revision + 1 + i, 'DonationReceived', 1, payload, metadata, new Date().toISOString(), prev, hash];
      row.forEach((value, column) => columns[6 + column].push(value));
      prev = hash;
    }
    [stream, head.revision, head.hash, index + 1, head.revision + events, prev].forEach((value, column) => columns[column].push(value));
    heads.set(stream, { revision: head.revision + events, hash: prev });
  });
  return columns;
}

const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const calls = Array.from({ length: CALLS + 50 }, batch);
for (const params of calls.slice(0, 50)) await db.query(APPEND, params);
let cpu = process.cpuUsage();
let started = performance.now();
for (const params of calls.slice(50)) await db.query(APPEND, params);
const append = { ms: (performance.now() - started) / CALLS, cpu: cpuMs(cpu) / CALLS };
for (let i = 0; i < 5; i++) await db.query(READ, ['0', 500]);
cpu = process.cpuUsage();
started = performance.now();
let after = '0';
for (let i = 0; i < READS; i++) {
  const { rows } = await db.query(READ, [after, 500]);
  after = rows.length ? String(rows[rows.length - 1].position) : '0';
}
const read = { ms: (performance.now() - started) / READS, cpu: cpuMs(cpu) / READS };
await db.close();
rmSync(dir, { recursive: true, force: true });
const round = (value) => Math.round(value * 100) / 100;
console.log(`${root}: append of 57 events ${round(append.ms)} ms (${round(append.cpu)} CPU ms) per call over ${CALLS}; read of 500 events ${round(read.ms)} ms (${round(read.cpu)} CPU ms) over ${READS}`);
