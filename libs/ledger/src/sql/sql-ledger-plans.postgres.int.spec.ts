import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#contracts';
import { storeOnFreshSchema } from './sql-ledger-test-kit.js';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'SpecHappened',
  version: 1,
  payload: { n: 1 },
  metadata: { occurredAt: '2026-12-06T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'committee-1' },
});

/**
 * The append function's plans are made once per session: they must stay key lookups when the
 * ledger has grown since, with no ANALYZE in between (a fresh database in its first minute).
 * Its plans are read from auto_explain, which logs to the client with client_min_messages. The
 * session is a plain one (plan mode auto), so the spec sees what the function asks for itself:
 * a preparing client's session plans every call and would hide a function that did not.
 */
describe('the SQL ledger\'s append on PostgreSQL, planned while the ledger was small', () => {
  const fixture = storeOnFreshSchema('ledger_plans', { poolSize: 2, applicationName: 'ledger-plans-spec', preparedStatements: false });
  const { schema, db } = fixture;
  const plans: string[] = [];

  it('given plans made on a handful of streams and 20,000 streams added since, then a stream\'s head is still read and moved by its key, never by reading every stream', async () => {
    for (let i = 0; i < 6; i++) await fixture.store.append(`spec-${i}`, [event()], 'no_stream');
    // Autovacuum analyses a new table once it has 50 rows: the plans made next are made on that.
    await db.exec(`ANALYZE "${schema}".streams`);
    for (let i = 6; i < 18; i++) await fixture.store.append(`spec-${i}`, [event()], 'no_stream');
    await db.exec(`INSERT INTO "${schema}".streams (stream_id, revision, last_hash) SELECT 'filler-' || g, 0, '' FROM generate_series(1, 20000) AS g`);
    // The pool's one session for statements (the other listens): what it logs reaches this listener from now on.
    const client = await db.pool.connect();
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET client_min_messages = log`);
    client.release();
    await fixture.store.append('spec-0', [event()], 0);
    await fixture.store.append('spec-new', [event()], 'no_stream');
    // Each statement of the function that reads a table: a stream's head or an event, by key.
    const reads = plans.filter((p) => !p.includes('append_groups(') && /"ledger_plans_\w+"\.(streams|events)/.test(p));
    expect(reads.filter((p) => p.includes('FOR UPDATE'))).toHaveLength(2);
    expect(reads.filter((p) => p.startsWith('duration') && p.includes('UPDATE') && !p.includes('FOR UPDATE'))).not.toHaveLength(0);
    for (const plan of reads) expect(plan).not.toMatch(/Seq Scan on (streams|events)/);
    for (const plan of reads.filter((p) => p.includes('FOR UPDATE'))) expect(plan).toMatch(/Index (Only )?Scan (using|on) streams_pkey/);
  });
});
