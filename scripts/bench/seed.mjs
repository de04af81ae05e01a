// A ledger with history, for the "history does not cost" figures (README "Benchmarks"):
//
// - filler (BENCH_SEED_EVENTS): donation streams of another campaign, cloned from donations
//   the real apps wrote (every event's payload as the apps wrote it, a fresh donation id and
//   event id), appended with the ledger's own `appendMany` (so its hash chain is the ledger's
//   own: the verifier accepts it), thousands of streams per call, several calls in flight;
//   it is sealed (reporting's sealer, the development key) and the relay's checkpoint is then
//   set to the ledger's head, so the apps start after it, as they would on a ledger whose
//   history they have long processed;
// - donor history (BENCH_DONOR_HISTORY): that many earlier $1 gifts from each of the bench's
//   donors (BENCH_HISTORY_DONORS of them, default all), posted through intake to another
//   campaign of the same committee before the measured window, so each donor's aggregate
//   is long when compliance decides on it;
// - shared address (BENCH_SHARED_ADDRESS_DONORS): that many donors giving one address (its
//   first line and postal code, compliance's address match key), posted through intake too;
//   every 10th donor of the measured run gives that address as well, so the key is hot.

import console from 'node:console';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { BENCH_ADMIN_KEY, BENCH_DONOR_ID_KEY, donationPlan, expectStatus, pool, round, sleep } from './common.mjs';

/** A whole number of 0 or more from the environment. */
function count(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`bench: ${name}=${raw} must be a whole number, 0 or more`);
    process.exit(2);
  }
  return value;
}

export function historySettings() {
  return {
    seedEvents: count('BENCH_SEED_EVENTS', 0),
    donorHistory: count('BENCH_DONOR_HISTORY', 0),
    historyDonors: count('BENCH_HISTORY_DONORS', 0),
    sharedAddressDonors: count('BENCH_SHARED_ADDRESS_DONORS', 0),
    /**
     * Events per appendMany call of the filler, and calls in flight. Small calls: the append
     * function's cost grows with the square of the streams in one call (1,000 events/s at
     * 2,000 streams a call against 4,000/s at 200, PostgreSQL, this machine).
     */
    seedBatchEvents: count('BENCH_SEED_BATCH_EVENTS', 400) || 400,
    seedInFlight: count('BENCH_SEED_IN_FLIGHT', 3) || 1,
  };
}

export const hasHistory = (h) => h.seedEvents > 0 || h.donorHistory > 0 || h.sharedAddressDonors > 0;

/** Every 10th bench donor gives the shared address when a shared-address history is seeded. */
export const sharedAddressEvery = (h) => (h.sharedAddressDonors > 0 ? 10 : 0);

/** $1 a gift: 200 of them stay far from the limit and from any structuring threshold. */
export const HISTORY_GIFT_MINOR = 100;

/** Options of the measured plan that match the history (same donors, limit room kept). */
export function measuredPlanOptions(h) {
  return { reserveMinor: h.donorHistory * HISTORY_GIFT_MINOR, sharedAddressEvery: sharedAddressEvery(h) };
}

export function describeHistory(h, seeded) {
  if (!hasHistory(h)) return 'none (a fresh ledger)';
  const parts = [];
  if (h.seedEvents) parts.push(`${seeded?.filler?.events ?? h.seedEvents} filler events (${seeded?.filler?.streams ?? '?'} donation streams of another campaign, appendMany at ${seeded?.filler?.perSecond ?? '?'} events/s)`);
  if (h.donorHistory) parts.push(`${h.donorHistory} earlier gifts from each of ${seeded?.history?.donors ?? '?'} bench donors`);
  if (h.sharedAddressDonors) parts.push(`${h.sharedAddressDonors} donors at one address (every 10th bench donor gives it too)`);
  if (seeded?.ledgerEvents !== undefined) parts.push(`ledger ${seeded.ledgerEvents} events before the measured window`);
  return parts.join('; ');
}

/**
 * Posts the donor history and the shared-address donors through intake (another campaign of
 * `committeeId`) and waits until `totals(campaignId)` counts them all.
 */
export async function postHistory(client, totals, committeeId, run, h, benchDonors, concurrency) {
  if (!h.donorHistory && !h.sharedAddressDonors) return null;
  const campaignId = `bench-history-${run}`;
  await expectStatus(client.request('POST', '/v1/campaigns', { campaignId, committeeId, name: 'Bench history', currency: 'USD' }), 201, 'open history campaign');
  const donors = Math.min(benchDonors, h.historyDonors || benchDonors);
  const every = sharedAddressEvery(h);
  const plan = [
    ...(h.donorHistory ? donationPlan(donors * h.donorHistory, donors, `hist-${run}`, 'Bench Donor', { amountMinor: HISTORY_GIFT_MINOR, sharedAddressEvery: every }) : []),
    ...(h.sharedAddressDonors ? donationPlan(h.sharedAddressDonors, h.sharedAddressDonors, `shared-${run}`, 'Shared Donor', { amountMinor: HISTORY_GIFT_MINOR, sharedAddressEvery: 1 }) : []),
  ];
  console.log(`  history: posting ${plan.length} donations through intake (${h.donorHistory} from each of ${donors} bench donors, ${h.sharedAddressDonors} from donors at one address) ...`);
  const began = performance.now();
  let failed = 0;
  await pool(plan.length, concurrency, async (i) => {
    const res = await client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId });
    if (res.status !== 202) failed++;
  });
  const posted = performance.now();
  let seen;
  for (;;) {
    seen = (await totals(campaignId))?.donationCount ?? 0;
    if (seen >= plan.length - failed) break;
    if (performance.now() - posted > 1_800_000) throw new Error(`history: reporting shows ${seen} of ${plan.length} after 30 min`);
    await sleep(500);
  }
  const ms = performance.now() - began;
  console.log(`  history: ${seen} decided and visible in ${round(ms / 1000, 1)} s (${failed} refused at intake)`);
  return { campaignId, donations: plan.length, donors, refused: failed, decided: seen, elapsedMs: round(ms, 0), perSecond: round((plan.length * 1000) / ms) };
}

