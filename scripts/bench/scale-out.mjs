// Scale-out figures of the distributed runs: CPU per donation per consumer (all its replicas),
// what one partition's consumer can carry, and from that, the partitions, processes, cores and
// machines a given surge needs (method: README "Benchmarks", "Partitions and machines").

import console from 'node:console';
import os from 'node:os';
import process from 'node:process';
import { printTable, round } from './common.mjs';
import { APPS, GROUPS } from './topology.mjs';

/** Busy share a core is planned at: headroom for bursts, GC and rebalances. */
export const PLANNED_UTILISATION = 0.7;

export function surgeSettings() {
  const surges = (process.env.BENCH_SURGES || '100,500,2000').split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const cores = Number(process.env.BENCH_MACHINE_CORES) || os.cpus().length;
  return { surges, cores };
}

/** CPU ms per donation of an app over all its processes (`compliance`, `compliance-2`...). */
export function appCpuMs(cpu, app) {
  const names = Object.keys(cpu.perProcess).filter((n) => n === app || n.startsWith(`${app}-`));
  if (names.some((n) => cpu.perProcess[n] === null)) return null;
  return round(names.reduce((sum, n) => sum + cpu.perProcess[n], 0), 2);
}

/**
 * From one run's measured CPU per donation: for each consumer group, the donations/s one
 * partition's consumer can carry on one core at the planned utilisation; and for each surge, the
 * partitions (the largest number of consumer processes any group needs: a partition has one
 * consumer of a group at a time), processes per app, cores in all (apps + PostgreSQL + broker)
 * and machines of `cores` cores.
 */
export function capacityPlan(d, { surges, cores }) {
  const cpu = d.cpuPerDonation;
  const perApp = Object.fromEntries(APPS.map((a) => [a, appCpuMs(cpu, a)]));
  const partitionCapacity = Object.fromEntries(APPS.map((a) => [a, perApp[a] ? round((1000 * PLANNED_UTILISATION) / perApp[a], 0) : null]));
  const pg = cpu.postgres ? (cpu.postgres.ours ?? 0) + (cpu.postgres.server ?? 0) : 0;
  const broker = cpu.perProcess.kafka ?? 0;
  const rows = surges.map((surge) => {
    const processes = Object.fromEntries(APPS.map((a) => [a, perApp[a] ? Math.ceil((surge * perApp[a]) / (1000 * PLANNED_UTILISATION)) : null]));
    const partitions = Math.max(1, ...GROUPS.map((g) => processes[g] ?? 1));
    const totalCores = (surge * (cpu.totalMs ?? 0)) / (1000 * PLANNED_UTILISATION);
    return {
      surge,
      partitions,
      processes,
      postgresCores: round((surge * pg) / (1000 * PLANNED_UTILISATION), 1),
      brokerCores: round((surge * broker) / (1000 * PLANNED_UTILISATION), 1),
      totalCores: round(totalCores, 1),
      machines: Math.max(1, Math.ceil(totalCores / cores)),
    };
  });
  return { perApp, partitionCapacity, totalMs: cpu.totalMs, cores, utilisation: PLANNED_UTILISATION, rows };
}

export function printCapacityPlan(plan, label) {
  console.log(`\n-- Cost per partition (${label}) --`);
  printTable(
    [
      ['consumer', (r) => r[0]],
      ['CPU ms/donation', (r) => r[1]],
      ['donations/s per partition-consumer', (r) => r[2]],
      ['note', (r) => r[3]],
    ],
    APPS.map((a) => [a, plan.perApp[a], plan.partitionCapacity[a], a === 'intake' ? 'HTTP, not a consumer: processes behind a load balancer' : 'all its replicas; one core at the planned utilisation'])
      .concat([['TOTAL', plan.totalMs, null, 'apps + PostgreSQL + broker']]),
  );
  console.log(`\n-- Partitions and machines for a surge (from the cost above; ${round(plan.utilisation * 100, 0)}% planned utilisation, machines of ${plan.cores} cores) --`);
  printTable(
    [
      ['donations/s', (r) => r.surge],
      ['partitions', (r) => r.partitions],
      ['intake', (r) => r.processes.intake],
      ...GROUPS.map((g) => [g, (r) => r.processes[g]]),
      ['postgres cores', (r) => r.postgresCores],
      ['broker cores', (r) => r.brokerCores],
      ['cores in all', (r) => r.totalCores],
      ['machines', (r) => r.machines],
    ],
    plan.rows,
  );
}
