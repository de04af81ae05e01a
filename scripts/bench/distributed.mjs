// 3. The distributed topology end to end: four app processes on Kafka and PostgreSQL, then the
// raw kafkajs baseline on the same broker with messages of the same size. See README "Benchmarks".

import console from 'node:console';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { createCampaign, donationPlan, expectStatus, expectedOutcome, freePort, httpClient, latencyFigures, pool, processFigures, round, sleep, summarize } from './common.mjs';
import { rawProduceConsume, sampleMessages } from './kafka-baseline.mjs';
import { APPS, AppProcess, BenchBroker, BenchDatabase, GROUPS, appEnv } from './topology.mjs';

/**
 * Watches reporting's read model for donations becoming visible: every `pollMs` it reads the
 * ids of the campaign's donations whose acceptance reporting has applied (campaign_donations
 * with accepted_minor > 0, written in the same transaction as the campaign totals the API
 * serves). A donation is stamped with the start of the first poll that sees it, so a latency
 * overstates the truth by at most one poll period (printed beside it).
 */
function watchVisibility(db, campaignId, ids, pollMs) {
  const index = new Map(ids.map((id, i) => [id, i]));
  const visibleAt = new Float64Array(ids.length);
  let visible = 0;
  let polls = 0;
  let stopped = false;
  const began = performance.now();
  const loop = (async () => {
    while (!stopped && visible < ids.length) {
      const at = performance.now();
      const { rows } = await db.query('SELECT donation_id FROM reporting.campaign_donations WHERE campaign_id = $1 AND accepted_minor > 0', [campaignId]).catch(() => ({ rows: [] }));
      polls++;
      for (const { donation_id: id } of rows) {
        const i = index.get(id);
        if (i !== undefined && visibleAt[i] === 0) {
          visibleAt[i] = at;
          visible++;
        }
      }
      await sleep(pollMs);
    }
  })();
  return {
    visibleAt,
    get visible() {
      return visible;
    },
    meanPollPeriodMs: () => round((performance.now() - began) / Math.max(1, polls), 1),
    async until(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (visible < ids.length && performance.now() < deadline) await sleep(20);
      stopped = true;
      await loop;
      if (visible < ids.length) throw new Error(`reporting shows ${visible} of ${ids.length} donations after ${timeoutMs} ms`);
    },
  };
}

/** POSTs every donation, `concurrency` at a time, stamping when each request began and was answered. */
async function postAll(client, campaignId, plan, concurrency) {
  const startedAt = new Float64Array(plan.length);
  const latencies = [];
  const failures = new Map();
  const start = performance.now();
  await pool(plan.length, concurrency, async (i) => {
    startedAt[i] = performance.now();
    const res = await client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId });
    latencies.push(performance.now() - startedAt[i]);
    if (res.status !== 202) {
      const key = `${res.status} ${res.body?.code ?? ''}`.trim();
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  });
  return { startedAt, start, end: performance.now(), summary: summarize(latencies, performance.now() - start), failures: Object.fromEntries(failures) };
}

/**
 * Where the time went, from the ledger's recordedAt stamps (the apps' clocks, this machine's):
 * request -> DonationReceived (intake), -> DonationAccepted (relay, Kafka, compliance),
 * -> visible in reporting (relay, Kafka, reporting's projection).
 */
async function stages(db, plan, posted, visibleAt, clock) {
  const { rows } = await db.query(
    `SELECT stream_id, type, recorded_at FROM ledger.events WHERE type IN ('DonationReceived', 'DonationAccepted') AND stream_id = ANY($1)`,
    [plan.map((d) => `donation-${d.donationId}`)],
  );
  const at = new Map();
  for (const r of rows) at.set(`${r.stream_id}|${r.type}`, clock(Date.parse(r.recorded_at)));
  const intake = [];
  const compliance = [];
  const reporting = [];
  plan.forEach((d, i) => {
    const received = at.get(`donation-${d.donationId}|DonationReceived`);
    const accepted = at.get(`donation-${d.donationId}|DonationAccepted`);
    if (received === undefined || accepted === undefined) return;
    intake.push(received - posted.startedAt[i]);
    compliance.push(accepted - received);
    reporting.push(visibleAt[i] - accepted);
  });
  return { intake: latencyFigures(intake), compliance: latencyFigures(compliance), reporting: latencyFigures(reporting) };
}

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