/** The donation streams (`donation-<id>`) of these donations, as the apps wrote them. */
export async function donationTemplates(store, donationIds) {
  const streams = await store.readStreams(donationIds.map((id) => ({ streamId: `donation-${id}`, afterRevision: null })));
  return streams.map((events, i) => ({ donationId: donationIds[i], events })).filter((t) => t.events.length > 0);
}

/** A template's stream again under a new donation id: same types, versions and payloads. */
function cloneStream(template, donationId) {
  const from = template.donationId;
  return {
    streamId: `donation-${donationId}`,
    expected: 'no_stream',
    events: template.events.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      version: e.version,
      payload: JSON.parse(JSON.stringify(e.payload).replaceAll(from, donationId)),
      metadata: { ...e.metadata, correlationId: randomUUID(), causationId: randomUUID() },
    })),
  };
}

/**
 * Appends `total` events (rounded up to whole streams) of cloned donation streams with the
 * ledger's own appendMany, `batchEvents` a call, `inFlight` calls at once.
 */
export async function fillLedger(store, templates, total, { tag, batchEvents = 4_000, inFlight = 2, progress = true } = {}) {
  if (!templates.length) throw new Error('fillLedger: no donation streams to clone');
  const perStream = templates.reduce((n, t) => n + t.events.length, 0) / templates.length;
  const streams = Math.ceil(total / perStream);
  const streamsPerCall = Math.max(1, Math.floor(batchEvents / perStream));
  const calls = Math.ceil(streams / streamsPerCall);
  let events = 0;
  let done = 0;
  const began = performance.now();
  let reported = began;
  await pool(calls, inFlight, async (c) => {
    const requests = [];
    for (let s = c * streamsPerCall; s < Math.min(streams, (c + 1) * streamsPerCall); s++) requests.push(cloneStream(templates[s % templates.length], `seed-${tag}-${s}`));
    await store.appendMany(requests);
    events += requests.reduce((n, r) => n + r.events.length, 0);
    done++;
    if (progress && performance.now() - reported > 10_000) {
      reported = performance.now();
      console.log(`    ${events} events (${done}/${calls} calls), ${round((events * 1000) / (reported - began), 0)} events/s`);
    }
  });
  const ms = performance.now() - began;
  return { events, streams, calls, elapsedMs: round(ms, 0), perSecond: round((events * 1000) / ms, 0) };
}

/**
 * Seals the filler as reporting would have, as it was appended (reporting's sealer with the
 * development key, the one the bench's apps use): else reporting's first sealing tick would
 * hash the whole filler inside the measured window, a cost a ledger that grew over time never
 * pays at once.
 */
async function sealToHead(store) {
  const { LedgerSealer, sealingKeyFrom } = await import('#ledger');
  const { loadConfig } = await import('#platform');
  const env = { PATH: process.env.PATH ?? '', HUSTINGS_APPS: 'reporting', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true', DONOR_ID_KEY: BENCH_DONOR_ID_KEY, HUSTINGS_BOOTSTRAP_ADMIN_KEY: BENCH_ADMIN_KEY };
  const { sealKey } = loadConfig(env, ['reporting']);
  const began = performance.now();
  await new LedgerSealer(store, sealingKeyFrom(sealKey)).sealToHead();
  return round(performance.now() - began, 0);
}

/**
 * Fills the SQL ledger on `db` (an opened SqlDatabase) and moves the relay's checkpoint to its
 * head: the apps then start after the filler. The relay must not be running.
 */
export async function seedLedger(db, templateDonationIds, h, tag) {
  const { SqlLedgerStore } = await import('#ledger');
  const { SqlCheckpointStore } = await import('#messaging');
  const store = await SqlLedgerStore.open(db);
  try {
    const templates = await donationTemplates(store, templateDonationIds);
    console.log(`  seeding ${h.seedEvents} filler events (${templates.length} donation streams cloned, appendMany of ~${h.seedBatchEvents} events, ${h.seedInFlight} in flight) ...`);
    const filler = await fillLedger(store, templates, h.seedEvents, { tag, batchEvents: h.seedBatchEvents, inFlight: h.seedInFlight });
    filler.sealMs = await sealToHead(store);
    const head = await store.headPosition();
    const checkpoints = await SqlCheckpointStore.open(db, 'ledger');
    await checkpoints.save('relay', head);
    console.log(`  seeded ${filler.events} events in ${round(filler.elapsedMs / 1000, 1)} s (${filler.perSecond}/s), sealed in ${round(filler.sealMs / 1000, 1)} s; relay checkpoint at the head`);
    return filler;
  } finally {
    await store.close();
  }
}
