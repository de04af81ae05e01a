import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { openReadModelDataSource } from '#read-models';
import { IDEMPOTENCY_TABLES, IdempotencyStore } from './idempotency-store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const response = { status: 202, headers: { location: '/v1/donations/d-1' }, body: { donationId: 'd-1', status: 'received' } };

describe('IdempotencyStore on a PostgreSQL server', () => {
  const schema = `idem_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let store: IdempotencyStore;

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 8 }, schema, [IDEMPOTENCY_TABLES]);
    store = new IdempotencyStore(dataSource);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given eight identical requests at once, when they claim the key, then exactly one proceeds and the rest are told it is in flight', async () => {
    const decisions = await Promise.all(Array.from({ length: 8 }, () => store.begin('cmte-1', 'k-race', 'fp')));
    expect(decisions.filter((d) => d.action === 'proceed')).toHaveLength(1);
    expect(decisions.filter((d) => d.action === 'reject' && d.error.code === 'idempotency_key_in_flight')).toHaveLength(7);
  });

  it('given twenty new keys claimed and completed at once, then they share a few statements, and each is replayed as its own', async () => {
    const query = jest.spyOn(dataSource, 'query');
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `k-many-${i}`);
      expect(await Promise.all(keys.map((key) => store.begin('cmte-1', key, 'fp')))).toEqual(keys.map(() => ({ action: 'proceed' })));
      await Promise.all(keys.map((key, i) => store.complete('cmte-1', key, { ...response, body: { donationId: `d-${i}` } })));
      // One statement for the first claim, one for the rest; the same for the completions.
      expect(query.mock.calls.length).toBeLessThanOrEqual(4);
      expect(await store.begin('cmte-1', 'k-many-7', 'fp')).toEqual({ action: 'replay', response: { ...response, body: { donationId: 'd-7' } } });
    } finally {
      query.mockRestore();
    }
  });

  it('given responses kept while new keys are claimed, when both wait behind a statement in flight, then one statement writes both, and a retry beside its own response is judged under the row lock', async () => {
    const first = ['k-mix-a', 'k-mix-b'];
    for (const key of first) expect(await store.begin('cmte-1', key, 'fp')).toEqual({ action: 'proceed' });
    const query = jest.spyOn(dataSource, 'query');
    try {
      // The first claim goes at once; the rest (two responses, two new keys, and a retry of
      // k-mix-a with its body) wait for it and go together in the next statement.
      const lead = store.begin('cmte-1', 'k-mix-lead', 'fp');
      const together = Promise.all([
        store.complete('cmte-1', 'k-mix-a', { ...response, body: { donationId: 'd-a' } }),
        store.complete('cmte-1', 'k-mix-b', { ...response, body: { donationId: 'd-b' } }),
        store.begin('cmte-1', 'k-mix-c', 'fp'),
        store.begin('cmte-1', 'k-mix-d', 'fp'),
        store.begin('cmte-1', 'k-mix-a', 'fp'),
      ]);
      expect(await lead).toEqual({ action: 'proceed' });
      const [, , c, d, retry] = await together;
      expect([c, d]).toEqual([{ action: 'proceed' }, { action: 'proceed' }]);
      const combined = query.mock.calls.filter(([sql]) => /^WITH kept AS \(UPDATE/.test(String(sql).trim()));
      expect(combined).toHaveLength(1);
      // The retry met its key taken: replayed if the response was kept first, else still in flight; never a second claim.
      expect(retry.action === 'replay' || (retry.action === 'reject' && retry.error.code === 'idempotency_key_in_flight')).toBe(true);
    } finally {
      query.mockRestore();
    }
    expect(await store.begin('cmte-1', 'k-mix-b', 'fp')).toEqual({ action: 'replay', response: { ...response, body: { donationId: 'd-b' } } });
    expect(await store.begin('cmte-1', 'k-mix-c', 'fp')).toEqual({ action: 'reject', error: expect.objectContaining({ code: 'idempotency_key_in_flight' }) });
  });

  it('given a completed request, when it is retried, then the stored response is replayed exactly; another body is refused', async () => {
    expect(await store.begin('cmte-1', 'k-done', 'fp')).toEqual({ action: 'proceed' });
    await store.complete('cmte-1', 'k-done', response);
    expect(await store.begin('cmte-1', 'k-done', 'fp')).toEqual({ action: 'replay', response });
    const other = await store.begin('cmte-1', 'k-done', 'fp-other');
    expect(other.action === 'reject' && other.error.code).toBe('idempotency_key_reused');
  });

  it('given the same key at two tenants, when both use it, then they do not see each other', async () => {
    expect(await store.begin('cmte-a', 'shared', 'fp-a')).toEqual({ action: 'proceed' });
    expect(await store.begin('cmte-b', 'shared', 'fp-b')).toEqual({ action: 'proceed' });
  });

  it('given a failure of ours, when the key is released, then the retry proceeds; a 503 is not kept for replay', async () => {
    await store.begin('cmte-1', 'k-fail', 'fp');
    await store.release('cmte-1', 'k-fail');
    expect(await store.begin('cmte-1', 'k-fail', 'fp')).toEqual({ action: 'proceed' });
    await store.complete('cmte-1', 'k-fail', { status: 503, headers: {}, body: {} });
    expect(await store.begin('cmte-1', 'k-fail', 'fp')).toEqual({ action: 'proceed' });
  });

  it('given a holder that died, when its lease has run out, then the retry takes the key over', async () => {
    const t0 = new Date('2026-11-03T12:00:00.000Z');
    await store.begin('cmte-1', 'k-dead', 'fp', t0);
    const early = await store.begin('cmte-1', 'k-dead', 'fp', new Date(t0.getTime() + 30_000));
    expect(early.action === 'reject' && early.error.code).toBe('idempotency_key_in_flight');
    expect(await store.begin('cmte-1', 'k-dead', 'fp', new Date(t0.getTime() + 61_000))).toEqual({ action: 'proceed' });
  });

  it('given keys past 24 hours, when purged, then they are forgotten and the key is new again', async () => {
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await store.begin('cmte-1', 'k-old', 'fp', old);
    await store.complete('cmte-1', 'k-old', response);
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await store.begin('cmte-1', 'k-old', 'fp-new')).toEqual({ action: 'proceed' });
  });
});
