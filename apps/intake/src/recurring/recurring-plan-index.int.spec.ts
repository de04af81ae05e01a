import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openReadModelDataSource } from '#read-models';
import { RECURRING_PLAN_TABLES, RecurringPlanIndex, TOUCH_GRACE_MS, type IndexedPlan } from './recurring-plan-index.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const t0 = new Date('2026-03-01T12:00:00.000Z');
const after = (ms: number): Date => new Date(t0.getTime() + ms);
const plan = (planId: string, changes: Partial<IndexedPlan> = {}): IndexedPlan => ({
  planId,
  committeeId: 'cmte-1',
  campaignId: 'camp-1',
  status: 'active',
  nextDueAt: '2026-03-15T00:00:00.000Z',
  revision: 0,
  ...changes,
});
const ids = async (index: RecurringPlanIndex, now: Date): Promise<string[]> => (await index.due(now, 100)).map((p) => p.planId);

describe('RecurringPlanIndex on a PostgreSQL server', () => {
  const schema = `recurring_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let index: RecurringPlanIndex;

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, schema, [RECURRING_PLAN_TABLES]);
    index = new RecurringPlanIndex(dataSource);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given an indexed plan, then it is due from its next due instant on, and not before', async () => {
    await index.touch('p-due', -1, t0);
    await index.sync(plan('p-due'), t0);
    expect(await ids(index, new Date('2026-03-14T23:59:59.999Z'))).not.toContain('p-due');
    expect(await ids(index, new Date('2026-03-15T00:00:00.000Z'))).toContain('p-due');
    expect(await index.find('p-due')).toMatchObject({ status: 'active', touchedAt: null, touchedRevision: null });
  });

  it('given a sync of an older revision than the row, then it changes nothing', async () => {
    await index.sync(plan('p-stale', { revision: 3, status: 'paused', nextDueAt: null }), t0);
    await index.sync(plan('p-stale', { revision: 2 }), t0);
    expect(await index.find('p-stale')).toMatchObject({ status: 'paused', nextDueAt: null, revision: '3' });
  });

  it('given a command that touched a plan and died before indexing, then the plan is visited once the grace has passed', async () => {
    await index.sync(plan('p-died', { revision: 1, status: 'paused', nextDueAt: null }), t0);
    await index.touch('p-died', 1, after(1000));
    expect(await ids(index, after(1000 + TOUCH_GRACE_MS - 1))).not.toContain('p-died');
    expect(await ids(index, after(1000 + TOUCH_GRACE_MS))).toContain('p-died');
    // A scheduler that re-reads the same revision leaves the touch while the grace runs…
    await index.sync(plan('p-died', { revision: 1, status: 'paused', nextDueAt: null }), after(2000));
    expect(await index.find('p-died')).toMatchObject({ touchedRevision: '1' });
    // …and the command's own, later revision clears it.
    await index.sync(plan('p-died', { revision: 2, status: 'active' }), after(3000));
    expect(await index.find('p-died')).toMatchObject({ status: 'active', touchedRevision: null, touchedAt: null });
  });

  it('given a touch older than the grace, then a sync of the same revision clears it', async () => {
    await index.sync(plan('p-old', { revision: 4 }), t0);
    await index.touch('p-old', 4, t0);
    await index.sync(plan('p-old', { revision: 4 }), after(TOUCH_GRACE_MS));
    expect(await index.find('p-old')).toMatchObject({ touchedAt: null });
  });

  it('given a creation that never reached the ledger, then forget removes the row; an indexed plan stays', async () => {
    await index.touch('p-never', -1, t0);
    await index.forget('p-never');
    await index.forget('p-due');
    expect(await index.find('p-never')).toBeNull();
    expect(await index.find('p-due')).not.toBeNull();
  });

  it('keeps the latest settled period, and a failed visit is postponed instead of retried on every tick', async () => {
    await index.sync(plan('p-settle', { settledThrough: '2026-02' }), t0);
    await index.sync(plan('p-settle', { settledThrough: null }), t0);
    expect(await index.find('p-settle')).toMatchObject({ settledThrough: '2026-02' });
    const now = new Date('2026-03-16T00:00:00.000Z');
    await index.postpone('p-settle', new Date(now.getTime() + 60_000));
    expect(await ids(index, now)).not.toContain('p-settle');
    expect(await ids(index, new Date(now.getTime() + 60_000))).toContain('p-settle');
  });
});
