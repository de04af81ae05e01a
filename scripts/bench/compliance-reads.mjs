// Micro-measurement of compliance's reads before each decision (apps/compliance/src/compliance.handler.ts):
// the donation's stream, the committee's and the donor's aggregate, read one after another (as
// before) or at once (as now), against the SQL ledger on PostgreSQL, DECISIONS decisions with
// CONCURRENCY in flight (one per partition a compliance replica works: KAFKA_PARTITIONS_CONCURRENCY).
//   node scripts/bench/compliance-reads.mjs   (after npm run build; DATABASE_URL, DECISIONS, CONCURRENCY, ROUNDS)
import { randomUUID } from 'node:crypto';
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { loadState, SqlLedgerStore } from '#ledger';
import { PgDatabase } from '#sql';
import { evolveCommittee, evolveDonation, evolveDonorAggregate, initialCommitteeState, initialDonationState, initialDonorAggregate } from '#domain';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DECISIONS = Number(process.env.DECISIONS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** Events already in a donor's aggregate: a donor of the e2e test's ten gifts, halfway. */
const AGGREGATE_EVENTS = Number(process.env.AGGREGATE_EVENTS ?? 5);

// Events the evolvers do not know are passed over by them, so these streams cost what real
// ones of the same length cost to read, without building every payload by hand.
const noted = (i) => ({
  eventId: randomUUID(),
  type: 'Noted',
  version: 1,
  payload: { i, note: 'x'.repeat(400) },
  metadata: { occurredAt: new Date().toISOString(), correlationId: randomUUID(), causationId: randomUUID(), committeeId: 'c-bench' },
});

const schema = `bench_reads_${randomUUID().slice(0, 8)}`;
const db = new PgDatabase({ url, poolSize: 10 });
const ledger = await SqlLedgerStore.open(db, { schema });
const safe = (fold) => (state, event) => { try { return fold(state, event); } catch { return state; } };
const read = (stream, evolve, initial) => loadState(ledger, stream, safe(evolve), initial);
try {
  await ledger.append('committee-c-bench', [noted(0), noted(1)], 'any');
  for (let i = 0; i < DECISIONS; i++) {
    await ledger.append(`donation-d${i}`, [noted(0)], 'any');
    if (i < 500) await ledger.append(`aggregate-${i}`, Array.from({ length: AGGREGATE_EVENTS }, (_, k) => noted(k)), 'any');
  }
  const ways = {
    sequential: async (i) => {
      await read(`donation-d${i}`, evolveDonation, initialDonationState);
      await read('committee-c-bench', evolveCommittee, initialCommitteeState);
      await read(`aggregate-${i % 500}`, evolveDonorAggregate, initialDonorAggregate);
    },
    together: (i) =>
      Promise.all([
        read(`donation-d${i}`, evolveDonation, initialDonationState),
        read('committee-c-bench', evolveCommittee, initialCommitteeState),
        read(`aggregate-${i % 500}`, evolveDonorAggregate, initialDonorAggregate),
      ]),
  };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, readAll] of Object.entries(ways)) {
      const latencies = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < DECISIONS; i = next++) {
          const t = performance.now();
          await readAll(i);
          latencies.push(performance.now() - t);
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
      console.log(`round ${round} ${name.padEnd(10)} ${(DECISIONS / seconds).toFixed(0).padStart(6)} read phases/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  (${DECISIONS} decisions, ${CONCURRENCY} in flight)`);
    }
  }
} finally {
  await ledger.close();
  await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
  await db.close();
}
