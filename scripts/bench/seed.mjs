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
//
// The history's gifts are received over the days before the run (BENCH_HISTORY_SPREAD_DAYS,
// 8 by default: each donor's 200 gifts about an hour apart), as a donor's earlier gifts are:
// within every detector's lookback, so compliance keeps them all as evidence, but not 200 gifts
// in a quarter of an hour, which is a card-testing burst that every later gift of the donor
// would rightly be flagged against (0: all received now, as before 2026-12-07).

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
    /** Days before the run over which the history's gifts were received (0: now). Under 10, the FEC's deposit period. */
    historySpreadDays: count('BENCH_HISTORY_SPREAD_DAYS', 8),
    /**
     * Events per appendMany call of the filler, and calls in flight. Small calls: the append
     * function's cost grows with the square of the streams in one call (1,000 events/s at
     * 2,000 streams a call against 4,000/s at 200, PostgreSQL, this machine).
     */
    seedBatchEvents: count('BENCH_SEED_BATCH_EVENTS', 400) || 400,
    seedInFlight: count('BENCH_SEED_IN_FLIGHT', 3) || 1,
    /** `insert` (default): straight into the ledger's tables, checked after; `appendMany`: the ledger's API. */
    seedVia: process.env.BENCH_SEED_VIA === 'appendMany' ? 'appendMany' : 'insert',
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
  if (h.seedEvents) parts.push(`${seeded?.filler?.events ?? h.seedEvents} filler events (${seeded?.filler?.streams ?? '?'} donation streams of another campaign, ${seeded?.filler?.via ?? '?'} at ${seeded?.filler?.perSecond ?? '?'} events/s)`);
  if (h.donorHistory) parts.push(`${h.donorHistory} earlier gifts from each of ${seeded?.history?.donors ?? '?'} bench donors`);
  if (h.sharedAddressDonors) parts.push(`${h.sharedAddressDonors} donors at one address (every 10th bench donor gives it too)`);
  if (h.donorHistory || h.sharedAddressDonors) parts.push(h.historySpreadDays ? `history received over the ${h.historySpreadDays} days before the run` : 'history received just before the run');
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
  // Each part's gifts received in turn over the spread, ending a minute before now: a donor's
  // gifts are spaced evenly, and the shared address's donors come among them.
  const spreadMs = h.historySpreadDays * 86_400_000;
  const until = Date.now() - 60_000;
  const opensAt = new Date(until - spreadMs - 60_000).toISOString();
  await expectStatus(client.request('POST', '/v1/campaigns', { campaignId, committeeId, name: 'Bench history', currency: 'USD', opensAt }), 201, 'open history campaign');
  const donors = Math.min(benchDonors, h.historyDonors || benchDonors);
  const every = sharedAddressEvery(h);
  const spread = (part) => (spreadMs > 0 ? part.map((d, i) => ({ ...d, receivedAt: new Date(until - spreadMs + Math.floor((i * spreadMs) / part.length)).toISOString() })) : part);
  const plan = [
    ...(h.donorHistory ? spread(donationPlan(donors * h.donorHistory, donors, `hist-${run}`, 'Bench Donor', { amountMinor: HISTORY_GIFT_MINOR, sharedAddressEvery: every })) : []),
    ...(h.sharedAddressDonors ? spread(donationPlan(h.sharedAddressDonors, h.sharedAddressDonors, `shared-${run}`, 'Shared Donor', { amountMinor: HISTORY_GIFT_MINOR, sharedAddressEvery: 1 })) : []),
  ];
  console.log(`  history: posting ${plan.length} donations through intake (${h.donorHistory} from each of ${donors} bench donors, ${h.sharedAddressDonors} from donors at one address) ...`);
  const began = performance.now();
  let failed = 0;
  await pool(plan.length, concurrency, async (i) => {
    const res = await client.request('POST', `/v1/campaigns/${campaignId}/donations`, plan[i], { 'idempotency-key': plan[i].donationId });
    if (res.status !== 202 && failed++ === 0) console.log(`  history: the first refusal: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
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

/** Events one bulk INSERT carries: a ledger transaction numbers at most 65,536. */
const BULK_EVENTS = 20_000;
/** The SQL ledger's positions: the appending transaction's id times this, plus the event's place in it. */
const POSITIONS_PER_TRANSACTION = 65_536;

/**
 * Writes new streams straight into the SQL ledger's tables (schema `ledger`), as its append
 * function would have: each event chained and hashed with the ledger's own `hashEvent` and
 * canonical JSON, positions from the inserting transaction's id (see
 * libs/ledger/src/sql/sql-ledger.append-function.ts), one statement per call. Only for new
 * streams on a ledger nobody else appends to at the time.
 */
async function bulkInsert(db, requests) {
  const { canonicalJson, hashEvent } = await import('#ledger');
  const recordedAt = new Date().toISOString();
  const st = [[], [], []];
  const ev = Array.from({ length: 10 }, () => []);
  for (const request of requests) {
    let prevHash = '';
    request.events.forEach((event, revision) => {
      const fields = { ...event, streamId: request.streamId, revision, recordedAt, prevHash };
      const hash = hashEvent(fields);
      const row = [event.eventId, request.streamId, String(revision), event.type, event.version, canonicalJson(event.payload), canonicalJson(event.metadata), recordedAt, prevHash, hash];
      row.forEach((v, i) => ev[i].push(v));
      prevHash = hash;
    });
    st[0].push(request.streamId);
    st[1].push(String(request.events.length - 1));
    st[2].push(prevHash);
  }
  await db.transaction((session) =>
    session.query(
      `WITH s AS (INSERT INTO ledger.streams (stream_id, revision, last_hash) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[]))
       INSERT INTO ledger.events (position, event_id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash)
       SELECT (pg_current_xact_id()::text)::bigint * ${POSITIONS_PER_TRANSACTION} + x.o - 1, x.id, x.stream_id, x.revision, x.type, x.version, x.payload, x.metadata, x.recorded_at, x.prev_hash, x.hash
         FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
              WITH ORDINALITY AS x(id, stream_id, revision, type, version, payload, metadata, recorded_at, prev_hash, hash, o)
        ORDER BY x.o`,
      [...st, ...ev],
    ),
  );
}

/**
 * Appends `total` events (rounded up to whole streams) of cloned donation streams, `batchEvents`
 * a call, `inFlight` calls at once: with the ledger's own appendMany, or (`bulk`: an opened
 * SqlDatabase) straight into its tables by bulkInsert, then checked through the ledger.
 */
export async function fillLedger(store, templates, total, { tag, batchEvents = 4_000, inFlight = 2, progress = true, bulk = null } = {}) {
  if (!templates.length) throw new Error('fillLedger: no donation streams to clone');
  const perStream = templates.reduce((n, t) => n + t.events.length, 0) / templates.length;
  const streams = Math.ceil(total / perStream);
  const streamsPerCall = Math.max(1, Math.floor((bulk ? BULK_EVENTS : batchEvents) / perStream));
  const headBefore = await store.headPosition();
  const calls = Math.ceil(streams / streamsPerCall);
  let events = 0;
  let done = 0;
  const began = performance.now();
  let reported = began;
  await pool(calls, inFlight, async (c) => {
    const requests = [];
    for (let s = c * streamsPerCall; s < Math.min(streams, (c + 1) * streamsPerCall); s++) requests.push(cloneStream(templates[s % templates.length], `seed-${tag}-${s}`));
    await (bulk ? bulkInsert(bulk, requests) : store.appendMany(requests));
    events += requests.reduce((n, r) => n + r.events.length, 0);
    done++;
    if (progress && performance.now() - reported > 10_000) {
      reported = performance.now();
      console.log(`    ${events} events (${done}/${calls} calls), ${round((events * 1000) / (reported - began), 0)} events/s`);
    }
  });
  const ms = performance.now() - began;
  if (bulk) await checkBulk(store, headBefore, `donation-seed-${tag}-${streams - 1}`);
  return { via: bulk ? 'bulk INSERT' : 'appendMany', events, streams, calls, elapsedMs: round(ms, 0), perSecond: round((events * 1000) / ms, 0) };
}

/** The ledger itself reads the bulk-inserted events after the old head, and their chain holds. */
async function checkBulk(store, headBefore, lastStream) {
  const { verifyStreamChain } = await import('#ledger');
  // Reporting, still running, may have appended a seal meanwhile: the filler need not come first.
  const after = await store.readAll({ after: headBefore, maxCount: 100 });
  const stream = await store.readStream(lastStream);
  const verdict = verifyStreamChain(stream);
  if (!after.some((e) => e.streamId.startsWith('donation-seed-')) || !stream.length || !verdict.ok) {
    throw new Error(`the bulk-inserted filler does not read back as the ledger's own (after the old head: ${[...new Set(after.map((e) => e.streamId))].slice(0, 3).join(', ')}; ${lastStream}: ${stream.length} events, ${JSON.stringify(verdict)}): has the SQL ledger's layout changed? BENCH_SEED_VIA=appendMany uses its API`);
  }
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
    const how = h.seedVia === 'appendMany' ? `appendMany of ~${h.seedBatchEvents} events, ${h.seedInFlight} in flight` : `bulk INSERT of ~${BULK_EVENTS} events, ${h.seedInFlight} in flight`;
    console.log(`  seeding ${h.seedEvents} filler events (${templates.length} donation streams cloned, ${how}) ...`);
    const filler = await fillLedger(store, templates, h.seedEvents, { tag, batchEvents: h.seedBatchEvents, inFlight: h.seedInFlight, bulk: h.seedVia === 'appendMany' ? null : db });
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
