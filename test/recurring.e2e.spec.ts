import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { dayInZone, startOfDayInZone } from '#compliance-rules';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { createHustingsApp, loadConfig } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';
import { RecurringScheduler } from '../apps/intake/src/recurring.scheduler.js';

/**
 * Recurring gifts on the embedded platform (all four apps, PGlite, in-process bus), over HTTP.
 * The scheduler's timer is off (RECURRING_TICK_MS=0): the test ticks it at chosen instants,
 * which is what the timer does with the clock's.
 */

const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const DAY_MS = 24 * 60 * 60 * 1000;

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  contentType: string;
  location: string | null;
  body: Json;
}

let baseUrl = '';

/** The admin key stored on first start. */
const ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

/** Every HTTP call of this file goes through here (one place for headers such as auth). */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    location: response.headers.get('location'),
    body: text ? (JSON.parse(text) as Json) : {},
  };
}

async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${deadlineMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}

// The party's calendar is the UK's: the plan's days are London days (BST in summer).
const LONDON = 'Europe/London';
const today = dayInZone(new Date().toISOString(), LONDON) ?? '';
const dayOfMonth = Number(today.slice(8, 10));
const consent = {
  consent: true,
  consentText: 'I give £15.00 every month on this day until I cancel. I can pause or cancel at any time.',
  consentVersion: 'monthly-2026-11',
};
const planBody = (changes: Json = {}): Json => ({
  planId: 'ada-monthly',
  amountMinor: 1500,
  currency: 'GBP',
  donor: { type: 'individual', name: 'Ada Lovelace', address: { postalCode: 'W1K 1AA' } },
  payment: { method: 'card', pspReference: 'sub_ada_1' },
  dayOfMonth,
  ...consent,
  ...changes,
});

