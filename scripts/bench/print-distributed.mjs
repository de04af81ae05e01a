// The distributed figures as a table (scripts/bench/distributed.mjs gathers them).

import console from 'node:console';
import { printFigures, printTable } from './common.mjs';
import { capacityPlan, printCapacityPlan, surgeSettings } from './scale-out.mjs';
import { APPS } from './topology.mjs';

const ms = (f) => `${f.p50Ms} / ${f.p95Ms} / ${f.p99Ms} ms (max ${f.maxMs})`;
/** Failed requests by status and problem code, or 'none'. */
const failuresOf = (intake) => Object.entries(intake.failures).map(([k, n]) => `${n}x ${k}`).join(', ') || 'none';

export function printDistributed(d) {
  console.log(`\n== Distributed topology end to end (${variantOf(d)}; Kafka, PostgreSQL) ==`);
  const t = d.totals ?? {};
  const m = d.messages;
  printFigures([
    ['run', d.mode],
    ['consumer replicas', `${d.replicas ?? 1} of each of compliance, rewards, reporting (one intake)`],
    ['seeded history', d.history ?? 'none (a fresh ledger)'],
    ['donations posted', `${d.donations} (${d.concurrency} concurrent, ${d.donors} donors; ${d.warmUp} warm-up before)`],
    ['startup until ready', `broker ${d.brokerReadyMs} ms; ${Object.keys(d.startupMs).map((a) => `${a} ${d.startupMs[a]}`).join(', ')} ms`],
    ['intake throughput', `${d.intake.perSecond} req/s (${d.intake.elapsedMs} ms)`],
    ['intake latency p50/p95/p99', ms(d.intake)],
    ['intake failures', failuresOf(d.intake)],
    ['END TO END donations/s', `${d.endToEnd.perSecond} (first POST to last donation visible in reporting: ${d.endToEnd.elapsedMs} ms, ${d.endToEnd.afterLastPostMs} ms after the last POST)`],
    ['END TO END latency p50/p95/p99', `${ms(d.endToEnd)}, request start to visible in reporting (poll every ~${d.endToEnd.pollPeriodMs} ms)`],
    ['  stage: request -> DonationReceived', ms(d.stages.intake)],
    ['  stage: -> DonationAccepted', ms(d.stages.compliance)],
    ['  stage: -> visible in reporting', ms(d.stages.reporting)],
    ['totals', `${t.donationCount} donations, ${t.raisedMinor} raised, ${t.uniqueDonors} donors (${d.totalsMatch ? 'as expected' : 'NOT as expected'})`],
    ['consumer lag after / dead letters', `${Object.entries(d.lagAfter).map(([g, l]) => `${g} ${l}`).join(', ')} / ${d.deadLetters}`],
    ['Kafka messages carried', `${m.messages} (${m.perDonation} per donation): ${Object.entries(m.topics).map(([topic, x]) => `${topic} ${x.messages}`).join(', ')}`],
    ['mean message size', `value ${m.meanValueBytes} B, key ${m.meanKeyBytes} B, headers ${m.meanHeaderBytes} B`],
    ['CPU s / peak RSS MiB', Object.keys(d.processes).map((a) => `${a} ${d.processes[a].cpuSeconds ?? '-'}/${d.processes[a].peakRssMiB ?? '-'}`).join(', ')],
    ['SIGTERM -> exit', Object.keys(d.shutdown).map((a) => `${a} code ${d.shutdown[a]?.exitCode} in ${d.shutdown[a]?.shutdownMs ?? '-'} ms`).join(', ')],
    ['ANCHOR bare handler + 1 INSERT', `${d.anchor.perSecond} req/s on ${d.anchor.server} (p50/p99 ${d.anchor.p50Ms} / ${d.anchor.p99Ms} ms; ${d.anchor.cpuMsPerRequest} CPU ms and ${d.anchor.sqlRoundTripsPerRequest} SQL round trips per request)`],
    ['intake / anchor req/s', `${d.anchor.intakeRatio} (${d.intake.perSecond} / ${d.anchor.perSecond}, same load generator, ${d.concurrency} concurrent)`],
    ...intakeAloneRows(d),
    ['RAW kafkajs produce+consume', `${d.raw.perSecond} msg/s (${d.raw.messages} messages, ${d.raw.partitions} partitions, batches of ${d.raw.batchSize}, ${d.raw.produceConsumeMs} ms; consumed ${d.raw.consumed}, duplicates ${d.raw.duplicates})`],
    ['raw produce only', `${d.raw.producePerSecond} msg/s (${d.raw.produceMs} ms)`],
    ['raw latency p50/p95/p99', ms(d.raw.latency)],
    ['RATIO end to end / raw', `${d.ratio.donationsPerRawMessage} (donations/s over raw msg/s); ${d.ratio.pipelineMessagesPerRawMessage} counting the ${m.perDonation} messages each donation makes`],
    ['load average after the pipeline', d.loadAverageAfter.join(' ')],
    ['app logs', d.logDir],
  ]);
  printCosts(d);
}

