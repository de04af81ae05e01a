// 3. The distributed topology end to end: four app processes on Kafka and PostgreSQL, then the
// raw kafkajs baseline on the same broker with messages of the same size. See README "Benchmarks".

import console from 'node:console';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createCampaign, donationPlan, expectStatus, expectedOutcome, freePort, httpClient, latencyFigures, processFigures, round, sleep } from './common.mjs';
import { benchAnchor } from './anchor.mjs';
import { cpuPerDonation, cpuSnapshot, kafkaPid, pgActivity } from './cpu.mjs';
import { rawProduceConsume, sampleMessages } from './kafka-baseline.mjs';
import { postAll, stages, watchVisibility } from './pipeline.mjs';
import { CountingSqlProxy, roundTripsPerDonation } from './sql-proxy.mjs';
import { describeHistory, hasHistory, measuredPlanOptions, postHistory, seedLedger } from './seed.mjs';
import { APPS, AppProcess, BenchBroker, BenchDatabase, GROUPS, appEnv } from './topology.mjs';

/** The processes of a run: the four apps, then the consumers' extra replicas (`compliance-2`...). */
export const processNames = (replicas) => [...APPS, ...Array.from({ length: replicas - 1 }, (_, r) => GROUPS.map((g) => `${g}-${r + 2}`)).flat()];

/** Sum of a Prometheus counter or gauge over all its series in an app's /metrics. */
async function metricSum(app, name) {
  const res = await app.client.request('GET', '/metrics');
  const text = typeof res.body === 'string' ? res.body : '';
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
}

async function untilSettled(apps, timeoutMs = 120_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lags = await Promise.all(GROUPS.map((g) => metricSum(apps[g], 'hustings_consumer_lag_messages').catch(() => Infinity)));
    if (lags.every((l) => l === 0) || performance.now() > deadline) return Object.fromEntries(GROUPS.map((g, i) => [g, lags[i]]));
    await sleep(500);
  }
}

async function startTopology(root, settings, run, broker, db, proxy) {
  const logDir = join(root, '.cache/bench/logs', run);
  const apps = {};
  const startupMs = {};
  // One at a time: four Node processes starting together on two cores mostly wait on each other.
  // BENCH_REPLICAS > 1: the consumers' further replicas join the same consumer groups.
  for (const name of processNames(settings.replicas)) {
    const app = name.replace(/-\d+$/, '');
    const port = await freePort();
    // Every process reaches PostgreSQL through a port of the counting proxy of its own.
    const databaseUrl = await proxy.listen(name);
    apps[name] = new AppProcess(root, app, port, appEnv(app, port, { brokers: broker.brokers, partitions: settings.partitions, databaseUrl, run, name }), logDir, name);
    process.stdout.write(`  ${name} on port ${port} ... `);
    startupMs[name] = await apps[name].start();
    process.stdout.write(`ready in ${startupMs[name]} ms\n`);
  }
  return { apps, startupMs, logDir };
}

/** Warm-up: JIT, connection pools, the groups' first fetches; then measured from a quiet pipeline. */
async function warmUp(client, apps, committeeId, run, count) {
  const campaignId = `bench-warm-${run}`;
  await expectStatus(client.request('POST', '/v1/campaigns', { campaignId, committeeId, name: 'Bench warm-up', currency: 'USD' }), 201, 'open warm-up campaign');
  const plan = donationPlan(count, count, `warm-${run}`, 'Warm Donor');
  await postAll(client, campaignId, plan, 8);
  const deadline = performance.now() + 300_000;
  while (performance.now() < deadline) {
    const res = await apps.reporting.client.request('GET', `/v1/campaigns/${campaignId}/totals`);
    if (res.body?.donationCount >= count) return;
    await sleep(100);
  }
  throw new Error('the warm-up donations did not reach reporting within 300 s');
}

/** Before the measured window: CPU of every process involved and the proxy's counts. */
function windowStart(root, apps, proxy) {
  const pids = { ...Object.fromEntries(Object.keys(apps).map((a) => [a, apps[a].child.pid])), kafka: kafkaPid(root) };
  return { pids, cpu: cpuSnapshot(pids, { postgres: true }), sql: proxy.snapshot() };
}