async function startTopology(root, settings, run, broker, db) {
  const logDir = join(root, '.cache/bench/logs', run);
  const apps = {};
  const startupMs = {};
  // One at a time: four Node processes starting together on two cores mostly wait on each other.
  for (const app of APPS) {
    const port = await freePort();
    apps[app] = new AppProcess(root, app, port, appEnv(app, port, { brokers: broker.brokers, partitions: settings.partitions, databaseUrl: db.url, run }), logDir);
    process.stdout.write(`  ${app} on port ${port} ... `);
    startupMs[app] = await apps[app].start();
    process.stdout.write(`ready in ${startupMs[app]} ms\n`);
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

async function measure(settings, run, apps, db) {
  const client = httpClient(apps.intake.port, settings.httpConcurrency);
  try {
    const committeeId = `bench-cmte-${run}`;
    const campaignId = await createCampaign(client, committeeId, `bench-${run}`);
    const warmUpCount = Math.min(50, Math.ceil(settings.donations / 10));
    await warmUp(client, apps, committeeId, run, warmUpCount);
    const plan = donationPlan(settings.donations, settings.donors, `don-${run}`);
    const expected = expectedOutcome(plan);
    console.log(`  warmed up with ${warmUpCount}; posting ${plan.length} donations (${settings.httpConcurrency} at a time, ${expected.uniqueDonors} donors) ...`);
    const watcher = watchVisibility(db, campaignId, plan.map((d) => d.donationId), settings.pollMs);
    const clock = ((wall, perf) => (ms) => perf + (ms - wall))(Date.now(), performance.now());
    const posted = await postAll(client, campaignId, plan, settings.httpConcurrency);
    console.log(`  intake answered at ${posted.summary.perSecond} req/s; waiting until reporting shows every donation ...`);
    await watcher.until(settings.timeoutMs);
    const lastVisible = watcher.visibleAt.reduce((a, b) => Math.max(a, b), 0);
    const endToEndMs = lastVisible - posted.start;
    const latencies = Array.from(watcher.visibleAt, (v, i) => v - posted.startedAt[i]);
    const totals = (await apps.reporting.client.request('GET', `/v1/campaigns/${campaignId}/totals`)).body;
    return {
      donations: plan.length,
      warmUp: warmUpCount,
      concurrency: settings.httpConcurrency,
      donors: expected.uniqueDonors,
      intake: { ...posted.summary, failures: posted.failures },
      endToEnd: { elapsedMs: round(endToEndMs, 0), afterLastPostMs: round(lastVisible - posted.end, 0), perSecond: round((plan.length * 1000) / endToEndMs), ...latencyFigures(latencies), pollPeriodMs: watcher.meanPollPeriodMs() },
      stages: await stages(db, plan, posted, watcher.visibleAt, clock),
      totals,
      totalsMatch: totals?.donationCount === expected.accepted && totals?.raisedMinor === expected.raisedMinor && totals?.uniqueDonors === expected.uniqueDonors,
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
  console.log(`\nDistributed: four processes, Kafka ${broker.brokers} (${settings.partitions} partitions), PostgreSQL database ${db.name}`);
  let topology = null;
  let ok = false;
  try {
    const brokerReadyMs = await broker.start();
    await db.create();
    topology = await startTopology(root, settings, run, broker, db);
    const { apps } = topology;
    const result = { run, brokerReadyMs, startupMs: topology.startupMs, ...(await measure(settings, run, apps, db)) };
    result.lagAfter = await untilSettled(apps);
    result.deadLetters = (await Promise.all(GROUPS.map((g) => metricSum(apps[g], 'hustings_dead_letters_total')))).reduce((a, b) => a + b, 0);
    result.loadAverageAfter = os.loadavg().map((l) => round(l));
    result.processes = Object.fromEntries(APPS.map((a) => [a, processFigures(apps[a].child.pid)]));
    result.shutdown = {};
    for (const app of APPS) result.shutdown[app] = await apps[app].stop();
    console.log('  apps stopped; reading the messages they exchanged ...');
    result.messages = await sampleMessages(broker, ALL_TOPICS, run);
    result.messages.perDonation = round(result.messages.messages / (result.donations + result.warmUp), 2);
    console.log(`  raw kafkajs: ${settings.kafkaMessages} messages of ${result.messages.meanValueBytes} bytes (+ key and headers) ...`);
    result.raw = await rawProduceConsume(broker, { partitions: settings.partitions, count: settings.kafkaMessages, batchSize: 500, shape: result.messages, keys: settings.donors, run });
    result.ratio = {
      donationsPerRawMessage: result.raw.perSecond ? round(result.endToEnd.perSecond / result.raw.perSecond, 4) : null,
      pipelineMessagesPerRawMessage: result.raw.perSecond ? round((result.endToEnd.perSecond * result.messages.perDonation) / result.raw.perSecond, 4) : null,
    };
    ok = true;
    return { ...result, logDir: topology.logDir };
  } finally {
    if (topology) for (const app of APPS) await topology.apps[app]?.stop(10_000).catch(() => undefined);
    await db.drop();
    broker.stop(settings.keepKafka);
    if (!ok && topology) console.error(`  app logs kept in ${topology.logDir}`);
  }
}
