import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deterministicId, recurringPlanStreamId, type RecordedEvent } from '#contracts';
import { instalmentDonationId, parseRecurringPlanRequest } from '#domain';
import { SqlLedgerStore } from '#ledger';
import { DonorKeyStore, openDonorKeyDataSource, PersonalDataVault } from '#personal-data';
import { openReadModelDataSource } from '#read-models';
import { PgDatabase } from '#sql';
import { loadConfig } from '#platform';
import { IntakeModule } from './intake.module.js';
import { IntakeService, type RequestContext } from './intake.service.js';
import { RecurringScheduler, type Clock } from './recurring.scheduler.js';
import { RecurringPlanService } from './recurring.service.js';

/*
 * Intake replicas as they run in production, on one PostgreSQL ledger and one read-model
 * schema, each with its own connections, services and scheduler.
 */

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CREATED_AT = '2026-01-10T09:00:00.000Z';

class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return this.at;
  }
}

interface Replica {
  intake: IntakeService;
  plans: RecurringPlanService;
  scheduler: RecurringScheduler;
  clock: TestClock;
  close(): Promise<void>;
}

async function startReplica(ledgerSchema: string, readSchema: string, tickMs = 0): Promise<Replica> {
  const ledgerDb = new PgDatabase({ url, poolSize: 4 });
  const ledger = await SqlLedgerStore.open(ledgerDb, { schema: ledgerSchema });
  const readModels: DataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, readSchema, IntakeModule.tables);
  const config = loadConfig(
    { DONOR_ID_KEY: 'int-test-donor-id-key-of-at-least-32-chars', HUSTINGS_ALLOW_PARTIAL_MEMORY: 'true', RECURRING_TICK_MS: String(tickMs) },
    ['intake'],
  );
  const donorKeys = await openDonorKeyDataSource({ kind: 'postgres', url, poolSize: 2 }, `${readSchema}_keys`);
  const intake = new IntakeService(ledger, config, new PersonalDataVault(new DonorKeyStore(donorKeys), config.piiMasterKeys!));
  const plans = new RecurringPlanService(ledger, intake, readModels);
  const clock = new TestClock(new Date(CREATED_AT));
  const scheduler = new RecurringScheduler(plans, config, clock);
  return {
    intake,
    plans,
    scheduler,
    clock,
    async close() {
      await scheduler.onModuleDestroy();
      await ledger.close();
      await ledgerDb.close();
      await readModels.destroy();
      await donorKeys.destroy();
    },
  };
}

const ctx = (now = CREATED_AT): RequestContext => ({ correlationId: randomUUID(), actor: 'int-test', tenantId: 'default', now });