/** Intake by itself after the pipeline (consumers stopped), beside the same anchor. */
function intakeAloneRows(d) {
  const a = d.intakeAlone;
  if (!a) return [];
  const cpu = a.cpuPerDonation;
  return [
    ['INTAKE ALONE (consumers stopped)', `${a.intake.perSecond} req/s, ${a.donations} donations (p50/p99 ${a.intake.p50Ms} / ${a.intake.p99Ms} ms); per request ${cpu.totalMs} CPU ms (intake ${cpu.perProcess.intake}, our PostgreSQL backends ${cpu.postgres?.ours}, broker ${cpu.perProcess.kafka}) and ${a.sqlRoundTripsPerDonation.total} SQL round trips; failures ${failuresOf(a.intake)}`],
    ['intake alone / anchor req/s', `${d.anchor.intakeAloneRatio} (${a.intake.perSecond} / ${d.anchor.perSecond}, same load generator, ${d.concurrency} concurrent)`],
  ];
}

/** CPU ms and SQL round trips per donation, per process, over the measured window. */
function printCosts(d) {
  const cpu = d.cpuPerDonation;
  const sql = d.sqlRoundTripsPerDonation;
  console.log(`\n-- Cost per donation (${cpu.donations} donations, first POST until the last is visible in reporting) --`);
  const pg = cpu.postgres ?? {};
  const rows = [
    ...Object.keys(cpu.perProcess).filter((a) => a !== 'kafka').map((a) => [a, cpu.perProcess[a], sql.perTag[a], APPS.includes(a) ? 'node process' : 'node process, a further replica']),
    ['kafka broker', cpu.perProcess.kafka, null, 'the bench broker JVM'],
    ['postgres: our backends', pg.ours, null, "client backends of the bench's database (the apps' connections)"],
    ['postgres: server processes', pg.server, null, 'postmaster, WAL writer, checkpointer...: the server is SHARED, others may add to this'],
    ['TOTAL', cpu.totalMs, sql.total, 'apps + our backends + server processes + broker'],
    ['(postgres: bench watcher)', pg.bench, null, "the bench's visibility polling: not in the total"],
    ['(postgres: other databases)', pg.others, null, 'other users of the shared server: not in the total'],
    ['(postgres: whole cluster)', pg.cluster, null, 'every postgres process, everything above included'],
  ];
  printTable(
    [
      ['process', (r) => r[0]],
      ['CPU ms', (r) => r[1]],
      ['SQL round trips', (r) => r[2]],
      ['note', (r) => r[3]],
    ],
    rows,
  );
  printCapacityPlan(capacityPlan(d, surgeSettings()), variantOf(d));
}

export function variantOf(d) {
  return `consumers x${d.replicas ?? 1}, ${d.seeded ? 'seeded history' : 'fresh ledger'}`;
}

/** Several distributed runs (fresh and seeded, one and two replicas) side by side. */
export function printDistributedComparison(runs) {
  if (runs.length < 2) return;
  // A seeded run is compared with the fresh run of its replicas; a fresh run with the first fresh one.
  const baseOf = (d) => (d.seeded ? runs.find((r) => !r.seeded && r.replicas === d.replicas) : runs.find((r) => !r.seeded)) ?? runs[0];
  console.log('\n== Distributed runs side by side (xN: a seeded run to the fresh run with its replicas; a fresh run to the first fresh run) ==');
  const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  const figures = [
    ['end-to-end donations/s', (d) => d.endToEnd.perSecond, true],
    ['intake req/s', (d) => d.intake.perSecond, true],
    ['request->visible p50 ms', (d) => d.endToEnd.p50Ms, false],
    ['request->visible p99 ms', (d) => d.endToEnd.p99Ms, false],
    ['CPU ms/donation, total', (d) => d.cpuPerDonation.totalMs, false],
    ...APPS.map((a) => [`CPU ms/donation, ${a} (all replicas)`, (d) => appCpu(d, a), false]),
    ['CPU ms/donation, postgres ours', (d) => d.cpuPerDonation.postgres?.ours ?? null, false],
    ['SQL round trips/donation', (d) => d.sqlRoundTripsPerDonation.total, false],
    ['ledger events before the window', (d) => d.seeded?.ledgerEvents ?? null, null],
  ];
  const rows = figures.map(([name, pick, higherIsBetter]) => ({
    name,
    values: runs.map((d) => pick(d)),
    ratios: runs.map((d) => (higherIsBetter === null || baseOf(d) === d ? null : ratio(pick(d), pick(baseOf(d))))),
  }));
  printTable(
    [
      ['figure', (r) => r.name],
      ...runs.map((d, i) => [variantOf(d), (r) => (r.values[i] === null || r.values[i] === undefined ? null : r.ratios[i] === null ? r.values[i] : `${r.values[i]} (x${r.ratios[i]})`)]),
    ],
    rows,
  );
  console.log('  (history "does not cost" when a seeded run is within 20% of the fresh one; scale-out when 2 replicas are not slower than 1)');
}

function appCpu(d, app) {
  const names = Object.keys(d.cpuPerDonation.perProcess).filter((n) => n === app || n.startsWith(`${app}-`));
  return names.length ? Math.round(names.reduce((s, n) => s + (d.cpuPerDonation.perProcess[n] ?? 0), 0) * 100) / 100 : null;
}
