// CPU time of the processes behind a measured window, from /proc (Linux): each app, the Kafka
// broker's JVM, and PostgreSQL's processes, read before and after the window and divided by the
// donations decided in it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { round } from './common.mjs';

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ, 100 on Linux; Node has no sysconf to ask). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ticks, or null when it is gone (or this is not Linux). */
export function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the ")" closing the command name, utime and stime are the 12th and 13th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** pid -> ticks of every process whose comm is `postgres` (the server's postmaster and children). */
export function postgresTicks() {
  const ticks = new Map();
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return ticks;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const t = cpuTicks(name);
    if (t !== null) ticks.set(Number(name), t);
  }
  return ticks;
}

/** The bench broker's JVM (deploy/kafka.sh writes its pid beside the instance's data). */
export function kafkaPid(root) {
  const cache = process.env.KAFKA_CACHE_DIR || join(root, '.cache/kafka');
  try {
    return Number(readFileSync(join(cache, 'instances/bench/kafka.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** A reading of the named processes (name -> pid) and, when asked, of every postgres process. */
export function cpuSnapshot(pids, { postgres = false } = {}) {
  const procs = {};
  for (const [name, pid] of Object.entries(pids)) procs[name] = pid ? cpuTicks(pid) : null;
  return { procs, postgres: postgres ? postgresTicks() : null };
}

const msPer = (ticks, n) => (ticks === null ? null : round((ticks * 1000) / TICKS_PER_SECOND / n, 2));

/**
 * CPU ms per donation of each named process between two snapshots. PostgreSQL, when read, is
 * split by pg_stat_activity (`activity`, taken at the window's end): the client backends of the
 * bench's database (the apps' connections, minus the bench's own watcher, `benchPids`), the
 * server's own processes (postmaster, WAL writer, checkpointer..., shared with whoever else
 * uses the server) and the whole cluster (other databases' work included). The total counts
 * the apps, our backends, the server's own processes and the broker.
 */
export function cpuPerDonation(before, after, donations, { activity = [], database = null, benchPids = new Set() } = {}) {
  const perProcess = {};
  let total = 0;
  for (const name of Object.keys(after.procs)) {
    const a = after.procs[name];
    const b = before.procs[name];
    const ticks = a === null || b === null ? null : a - b;
    perProcess[name] = msPer(ticks, donations);
    if (ticks !== null) total += ticks;
  }
  if (!after.postgres) return { donations, perProcess, totalMs: msPer(total, donations) };
  const clients = new Map(activity.filter((r) => r.backend_type === 'client backend').map((r) => [Number(r.pid), r]));
  const pg = { ours: 0, server: 0, others: 0, cluster: 0, bench: 0 };
  for (const [pid, ticks] of after.postgres) {
    const delta = ticks - (before.postgres.get(pid) ?? 0);
    pg.cluster += delta;
    const client = clients.get(pid);
    if (!client) pg.server += delta;
    else if (benchPids.has(pid)) pg.bench += delta;
    else if (client.datname === database) pg.ours += delta;
    else pg.others += delta;
  }
  total += pg.ours + pg.server;
  const postgres = Object.fromEntries(Object.entries(pg).map(([k, t]) => [k, msPer(t, donations)]));
  return { donations, perProcess, postgres, totalMs: msPer(total, donations) };
}

/** The server's processes as pg_stat_activity lists them, and the pids of `appName`'s own connections. */
export async function pgActivity(query, appName) {
  const { rows } = await query('SELECT pid, datname, backend_type, application_name FROM pg_stat_activity');
  return { activity: rows, benchPids: new Set(rows.filter((r) => r.application_name === appName).map((r) => Number(r.pid))) };
}