async function setUpCampaign(replica: Replica, campaignId: string, closesAt: string | null = null): Promise<void> {
  await replica.intake.registerCommittee(
    { committeeId: `cmte-${campaignId}`, name: 'Party', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP', elections: [], defaultElectionId: null },
    ctx(),
  );
  await replica.intake.openCampaign(
    { campaignId, committeeId: `cmte-${campaignId}`, name: 'Monthly', currency: 'GBP', opensAt: '2026-01-01T00:00:00.000Z', closesAt },
    ctx(),
  );
}

const planRequest = (planId: string, changes: Record<string, unknown> = {}) =>
  parseRecurringPlanRequest({
    planId,
    amountMinor: 1500,
    currency: 'GBP',
    donor: { type: 'individual', name: `Donor ${planId}`, address: { postalCode: 'N1 9GU' } },
    payment: { method: 'card', pspReference: `sub_${planId}` },
    dayOfMonth: 31,
    startsOn: '2026-01-31',
    consent: true,
    consentText: 'I give £15.00 on the last day of every month until I cancel.',
    consentVersion: 'monthly-v1',
    ...changes,
  });

describe('recurring scheduler: intake replicas on one PostgreSQL ledger', () => {
  const ledgerSchema = `ledger_rec_${randomUUID().slice(0, 8)}`;
  const readSchema = `intake_rec_${randomUUID().slice(0, 8)}`;
  let a: Replica;
  let b: Replica;
  let ledgerRead: (streamId: string) => Promise<RecordedEvent[]>;

  beforeAll(async () => {
    a = await startReplica(ledgerSchema, readSchema);
    b = await startReplica(ledgerSchema, readSchema);
    ledgerRead = (streamId) => a.intake['ledger'].readStream(streamId);
    await setUpCampaign(a, 'race');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const db = new PgDatabase({ url, poolSize: 1 });
    await db.exec(`DROP SCHEMA IF EXISTS "${ledgerSchema}" CASCADE; DROP SCHEMA IF EXISTS "${readSchema}" CASCADE; DROP SCHEMA IF EXISTS "${readSchema}_keys" CASCADE`);
    await db.close();
  });

  const received = async (planId: string, period: string) =>
    (await ledgerRead(`donation-${instalmentDonationId(planId, period)}`)).filter((e) => e.type === 'DonationReceived');
  const planEvents = async (planId: string, type: string) => (await ledgerRead(recurringPlanStreamId(planId))).filter((e) => e.type === type);

  it('given two replicas that fire the same period at once, then each plan has exactly one instalment and one DonationReceived', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `race-${i}`);
    for (const id of ids) await a.plans.create('race', planRequest(id), ctx(), id);
    const dueAt = new Date('2026-01-31T00:00:00.000Z');

    const [fromA, fromB] = await Promise.all([a.scheduler.tick(dueAt), b.scheduler.tick(new Date(dueAt.getTime() + 1))]);

    expect(fromA.visited + fromB.visited).toBeGreaterThanOrEqual(ids.length);
    expect(fromA.initiated + fromB.initiated).toBe(ids.length);
    expect(fromA.received + fromB.received).toBe(ids.length);
    for (const id of ids) {
      expect(await received(id, '2026-01')).toHaveLength(1);
      expect(await planEvents(id, 'RecurringInstalmentInitiated')).toHaveLength(1);
    }
    const [donation] = await received('race-0', '2026-01');
    expect(donation.eventId).toBe(deterministicId('donation-received', instalmentDonationId('race-0', '2026-01')));
    expect(donation.payload).toMatchObject({ amountMinor: '1500', currency: 'GBP', receivedAt: '2026-01-31T00:00:00.000Z', payment: { method: 'card', pspReference: 'sub_race-0' } });

    // Both fire again, later in the period: nothing new anywhere.
    const again = await Promise.all([a.scheduler.tick(new Date('2026-02-02T00:00:00.000Z')), b.scheduler.tick(new Date('2026-02-02T00:00:00.000Z'))]);
    expect(again.map((r) => r.initiated + r.received)).toEqual([0, 0]);
    for (const id of ids) expect(await received(id, '2026-01')).toHaveLength(1);
  });

  it('given a scheduler down through February and March, then it catches up both, and February is the 28th', async () => {
    await a.plans.create('race', planRequest('catch-up'), ctx(), 'catch-up');
    await a.scheduler.tick(new Date('2026-01-31T00:00:00.000Z'));
    const report = await b.scheduler.tick(new Date('2026-03-31T06:00:00.000Z'));
    expect(report.received).toBeGreaterThanOrEqual(2);
    const periods = (await planEvents('catch-up', 'RecurringInstalmentInitiated')).map((e) => (e.payload as { period: string; dueAt: string }));
    expect(periods.map((p) => [p.period, p.dueAt])).toEqual([
      ['2026-01', '2026-01-31T00:00:00.000Z'],
      ['2026-02', '2026-02-28T00:00:00.000Z'],
      // The party's calendar is London's: 31 March is in summer time, so it begins at 23:00Z on the 30th.
      ['2026-03', '2026-03-30T23:00:00.000Z'],
    ]);
  });

  it('given an instalment initiated by a replica that died before its donation, then the next visit records the donation', async () => {
    await a.plans.create('race', planRequest('crashed'), ctx(), 'crashed');
    const plan = await a.plans.plan('crashed');
    // The dead replica's last act: the instalment event, appended exactly as visit() appends it.
    await a.intake['ledger'].append(
      recurringPlanStreamId('crashed'),
      [
        {
          eventId: deterministicId('recurring-instalment-initiated', 'crashed', '2026-01'),
          type: 'RecurringInstalmentInitiated',
          version: 1,
          payload: { planId: 'crashed', period: '2026-01', donationId: instalmentDonationId('crashed', '2026-01'), dueAt: '2026-01-31T00:00:00.000Z' },
          metadata: { occurredAt: '2026-01-31T00:00:01.000Z', correlationId: 'dead', causationId: 'dead', committeeId: 'cmte-race' },
        },
      ],
      plan.revision ?? 'no_stream',
    );
    expect(await received('crashed', '2026-01')).toHaveLength(0);
    const report = await b.scheduler.tick(new Date('2026-01-31T00:05:00.000Z'));
    expect(report).toMatchObject({ initiated: 0, failed: 0 });
    expect(await received('crashed', '2026-01')).toHaveLength(1);
  });

  it('given the campaign closed before an instalment, then the instalment is refused once, on the plan, and no donation exists', async () => {
    await setUpCampaign(a, 'closing', '2026-02-15T00:00:00.000Z');
    await a.plans.create('closing', planRequest('closing-1'), ctx(), 'closing-1');
    await a.scheduler.tick(new Date('2026-01-31T00:00:00.000Z'));
    expect(await received('closing-1', '2026-01')).toHaveLength(1);
    const report = await a.scheduler.tick(new Date('2026-02-28T00:00:00.000Z'));
    expect(report.refused).toBe(1);
    expect(await received('closing-1', '2026-02')).toHaveLength(0);
    const [refused] = await planEvents('closing-1', 'RecurringInstalmentRefused');
    expect(refused.payload).toMatchObject({ period: '2026-02', code: 'campaign_closed' });
    await b.scheduler.tick(new Date('2026-03-01T00:00:00.000Z'));
    expect(await planEvents('closing-1', 'RecurringInstalmentRefused')).toHaveLength(1);
  });

  it('given a paused plan, then no replica initiates anything; after the resume, only periods due after it are owed', async () => {
    await a.plans.create('race', planRequest('paused'), ctx(), 'paused');
    await a.plans.change('PauseRecurringPlan', 'paused', { requestedBy: 'donor', reason: null }, ctx('2026-01-20T00:00:00.000Z'));
    await Promise.all([a.scheduler.tick(new Date('2026-03-31T01:00:00.000Z')), b.scheduler.tick(new Date('2026-03-31T01:00:00.000Z'))]);
    expect(await planEvents('paused', 'RecurringInstalmentInitiated')).toHaveLength(0);
    await a.plans.change('ResumeRecurringPlan', 'paused', { requestedBy: 'donor', reason: null }, ctx('2026-03-31T02:00:00.000Z'));
    await b.scheduler.tick(new Date('2026-04-30T00:00:00.000Z'));
    const periods = (await planEvents('paused', 'RecurringInstalmentInitiated')).map((e) => (e.payload as { period: string }).period);
    expect(periods).toEqual(['2026-04']);
  });
});

