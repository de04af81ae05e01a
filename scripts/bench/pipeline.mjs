// The distributed run's load and its observation: posting donations to intake, watching them
// become visible in reporting, and where the time went (scripts/bench/distributed.mjs).

import { performance } from 'node:perf_hooks';
import { latencyFigures, pool, round, sleep, summarize } from './common.mjs';

/**
 * Watches reporting's read model for donations becoming visible: every `pollMs` it reads the
 * ids of the campaign's donations whose acceptance reporting has applied (campaign_donations
 * with accepted_minor > 0, written in the same transaction as the campaign totals the API
 * serves). A donation is stamped with the start of the first poll that sees it, so a latency
 * overstates the truth by at most one poll period (printed beside it).
 */
export function watchVisibility(db, campaignId, ids, pollMs) {
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
    /** Until `target` donations (the first ones posted) are visible. */
    async until(timeoutMs, target = ids.length) {
      const deadline = performance.now() + timeoutMs;
      while (visible < target && performance.now() < deadline) await sleep(20);
      stopped = true;
      await loop;
      if (visible < target) throw new Error(`reporting shows ${visible} of ${target} donations after ${timeoutMs} ms`);
    },
  };
}

/**
 * POSTs the donations in order, `concurrency` at a time, stamping when each request began and
 * was answered; none is begun after `deadline` (a sustained run), so the posted ones are the
 * plan's first `posted`.
 */
export async function postAll(client, campaignId, plan, concurrency, deadline = Infinity) {
  const startedAt = new Float64Array(plan.length);
  const latencies = [];
  const failures = new Map();
  let posted = 0;
  const start = performance.now();
  await pool(plan.length, concurrency, async (i) => {
    if (performance.now() >= deadline) return;
    posted++;
    startedAt[i] = performance.now();
    const res = await client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId });
    latencies.push(performance.now() - startedAt[i]);
    if (res.status !== 202) {
      const key = `${res.status} ${res.body?.code ?? ''}`.trim();
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  });
  return { startedAt, posted, start, end: performance.now(), summary: summarize(latencies, performance.now() - start), failures: Object.fromEntries(failures) };
}

/**
 * Where the time went, from the ledger's recordedAt stamps (the apps' clocks, this machine's):
 * request -> DonationReceived (intake), -> DonationAccepted (relay, Kafka, compliance),
 * -> visible in reporting (relay, Kafka, reporting's projection).
 */
export async function stages(db, plan, posted, visibleAt, clock) {
  const { rows } = await db.query(
    `SELECT stream_id, type, recorded_at FROM ledger.events WHERE type IN ('DonationReceived', 'DonationAccepted') AND stream_id = ANY($1)`,
    [plan.slice(0, posted.posted).map((d) => `donation-${d.donationId}`)],
  );
  const at = new Map();
  for (const r of rows) at.set(`${r.stream_id}|${r.type}`, clock(Date.parse(r.recorded_at)));
  const intake = [];
  const compliance = [];
  const reporting = [];
  plan.slice(0, posted.posted).forEach((d, i) => {
    const received = at.get(`donation-${d.donationId}|DonationReceived`);
    const accepted = at.get(`donation-${d.donationId}|DonationAccepted`);
    if (received === undefined || accepted === undefined) return;
    intake.push(received - posted.startedAt[i]);
    compliance.push(accepted - received);
    reporting.push(visibleAt[i] - accepted);
  });
  return { intake: latencyFigures(intake), compliance: latencyFigures(compliance), reporting: latencyFigures(reporting) };
}