/** After it: CPU ms and SQL round trips per donation decided in it. */
async function windowEnd(start, db, proxy, donations) {
  const cpu = cpuSnapshot(start.pids, { postgres: true });
  const sql = proxy.snapshot();
  const { activity, benchPids } = await pgActivity((text) => db.query(text), 'hustings-bench');
  return { cpu: cpuPerDonation(start.cpu, cpu, donations, { activity, database: db.name, benchPids }), sql: roundTripsPerDonation(start.sql, sql, donations) };
}

/** The donations to post: BENCH_DONATIONS, or in a sustained run as many as it could take. */
function measuredPlan(settings, run) {
  const options = measuredPlanOptions(settings.history);
  if (!settings.durationS) return donationPlan(settings.donations, settings.donors, `don-${run}`, 'Bench Donor', options);
  return donationPlan(settings.durationS * 2_000, settings.donors, `don-${run}`, 'Bench Donor', options);
}

/**
 * The seeded history (scripts/bench/seed.mjs), after the warm-up and before the measured window:
 * the donor history and shared-address donors through intake, then the filler appended with
 * intake (the relay) stopped, the relay's checkpoint moved to the head, intake started again
 * and warmed up once more.
 */
async function seedHistory(settings, run, apps, db, committeeId, warmUpIds, client) {
  const h = settings.history;
  const seeded = { history: null, filler: null };
  const totals = async (campaignId) => (await apps.reporting.client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body;
  seeded.history = await postHistory(client, totals, committeeId, run, h, settings.donors, settings.httpConcurrency);
  if (h.seedEvents) {
    await untilSettled(apps);
    console.log('  stopping intake (the relay) to seed the ledger ...');
    await apps.intake.stop();
    const { PgDatabase } = await import('#sql');
    const ledgerDb = new PgDatabase({ url: db.url, poolSize: h.seedInFlight + 2, applicationName: 'hustings-bench-seed' });
    try {
      seeded.filler = await seedLedger(ledgerDb, warmUpIds, h, run);
    } finally {
      await ledgerDb.close();
    }
    await db.query('ANALYZE ledger.events');
    process.stdout.write('  intake again ... ');
    process.stdout.write(`ready in ${await apps.intake.start()} ms\n`);
  }
  seeded.ledgerEvents = Number((await db.query('SELECT count(*) AS n FROM ledger.events')).rows[0].n);
  return seeded;
}

async function measure(root, settings, run, apps, db, proxy) {
  let client = httpClient(apps.intake.port, settings.httpConcurrency);
  try {
    const committeeId = `bench-cmte-${run}`;
    const campaignId = await createCampaign(client, committeeId, `bench-${run}`);
    const warmUpCount = Math.min(50, Math.ceil(settings.donations / 10));
    await warmUp(client, apps, committeeId, run, warmUpCount);
    let seeded = null;
    if (hasHistory(settings.history)) {
      const warmUpIds = donationPlan(warmUpCount, warmUpCount, `warm-${run}`, 'Warm Donor').map((d) => d.donationId);
      seeded = await seedHistory(settings, run, apps, db, committeeId, warmUpIds, client);
      client.close();
      client = httpClient(apps.intake.port, settings.httpConcurrency);
      await warmUp(client, apps, committeeId, `${run}-again`, warmUpCount);
    }
    const history = describeHistory(settings.history, seeded);
    console.log(`  history: ${history}`);
    const plan = measuredPlan(settings, run);
    const what = settings.durationS ? `for ${settings.durationS} s` : `${plan.length} donations`;
    console.log(`  warmed up with ${warmUpCount}; posting ${what} (${settings.httpConcurrency} at a time, ${settings.donors} donors) ...`);
    const watcher = watchVisibility(db, campaignId, plan.map((d) => d.donationId), settings.pollMs);
    const clock = ((wall, perf) => (ms) => perf + (ms - wall))(Date.now(), performance.now());
    const window = windowStart(root, apps, proxy);
    const deadline = settings.durationS ? performance.now() + settings.durationS * 1000 : Infinity;
    const posted = await postAll(client, campaignId, plan, settings.httpConcurrency, deadline);
    console.log(`  intake answered ${posted.posted} at ${posted.summary.perSecond} req/s; waiting until reporting shows every donation ...`);
    await watcher.until(settings.timeoutMs, posted.posted);
    const costs = await windowEnd(window, db, proxy, posted.posted);
    const visibleAt = watcher.visibleAt.subarray(0, posted.posted);
    const lastVisible = visibleAt.reduce((a, b) => Math.max(a, b), 0);
    const endToEndMs = lastVisible - posted.start;
    const latencies = Array.from(visibleAt, (v, i) => v - posted.startedAt[i]);
    const totals = (await apps.reporting.client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body;
    const expected = expectedOutcome(plan.slice(0, posted.posted));
    return {
      mode: settings.durationS ? `sustained ${settings.durationS} s` : `${plan.length} donations`,
      replicas: settings.replicas,
      history,
      seeded,
      donations: posted.posted,
      warmUp: warmUpCount,
      concurrency: settings.httpConcurrency,
      donors: expected.uniqueDonors,
      intake: { ...posted.summary, failures: posted.failures },
      endToEnd: { elapsedMs: round(endToEndMs, 0), afterLastPostMs: round(lastVisible - posted.end, 0), perSecond: round((posted.posted * 1000) / endToEndMs), ...latencyFigures(latencies), pollPeriodMs: watcher.meanPollPeriodMs() },
      stages: await stages(db, plan, posted, watcher.visibleAt, clock),
      cpuPerDonation: costs.cpu,
      sqlRoundTripsPerDonation: costs.sql,
      totals,
      totalsMatch: totals?.donationCount === expected.accepted && totals?.raisedMinor === expected.raisedMinor && totals?.uniqueDonors === expected.uniqueDonors,
      plan: plan.slice(0, posted.posted),
    };
  } finally {
    client.close();
  }
}

export async function benchDistributed(root, settings) {
  const run = randomUUID().slice(0, 8);
  const broker = new BenchBroker(root, settings.kafkaPort);
  const db = new BenchDatabase(settings.databaseUrl, run);
  const { ALL_TOPICS } = await import('#contracts');
  console.log(`\nDistributed: ${processNames(settings.replicas).length} processes (consumers x${settings.replicas}), Kafka ${broker.brokers} (${settings.partitions} partitions), PostgreSQL database ${db.name}`);
  const proxy = new CountingSqlProxy(db.url);
  let topology = null;
  let ok = false;
  try {
    const brokerReadyMs = await broker.start();
    await db.create();
    topology = await startTopology(root, settings, run, broker, db, proxy);
    const { apps } = topology;
    const { plan, ...measured } = await measure(root, settings, run, apps, db, proxy);
    const result = { run, brokerReadyMs, startupMs: topology.startupMs, ...measured };
    result.lagAfter = await untilSettled(apps);
    result.deadLetters = (await Promise.all(GROUPS.map((g) => metricSum(apps[g], 'hustings_dead_letters_total')))).reduce((a, b) => a + b, 0);
    result.loadAverageAfter = os.loadavg().map((l) => round(l));
    result.processes = Object.fromEntries(Object.keys(apps).map((a) => [a, processFigures(apps[a].child.pid)]));
    result.shutdown = {};
    // Intake alone: the consumers stopped, intake (with its relay to Kafka) takes the load by itself.
    for (const app of Object.keys(apps)) if (app !== 'intake') result.shutdown[app] = await apps[app].stop();
    result.intakeAlone = await intakeAlone(root, settings, run, apps.intake, db, proxy, Math.min(plan.length, INTAKE_ALONE_MAX));
    result.shutdown.intake = await apps.intake.stop();
    console.log(`  apps stopped; anchor: one INSERT per request, ${plan.length} requests, ${settings.httpConcurrency} at a time ...`);
    result.anchor = await anchorThroughProxy(root, settings, proxy, plan, topology.logDir);
    result.anchor.intakeRatio = round(result.intake.perSecond / result.anchor.perSecond, 3);
    result.anchor.intakeAloneRatio = round(result.intakeAlone.intake.perSecond / result.anchor.perSecond, 3);
    console.log('  reading the messages the apps exchanged ...');
    result.messages = await sampleMessages(broker, ALL_TOPICS, run);
    // Every donation posted through intake made messages: the measured ones, the warm-up (twice
    // when a history was seeded: warmed again after it) and the history's.
    const posted = result.donations + result.warmUp * (result.seeded ? 2 : 1) + (result.seeded?.history?.donations ?? 0);
    result.messages.perDonation = round(result.messages.messages / posted, 2);
    console.log(`  raw kafkajs: ${settings.kafkaMessages} messages of ${result.messages.meanValueBytes} bytes (+ key and headers) ...`);
    result.raw = await rawProduceConsume(broker, { partitions: settings.partitions, count: settings.kafkaMessages, batchSize: 500, shape: result.messages, keys: settings.donors, run });
    result.ratio = {
      donationsPerRawMessage: result.raw.perSecond ? round(result.endToEnd.perSecond / result.raw.perSecond, 4) : null,
      pipelineMessagesPerRawMessage: result.raw.perSecond ? round((result.endToEnd.perSecond * result.messages.perDonation) / result.raw.perSecond, 4) : null,
    };
    ok = true;
    return { ...result, logDir: topology.logDir };
  } finally {
    if (topology) for (const app of Object.keys(topology.apps)) await topology.apps[app]?.stop(10_000).catch(() => undefined);
    await proxy.close();
    await db.drop();
    broker.stop(settings.keepKafka);
    if (!ok && topology) console.error(`  app logs kept in ${topology.logDir}`);
  }
}

/** Donations posted to intake alone: as many as the pipeline took, at most this many. */
const INTAKE_ALONE_MAX = 5_000;

/**
 * Intake by itself, after the pipeline, with the consumers stopped: the same donors (their keys
 * already made) give `count` new donations to a campaign of their own, at the same concurrency.
 * Requests/s beside the anchor's, and the CPU ms per request of intake (HTTP, idempotency, the
 * ledger append, the relay publishing to Kafka), our PostgreSQL backends and the broker.
 */
async function intakeAlone(root, settings, run, intake, db, proxy, count) {
  const client = httpClient(intake.port, settings.httpConcurrency);
  try {
    const campaignId = `bench-alone-${run}`;
    await expectStatus(client.request('POST', '/v1/campaigns', { campaignId, committeeId: `bench-cmte-${run}`, name: 'Bench intake alone', currency: 'USD' }), 201, 'open intake-alone campaign');
    const plan = donationPlan(count, settings.donors, `alone-${run}`, 'Bench Donor');
    console.log(`  intake alone (consumers stopped): ${plan.length} donations, ${settings.httpConcurrency} at a time ...`);
    const window = windowStart(root, { intake }, proxy);
    const posted = await postAll(client, campaignId, plan, settings.httpConcurrency);
    // The relay has published what intake took: its CPU for that is in the window too.
    const deadline = performance.now() + 60_000;
    while ((await metricSum(intake, 'hustings_relay_lag_events').catch(() => 0)) > 0 && performance.now() < deadline) await sleep(100);
    const costs = await windowEnd(window, db, proxy, posted.posted);
    return { donations: posted.posted, intake: { ...posted.summary, failures: posted.failures }, cpuPerDonation: costs.cpu, sqlRoundTripsPerDonation: costs.sql };
  } finally {
    client.close();
  }
}

/** The anchor on the bench's database, through a proxy port of its own (its round trips per request as a check of the count). */
async function anchorThroughProxy(root, settings, proxy, plan, logDir) {
  const databaseUrl = await proxy.listen('anchor');
  const before = proxy.snapshot();
  const anchor = await benchAnchor(root, { databaseUrl, table: 'bench_anchor', plan, concurrency: settings.httpConcurrency, logDir });
  const after = proxy.snapshot();
  // The warm-up and the table's creation are in the count too: warm-up requests are left out below.
  const warm = Math.min(200, plan.length);
  anchor.sqlRoundTripsPerRequest = round((after.anchor.roundTrips - before.anchor.roundTrips - warm - 1) / plan.length, 3);
  return anchor;
}