describe('recurring scheduler: the timer', () => {
  const ledgerSchema = `ledger_tmr_${randomUUID().slice(0, 8)}`;
  const readSchema = `intake_tmr_${randomUUID().slice(0, 8)}`;
  let replica: Replica;

  beforeAll(async () => {
    replica = await startReplica(ledgerSchema, readSchema, 20);
    await setUpCampaign(replica, 'timed');
  });

  afterAll(async () => {
    await replica?.close();
    const db = new PgDatabase({ url, poolSize: 1 });
    await db.exec(`DROP SCHEMA IF EXISTS "${ledgerSchema}" CASCADE; DROP SCHEMA IF EXISTS "${readSchema}" CASCADE; DROP SCHEMA IF EXISTS "${readSchema}_keys" CASCADE`);
    await db.close();
  });

  const waitFor = async (what: string, done: () => Promise<boolean> | boolean, deadlineMs = 10_000): Promise<void> => {
    const deadline = Date.now() + deadlineMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached in ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('ticks by itself at the injected clock’s time, and after destroy never ticks or writes again', async () => {
    await replica.plans.create('timed', planRequest('timed-1'), ctx(), 'timed-1');
    replica.clock.at = new Date('2026-01-31T00:00:00.000Z');
    replica.scheduler.onApplicationBootstrap();
    const donation = `donation-${instalmentDonationId('timed-1', '2026-01')}`;
    const ledger = replica.intake['ledger'];
    await waitFor('first instalment by the timer', async () => (await ledger.readStream(donation)).length === 1);
    await waitFor('a few ticks', () => replica.scheduler.completedTicks >= 3);

    await replica.scheduler.onModuleDestroy();
    const ticks = replica.scheduler.completedTicks;
    const head = await ledger.headPosition();
    replica.clock.at = new Date('2026-02-28T00:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(replica.scheduler.completedTicks).toBe(ticks);
    expect(await replica.scheduler.tick()).toMatchObject({ ran: false });
    expect(await ledger.headPosition()).toBe(head);
  });
});