describe('recurring gifts on the embedded platform', () => {
  let dataDir: string;
  let app: INestApplication;
  let scheduler: RecurringScheduler;
  let ledger: LedgerStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-e2e-recurring-'));
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars',
      HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      RECURRING_TICK_MS: '0',
    };
    const config = loadConfig(env, ['intake', 'compliance', 'rewards', 'reporting']);
    app = await createHustingsApp(config, await appModules(config.apps));
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    scheduler = app.get(RecurringScheduler);
    ledger = app.get<LedgerStore>(LEDGER_STORE);
    const committee = await call('POST', '/v1/committees', {
      committeeId: 'ukp',
      name: 'United Kingdom Party',
      jurisdiction: 'UK-PPERA-PARTY',
      currency: 'GBP',
      elections: [],
    });
    expect(committee.status).toBe(201);
    const campaign = await call('POST', '/v1/campaigns', { campaignId: 'monthly', committeeId: 'ukp', name: 'Monthly supporters', currency: 'GBP', opensAt: '2024-01-01T00:00:00Z' });
    expect(campaign.status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  const receivedCount = async (): Promise<number> =>
    (await ledger.readAll({ filter: { streamPrefixes: ['donation-'], eventTypes: ['DonationReceived'] } })).length;
  const plan = async (): Promise<Json> => (await call('GET', '/v1/recurring-plans/ada-monthly')).body;
  const instalments = async (): Promise<Json[]> => (await plan()).instalments as Json[];
  const settled = (instalment: Json) =>
    eventually(`donation ${String(instalment.donationId)} decided`, async () => (await call('GET', `/v1/donations/${String(instalment.donationId)}`)).body, (d) => d.status !== 'received');
  const totalsWith = (count: number) =>
    eventually('campaign totals', async () => (await call('GET', '/v1/campaigns/monthly/totals')).body, (t) => t.donationCount === count);

  it(
    'refuses a plan without the donor’s explicit consent, and writes nothing',
    async () => {
      const head = await ledger.headPosition();
      for (const refused of [{ consent: undefined }, { consent: false }, { consent: 'true' }, { consentText: undefined }]) {
        const reply = await call('POST', '/v1/campaigns/monthly/recurring-plans', planBody(refused));
        expect({ status: reply.status, code: reply.body.code, type: reply.contentType }).toEqual({
          status: 422,
          code: 'consent_required',
          type: expect.stringMatching(/^application\/problem\+json/),
        });
      }
      const cash = await call('POST', '/v1/campaigns/monthly/recurring-plans', planBody({ payment: { method: 'cash' } }));
      expect(cash.body).toMatchObject({ status: 422, code: 'recurring_payment_invalid' });
      const unnamed = await call('POST', '/v1/campaigns/monthly/recurring-plans', planBody({ planId: undefined }));
      expect(unnamed.body).toMatchObject({ status: 400, code: 'idempotency_key_missing' });
      expect((await call('GET', '/v1/recurring-plans/ada-monthly')).status).toBe(404);
      expect(await ledger.headPosition()).toBe(head);
    },
    TEST_MS,
  );

  it(
    'creates a plan on consent, runs one instalment for a period however often the scheduler fires, then pauses, resumes and cancels with one call each',
    async () => {
      const created = await call('POST', '/v1/campaigns/monthly/recurring-plans', planBody());
      expect(created.status).toBe(201);
      expect(created.location).toBe('/v1/recurring-plans/ada-monthly');
      expect(created.body).toMatchObject({
        planId: 'ada-monthly',
        status: 'active',
        campaignId: 'monthly',
        committeeId: 'ukp',
        amountMinor: 1500,
        currency: 'GBP',
        dayOfMonth,
        startsOn: today,
        timeZone: LONDON,
        payment: { method: 'card' },
        consent: { text: consent.consentText, version: consent.consentVersion, consentedAt: expect.any(String) },
        instalments: [],
        duplicate: false,
      });
      expect(JSON.stringify(created.body)).not.toContain('Ada Lovelace');
      const retried = await call('POST', '/v1/campaigns/monthly/recurring-plans', planBody());
      expect(retried).toMatchObject({ status: 200, location: '/v1/recurring-plans/ada-monthly', body: { planId: 'ada-monthly', duplicate: true } });

      // This month's instalment is due today at 00:00 London time. The scheduler fires twice: one donation.
      const before = await receivedCount();
      expect(await scheduler.tick(new Date())).toMatchObject({ ran: true, initiated: 1, received: 1 });
      expect(await scheduler.tick(new Date())).toMatchObject({ ran: true, initiated: 0, received: 0 });
      expect(await receivedCount()).toBe(before + 1);
      const [first] = await instalments();
      expect(first).toMatchObject({ period: today.slice(0, 7), dueAt: startOfDayInZone(today, LONDON), refusal: null });
      const donation = await settled(first);
      expect(donation).toMatchObject({ status: 'accepted', campaignId: 'monthly', amountMinor: 1500, currency: 'GBP', acceptedAmountMinor: 1500, receivedAt: first.dueAt });
      const [received] = await ledger.readStream(`donation-${String(first.donationId)}`);
      expect(received.payload).toMatchObject({ donor: { donorId: created.body.donorId }, payment: { method: 'card', pspReference: 'sub_ada_1' } });
      expect(await totalsWith(1)).toMatchObject({ raisedMinor: 1500, donationCount: 1, uniqueDonors: 1 });
      expect((await instalments())[0]).toMatchObject({ status: 'accepted', links: { donation: `/v1/donations/${String(first.donationId)}` } });

      // Paused: five weeks on, next month's instalment is not owed.
      const paused = await call('POST', '/v1/recurring-plans/ada-monthly/pause', { reason: 'between jobs' });
      expect(paused).toMatchObject({ status: 200, body: { status: 'paused', nextDueAt: null } });
      const fiveWeeksOn = new Date(Date.now() + 35 * DAY_MS);
      expect(await scheduler.tick(fiveWeeksOn)).toMatchObject({ initiated: 0, received: 0 });
      expect(await receivedCount()).toBe(before + 1);

      // Resumed: the next period is owed again (a resume never charges months while paused).
      const resumed = await call('POST', '/v1/recurring-plans/ada-monthly/resume');
      expect(resumed).toMatchObject({ status: 200, body: { status: 'active', pausedAt: null } });
      expect(await scheduler.tick(fiveWeeksOn)).toMatchObject({ initiated: 1, received: 1 });
      const second = (await instalments())[1];
      expect(await settled(second)).toMatchObject({ status: 'accepted' });
      expect(await totalsWith(2)).toMatchObject({ raisedMinor: 3000, uniqueDonors: 1 });

      // Cancelled with one call and no body; again changes nothing; nothing is owed any more.
      const cancelled = await call('POST', '/v1/recurring-plans/ada-monthly/cancel');
      expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', nextDueAt: null, cancellation: { requestedBy: 'donor', reason: null } } });
      expect((await call('POST', '/v1/recurring-plans/ada-monthly/cancel')).body).toEqual(cancelled.body);
      expect((await call('POST', '/v1/recurring-plans/ada-monthly/resume')).body).toMatchObject({ status: 409, code: 'recurring_plan_cancelled' });
      expect(await scheduler.tick(new Date(Date.now() + 70 * DAY_MS))).toMatchObject({ initiated: 0, received: 0 });
      expect(await receivedCount()).toBe(before + 2);

      const final = await plan();
      expect(final).toMatchObject({ status: 'cancelled', instalments: [{ status: 'accepted' }, { status: 'accepted' }] });
      expect((final.instalments as Json[]).map((i) => i.donationId)).toEqual([first.donationId, second.donationId]);
    },
    TEST_MS,
  );

  it(
    'names a plan after the Idempotency-Key when the client does not, so a retried request is the same plan',
    async () => {
      const body = planBody({ planId: undefined, donor: { type: 'individual', name: 'Grace Hopper', address: { postalCode: 'EC1A 1BB' } } });
      const first = await call('POST', '/v1/campaigns/monthly/recurring-plans', body, { 'idempotency-key': 'signup-form-42' });
      expect(first.status).toBe(201);
      const again = await call('POST', '/v1/campaigns/monthly/recurring-plans', body, { 'idempotency-key': 'signup-form-42' });
      expect(again).toMatchObject({ status: 200, location: first.location, body: { planId: first.body.planId, duplicate: true } });
      const other = await call('POST', '/v1/campaigns/monthly/recurring-plans', { ...body, amountMinor: 2500 }, { 'idempotency-key': 'signup-form-42' });
      expect(other.body).toMatchObject({ status: 409, code: 'recurring_plan_already_exists' });
      expect((await call('POST', '/v1/recurring-plans/no-such-plan/cancel')).body).toMatchObject({ status: 404, code: 'recurring_plan_not_found' });
    },
    TEST_MS,
  );
});
