import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { createHustingsApp, loadConfig } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';
import { IntakeService } from '../apps/intake/src/intake.service.js';

/**
 * The embedded default (all four apps, PGlite ledger and read models, in-process bus) started
 * in this process the way apps/embedded/src/main.ts starts it, and driven over real HTTP.
 */

const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
const POLL_DEADLINE_MS = 30_000;
/** The admin key of tenant `default`, stored on first start; every call below presents it. */
const ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

type Json = Record<string, unknown>;

interface Platform {
  app: INestApplication;
  url: string;
}

async function startPlatform(dataDir: string): Promise<Platform> {
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars',
    HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
  };
  const config = loadConfig(env, ['intake', 'compliance', 'rewards', 'reporting']);
  const app = await createHustingsApp(config, await appModules(config.apps));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url };
}

interface Reply {
  status: number;
  contentType: string;
  location: string | null;
  body: Json;
  text: string;
}

/**
 * Donation POSTs need an Idempotency-Key: unless the test names one, each call is a new
 * logical request with a fresh key (so donation-level duplicates are what gets tested).
 */
async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  rawBody?: string,
  contentType = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<Reply & { headers: Headers }> {
  const headers: Record<string, string> = body !== undefined || rawBody !== undefined ? { 'content-type': contentType } : {};
  headers.authorization = `Bearer ${ADMIN_KEY}`;
  if (method === 'POST' && path.endsWith('/donations') && !('idempotency-key' in extraHeaders)) headers['idempotency-key'] = randomUUID();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...extraHeaders },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    parsed = {};
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    location: response.headers.get('location'),
    body: parsed,
    text,
    headers: response.headers,
  };
}

/** Polls until `done` holds or the deadline passes; never sleeps a fixed time before asking. */
async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, deadlineMs = POLL_DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${deadlineMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}

/** The UTC day `days` days after the day of `instant`: how legal deadlines are counted. */
/** The committee's calendar day of an instant: registered without a zone, a US committee counts New York days. */
const newYorkDay = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
const daysAfter = (instant: string, days: number): string => new Date(Date.parse(newYorkDay(instant)) + days * 86_400_000).toISOString().slice(0, 10);

const SETTLED = new Set(['accepted', 'partly_accepted', 'rejected', 'flagged', 'refunded', 'charged_back']);
/** What a donor attests on an FEC donation form; without it compliance flags the source as questionable. */
const CITIZEN = { usCitizenOrPermanentResident: true };

function committeeBody(committeeId: string): Json {
  return {
    committeeId,
    name: `Committee ${committeeId}`,
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [
      { electionId: 'primary-2026', kind: 'primary', date: '2028-06-06' },
      { electionId: 'general-2026', kind: 'general', date: '2028-11-07' },
    ],
    defaultElectionId: 'general-2026',
  };
}

function donationBody(donationId: string, amountMinor: number, donorName: string, extra: Json = {}): Json {
  return {
    donationId,
    amountMinor,
    currency: 'USD',
    donor: { type: 'individual', name: donorName, address: { postalCode: '10001' }, attestations: CITIZEN },
    payment: { method: 'card', pspReference: `ch_${donationId}` },
    ...extra,
  };
}

/** Client helpers bound to one running platform. */
function client(platform: () => Platform) {
  const api = (method: string, path: string, body?: unknown) => call(platform().url, method, path, body);
  return {
    api,
    raw: (method: string, path: string, rawBody: string, contentType?: string) => call(platform().url, method, path, undefined, rawBody, contentType),
    /** A donation POST carrying the Idempotency-Key given ('' sends an empty header). */
    keyed: (campaignId: string, key: string, body: unknown) =>
      call(platform().url, 'POST', `/v1/campaigns/${campaignId}/donations`, body, undefined, 'application/json', { 'idempotency-key': key }),
    async setUp(committeeId: string, campaignId: string): Promise<void> {
      const committee = await api('POST', '/v1/committees', committeeBody(committeeId));
      expect(committee.status).toBe(201);
      const campaign = await api('POST', '/v1/campaigns', { campaignId, committeeId, name: `Campaign ${campaignId}`, currency: 'USD' });
      expect(campaign.status).toBe(201);
    },
    async donate(campaignId: string, body: Json): Promise<Reply> {
      const reply = await api('POST', `/v1/campaigns/${campaignId}/donations`, body);
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status: 202 });
      return reply;
    },
    settled(donationId: string): Promise<Json> {
      return eventually(
        `donation ${donationId} decided`,
        async () => (await api('GET', `/v1/donations/${donationId}`)).body,
        (body) => SETTLED.has(body.status as string),
      );
    },
    totalsWhen(campaignId: string, done: (totals: Json) => boolean): Promise<Json> {
      return eventually(`totals of ${campaignId}`, async () => (await api('GET', `/v1/campaigns/${campaignId}/totals`)).body, done);
    },
  };
}

describe('embedded platform over HTTP', () => {
  let dataDir: string;
  let platform: Platform;
  const http = client(() => platform);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-e2e-'));
    platform = await startPlatform(dataDir);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.app.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it(
    'walks through the README: committee, campaign, a $25 donation accepted and in the totals',
    async () => {
      const committee = await http.api('POST', '/v1/committees', {
        committeeId: 'smith-2026',
        name: 'Smith for Congress',
        jurisdiction: 'US-FEC-CANDIDATE',
        currency: 'USD',
        elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
        defaultElectionId: 'general-2026',
      });
      expect(committee.status).toBe(201);
      expect(committee.body).toEqual({
        committeeId: 'smith-2026',
        name: 'Smith for Congress',
        jurisdiction: 'US-FEC-CANDIDATE',
        currency: 'USD',
        elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
        defaultElectionId: 'general-2026',
        registeredBy: 'api-key:bootstrap-admin',
        tenantId: 'default',
        // Issue 14: registered without a zone, a US committee counts New York days, and says so.
        timeZone: 'America/New_York',
        timeZoneDefaulted: true,
      });

      const campaign = await http.api('POST', '/v1/campaigns', { campaignId: 'spring', committeeId: 'smith-2026', name: 'Spring push', currency: 'USD' });
      expect(campaign.status).toBe(201);
      expect(campaign.body).toMatchObject({ campaignId: 'spring', committeeId: 'smith-2026', name: 'Spring push', currency: 'USD', closesAt: null });
      expect(Number.isNaN(Date.parse(campaign.body.opensAt as string))).toBe(false);

      const before = await http.api('GET', '/v1/campaigns/spring/totals');
      expect(before.status).toBe(200);
      expect(before.body).toEqual({ campaignId: 'spring', currency: null, raisedMinor: 0, refundedMinor: 0, chargedBackMinor: 0, netMinor: 0, donationCount: 0, uniqueDonors: 0 });

      const donation = await http.api('POST', '/v1/campaigns/spring/donations', {
        donationId: 'don-1',
        amountMinor: 2500,
        currency: 'USD',
        donor: { type: 'individual', name: 'Ada Lovelace', address: { postalCode: '10001' }, attestations: CITIZEN },
        payment: { method: 'card', pspReference: 'ch_123' },
      });
      expect(donation.status).toBe(202);
      expect(donation.location).toBe('/v1/donations/don-1');
      expect(donation.body).toEqual({ donationId: 'don-1', status: 'received', duplicate: false, links: { status: '/v1/donations/don-1' } });

      const status = await http.settled('don-1');
      expect(status).toMatchObject({
        donationId: 'don-1',
        status: 'accepted',
        campaignId: 'spring',
        committeeId: 'smith-2026',
        amountMinor: 2500,
        currency: 'USD',
        acceptedAmountMinor: 2500,
        refundedAmountMinor: 0,
        chargedBackAmountMinor: 0,
        electionId: 'general-2026',
        rejection: null,
        flags: [],
      });
      expect((status.history as { type: string }[]).map((h) => h.type)).toEqual(['DonationReceived', 'DonationAccepted']);

      const totals = await http.totalsWhen('spring', (t) => t.donationCount === 1);
      expect(totals).toEqual({
        campaignId: 'spring',
        committeeId: 'smith-2026',
        currency: 'USD',
        raisedMinor: 2500,
        refundedMinor: 0,
        chargedBackMinor: 0,
        netMinor: 2500,
        donationCount: 1,
        uniqueDonors: 1,
      });

      // The donor retries the same request: 202 again, marked duplicate, counted once.
      const retry = await http.api('POST', '/v1/campaigns/spring/donations', {
        donationId: 'don-1',
        amountMinor: 2500,
        currency: 'USD',
        donor: { type: 'individual', name: 'Ada Lovelace', address: { postalCode: '10001' }, attestations: CITIZEN },
        payment: { method: 'card', pspReference: 'ch_123' },
      });
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual({ donationId: 'don-1', status: 'received', duplicate: true, links: { status: '/v1/donations/don-1' } });
      // The same id with different content is refused.
      const conflicting = await http.api('POST', '/v1/campaigns/spring/donations', donationBody('don-1', 9900, 'Ada Lovelace'));
      expect(conflicting.status).toBe(409);
      expect(conflicting.body).toMatchObject({ code: 'donation_already_exists', status: 409 });
      // A second donation by the same donor raises the count, not the unique donors.
      await http.donate('spring', donationBody('don-2', 1000, 'Ada Lovelace'));
      expect((await http.settled('don-2')).status).toBe('accepted');
      const after = await http.totalsWhen('spring', (t) => t.donationCount !== 1);
      expect(after).toMatchObject({ raisedMinor: 3500, netMinor: 3500, donationCount: 2, uniqueDonors: 1 });

      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const events = await ledger.readAll({ filter: { streamPrefixes: ['donation-don-1'] } });
      expect(events.map((e) => e.type)).toEqual(['DonationReceived', 'DonationAccepted']);
    },
    TEST_MS,
  );

  it(
    'holds a donor to $3,500 per election, primary and general counted apart, keeping what fits of an excessive gift',
    async () => {
      await http.setUp('limit-cmte', 'limit-camp');
      const donor = 'Grace Hopper';

      // General (designated: with both elections ahead, an undesignated gift would count toward
      // the primary, the next one, 11 CFR 110.1(b)(2)(ii)): 2000.00 + 1500.00 = exactly 3500.00, allowed.
      await http.donate('limit-camp', donationBody('lim-g1', 200_000, donor, { electionId: 'general-2026' }));
      expect(await http.settled('lim-g1')).toMatchObject({ status: 'accepted', electionId: 'general-2026', acceptedAmountMinor: 200_000 });
      await http.donate('limit-camp', donationBody('lim-g2', 150_000, donor, { electionId: 'general-2026' }));
      expect(await http.settled('lim-g2')).toMatchObject({ status: 'accepted', electionId: 'general-2026', acceptedAmountMinor: 150_000 });

      // One more cent for the general election passes the limit.
      await http.donate('limit-camp', donationBody('lim-g3', 1, donor, { electionId: 'general-2026' }));
      const over = await http.settled('lim-g3');
      expect(over).toMatchObject({
        donationId: 'lim-g3',
        status: 'rejected',
        amountMinor: 1,
        acceptedAmountMinor: 0,
        electionId: 'general-2026',
        rejection: {
          code: 'donor_exceeds_election_limit',
          detail: 'donor has given 350000 of 350000 minor units for this election; 1 would exceed it',
        },
      });
      expect((over.history as { type: string }[]).map((h) => h.type)).toEqual(['DonationReceived', 'DonationRejected']);

      // The primary is a separate election with its own $3,500: 3000.00 fits, then of 800.00
      // only 500.00 does. That part is accepted; the 300.00 excess is held for a remedy due
      // 60 days after receipt, and nothing over the limit is counted.
      await http.donate('limit-camp', donationBody('lim-p1', 300_000, donor, { electionId: 'primary-2026' }));
      expect(await http.settled('lim-p1')).toMatchObject({ status: 'accepted', electionId: 'primary-2026', acceptedAmountMinor: 300_000 });
      await http.donate('limit-camp', donationBody('lim-p2', 80_000, donor, { electionId: 'primary-2026' }));
      const split = await http.settled('lim-p2');
      expect(split).toMatchObject({ status: 'partly_accepted', decision: 'accepted', electionId: 'primary-2026', acceptedAmountMinor: 50_000, countedAmountMinor: 50_000 });
      // Grace gave a postal code only: itemized past $200, so her address, occupation and employer are asked for.
      expect((split.history as { type: string }[]).map((h) => h.type)).toEqual([
        'DonationReceived',
        'DonationAccepted',
        'ExcessiveContributionHeld',
        'BestEffortsRequestOpened',
      ]);
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const [received, accepted, held, request] = await ledger.readStream('donation-lim-p2');
      const receivedAt = (received.payload as { receivedAt: string }).receivedAt;
      expect(accepted.payload).toMatchObject({
        acceptedAmountMinor: '50000',
        aggregateAfterMinor: '350000',
        itemized: true,
        rulePackVersion: 'US-FEC-CANDIDATE/2025-2026',
        ruleIds: ['prohibited-source', 'questionable-source', 'individual-limit-per-election', 'itemization-threshold'],
        figures: { amountMinor: '80000', aggregateBeforeMinor: '300000', limitMinor: '350000', headroomMinor: '50000', excessMinor: '30000' },
      });
      expect(held.payload).toMatchObject({ excessAmountMinor: '30000', dueOn: daysAfter(receivedAt, 60), remedies: ['refund', 'redesignation', 'reattribution'] });
      expect(request.payload).toMatchObject({ missingDetails: ['mailing_address', 'occupation', 'employer'], dueOn: daysAfter(receivedAt, 30) });
      await http.donate('limit-camp', donationBody('lim-p3', 1, donor, { electionId: 'primary-2026' }));
      expect(await http.settled('lim-p3')).toMatchObject({
        status: 'rejected',
        electionId: 'primary-2026',
        rejection: { code: 'donor_exceeds_election_limit' },
      });

      // Another donor has a limit of their own.
      await http.donate('limit-camp', donationBody('lim-other', 350_000, 'Katherine Johnson', { electionId: 'general-2026' }));
      expect(await http.settled('lim-other')).toMatchObject({ status: 'accepted', acceptedAmountMinor: 350_000 });

      const totals = await http.totalsWhen('limit-camp', (t) => t.donationCount === 5);
      expect(totals).toEqual({
        campaignId: 'limit-camp',
        committeeId: 'limit-cmte',
        currency: 'USD',
        raisedMinor: 1_050_000,
        refundedMinor: 0,
        chargedBackMinor: 0,
        netMinor: 1_050_000,
        donationCount: 5,
        uniqueDonors: 2,
      });
    },
    TEST_MS,
  );

  it(
    'decides 6 concurrent $800 donations of one donor: 4 accepted, 1 split at the limit, 1 rejected, never more than $3,500 counted',
    async () => {
      await http.setUp('conc-cmte', 'conc-camp');
      const ids = ['conc-1', 'conc-2', 'conc-3', 'conc-4', 'conc-5', 'conc-6'];
      const replies = await Promise.all(ids.map((id) => http.api('POST', '/v1/campaigns/conc-camp/donations', donationBody(id, 80_000, 'Alan Turing'))));
      expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
      expect(replies.map((r) => r.body.duplicate)).toEqual([false, false, false, false, false, false]);

      // Whatever order they are decided in: four fit whole (3200.00), the fifth keeps the last
      // 300.00 and holds 500.00, the sixth finds no headroom left.
      const decided = await Promise.all(ids.map((id) => http.settled(id)));
      const accepted = decided.filter((d) => d.status === 'accepted');
      const split = decided.filter((d) => d.status === 'partly_accepted');
      const rejected = decided.filter((d) => d.status === 'rejected');
      expect([accepted.length, split.length, rejected.length]).toEqual([4, 1, 1]);
      expect(split[0]).toMatchObject({ acceptedAmountMinor: 30_000, countedAmountMinor: 30_000 });
      expect(rejected[0]).toMatchObject({
        acceptedAmountMinor: 0,
        rejection: {
          code: 'donor_exceeds_election_limit',
          detail: 'donor has given 350000 of 350000 minor units for this election; 80000 would exceed it',
        },
      });
      const counted = (await platform.app.get<LedgerStore>(LEDGER_STORE).readAll({ filter: { eventTypes: ['ContributionCounted'] } })).filter((e) =>
        ids.includes((e.payload as { donationId: string }).donationId),
      );
      expect(counted.map((e) => (e.payload as { amountMinor: string }).amountMinor).sort()).toEqual(['30000', '80000', '80000', '80000', '80000']);

      const totals = await http.totalsWhen('conc-camp', (t) => t.donationCount === 5);
      expect(totals).toMatchObject({ currency: 'USD', raisedMinor: 350_000, netMinor: 350_000, donationCount: 5, uniqueDonors: 1 });

      // Concurrent retries of one new donation write it once and count it once.
      const retries = await Promise.all(
        [1, 2, 3, 4].map(() => http.api('POST', '/v1/campaigns/conc-camp/donations', donationBody('conc-retry', 500, 'Joan Clarke'))),
      );
      expect(retries.map((r) => r.status)).toEqual([202, 202, 202, 202]);
      expect(retries.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      expect((await http.settled('conc-retry')).status).toBe('accepted');
      const afterRetries = await http.totalsWhen('conc-camp', (t) => t.donationCount !== 5);
      expect(afterRetries).toMatchObject({ raisedMinor: 350_500, donationCount: 6, uniqueDonors: 2 });
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const events = await ledger.readAll({ filter: { streamPrefixes: ['donation-conc-retry'] } });
      expect(events.map((e) => e.type)).toEqual(['DonationReceived', 'DonationAccepted']);
    },
    TEST_MS,
  );

  it(
    'applies the FEC rules in force: prohibited, anonymous and cash refusals, a questionable source flagged on its clock, itemization',
    async () => {
      await http.setUp('fec-cmte', 'fec-camp');
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      const decisionOf = async (donationId: string) => (await ledger.readStream(`donation-${donationId}`))[1];
      const cash = { payment: { method: 'cash', pspReference: null } };

      await http.donate('fec-camp', { ...donationBody('fec-corp', 1_000, 'Acme Widgets Inc'), donor: { type: 'company', name: 'Acme Widgets Inc', attestations: CITIZEN } });
      expect(await http.settled('fec-corp')).toMatchObject({ status: 'rejected', rejection: { code: 'prohibited_source_corporation' } });

      // No citizenship attestation: neither kept nor refused, but flagged with the FEC's clock.
      await http.donate('fec-camp', { ...donationBody('fec-unattested', 1_000, 'Nadia Boulanger'), donor: { type: 'individual', name: 'Nadia Boulanger' } });
      expect(await http.settled('fec-unattested')).toMatchObject({ status: 'flagged', decision: 'flagged', flags: [{ code: 'source_citizenship_not_attested' }] });
      const flagged = await decisionOf('fec-unattested');
      const receivedAt = ((await ledger.readStream('donation-fec-unattested'))[0].payload as { receivedAt: string }).receivedAt;
      expect(flagged).toMatchObject({
        type: 'DonationFlagged',
        payload: {
          rulePackVersion: expect.stringMatching(/^US-FEC-CANDIDATE\//),
          deadlines: [
            { action: 'deposit_or_return', dueOn: daysAfter(receivedAt, 10) },
            { action: 'obtain_evidence_or_refund', dueOn: daysAfter(receivedAt, 30) },
          ],
        },
      });

      // Cash adds up per donor and election: 60.00 is kept, 40.01 more would pass 100.00.
      await http.donate('fec-camp', donationBody('fec-cash-1', 6_000, 'Paul Robeson', cash));
      expect(await http.settled('fec-cash-1')).toMatchObject({ status: 'accepted' });
      await http.donate('fec-camp', donationBody('fec-cash-2', 4_001, 'Paul Robeson', cash));
      expect(await http.settled('fec-cash-2')).toMatchObject({ status: 'rejected', rejection: { code: 'cash_over_limit' } });
      expect((await decisionOf('fec-cash-2')).payload).toMatchObject({ figures: { cashAggregateBeforeMinor: '6000', cashLimitMinor: '10000', amountMinor: '4001' } });

      // A donor without a name is anonymous: 50.00 is kept, 50.01 refused.
      const anonymous = { type: 'individual', attestations: CITIZEN };
      await http.donate('fec-camp', { ...donationBody('fec-anon-1', 5_000, 'x'), donor: anonymous });
      await http.donate('fec-camp', { ...donationBody('fec-anon-2', 5_001, 'x'), donor: anonymous });
      expect(await http.settled('fec-anon-1')).toMatchObject({ status: 'accepted' });
      expect(await http.settled('fec-anon-2')).toMatchObject({ status: 'rejected', rejection: { code: 'anonymous_over_limit' } });

      // Itemized past 200.00; a donor who gave every detail is not asked for anything.
      const complete = {
        type: 'individual',
        name: 'Marian Anderson',
        address: { line1: '1 Main St', city: 'Philadelphia', region: 'PA', postalCode: '19103', country: 'US' },
        occupation: 'Singer',
        employer: 'Self-employed',
        attestations: CITIZEN,
      };
      await http.donate('fec-camp', { ...donationBody('fec-item-1', 20_000, 'x'), donor: complete });
      await http.settled('fec-item-1');
      await http.donate('fec-camp', { ...donationBody('fec-item-2', 1, 'x'), donor: complete });
      const second = await http.settled('fec-item-2');
      expect((await decisionOf('fec-item-1')).payload).toMatchObject({ itemized: false, figures: { cycleAggregateAfterMinor: '20000' } });
      expect((await decisionOf('fec-item-2')).payload).toMatchObject({ itemized: true, figures: { cycleAggregateAfterMinor: '20001' } });
      expect((second.history as { type: string }[]).map((h) => h.type)).toEqual(['DonationReceived', 'DonationAccepted']);
    },
    TEST_MS,
  );

  it(
    'answers overlapping requests with one donation id: one created, same content a duplicate, other content refused',
    async () => {
      // Requests sent from this process reach the server one after another, so the race is
      // driven at the intake service itself: every call has read the empty stream before
      // the first one appends.
      await http.setUp('race-cmte', 'race-camp');
      const intake = platform.app.get(IntakeService);
      const input = (amountMinor: bigint) => ({
        donationId: 'race-1',
        amountMinor,
        currency: 'USD',
        donor: {
          type: 'individual' as const,
          name: 'Mary Jackson',
          address: { line1: null, line2: null, city: null, region: null, postalCode: '23666', country: 'US' },
          email: null,
          occupation: null,
          employer: null,
          attestations: CITIZEN,
          registrationNumber: null,
        },
        payment: { method: 'card' as const, pspReference: 'ch_race', inKind: null },
        electionId: null,
        receivedAt: null,
        publicAcknowledgement: null,
      });
      const context = () => ({ correlationId: 'race', actor: 'e2e', tenantId: 'default', now: new Date().toISOString() });
      const amounts = [100n, 100n, 200n, 300n];
      const outcomes = await Promise.allSettled(amounts.map((amount) => intake.receiveDonation('race-camp', input(amount), context())));

      const created = outcomes.filter((o) => o.status === 'fulfilled' && o.value.created);
      expect(created).toHaveLength(1);
      const status = await http.settled('race-1');
      expect(status).toMatchObject({ status: 'accepted' });
      const stored = BigInt(status.amountMinor as number);
      expect(
        outcomes.map((o, i) =>
          amounts[i] === stored
            ? o.status === 'fulfilled' && o.value.donationId === 'race-1'
            : o.status === 'rejected' && (o.reason as { code?: string }).code === 'donation_already_exists',
        ),
      ).toEqual([true, true, true, true]);
      expect(outcomes.filter((o) => o.status === 'fulfilled' && !o.value.created)).toHaveLength(amounts.filter((a) => a === stored).length - 1);
      const totals = await http.totalsWhen('race-camp', (t) => t.donationCount === 1);
      expect(totals).toMatchObject({ raisedMinor: Number(stored), donationCount: 1, uniqueDonors: 1 });
    },
    TEST_MS,
  );

  it(
    'refuses bad input with problem+json and appends nothing to the ledger',
    async () => {
      await http.setUp('bad-cmte', 'bad-camp');
      await http.donate('bad-camp', donationBody('bad-ok', 1234, 'Barbara Liskov'));
      expect((await http.settled('bad-ok')).status).toBe('accepted');
      const totalsBefore = await http.totalsWhen('bad-camp', (t) => t.donationCount === 1);
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      // What the accepted donation causes after its totals show (rewards counting its donor) is
      // appended by consumers in the background: the head is taken once they are done with it.
      let headBefore = await ledger.headPosition();
      for (let quiet = 0, tries = 0; quiet < 4 && tries < 80; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const head = await ledger.headPosition();
        quiet = head === headBefore ? quiet + 1 : 0;
        headBefore = head;
      }

      const path = '/v1/campaigns/bad-camp/donations';
      const valid = donationBody('bad-x', 2500, 'Edsger Dijkstra');
      const { donor: _donor, ...withoutDonor } = valid;
      const cases: { name: string; send: () => Promise<Reply>; status: number; code: string; field?: string }[] = [
        { name: 'malformed JSON', send: () => http.raw('POST', path, '{"donationId":"bad-x","amountMinor":'), status: 400, code: 'malformed_json' },
        { name: 'amount as a string', send: () => http.api('POST', path, { ...valid, amountMinor: '2500' }), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
        { name: 'amount as a float', send: () => http.api('POST', path, { ...valid, amountMinor: 25.5 }), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
        { name: 'amount beyond safe integers', send: () => http.raw('POST', path, JSON.stringify(valid).replace('2500', '9007199254740993')), status: 422, code: 'amount_out_of_range', field: 'amountMinor' },
        { name: 'negative amount', send: () => http.api('POST', path, { ...valid, amountMinor: -2500 }), status: 422, code: 'amount_must_be_positive' },
        { name: 'zero amount', send: () => http.api('POST', path, { ...valid, amountMinor: 0 }), status: 422, code: 'amount_must_be_positive' },
        { name: 'missing amount', send: () => http.api('POST', path, { ...valid, amountMinor: undefined }), status: 400, code: 'invalid_request', field: 'amountMinor' },
        { name: 'unknown currency', send: () => http.api('POST', path, { ...valid, currency: 'XYZ' }), status: 422, code: 'currency_not_supported', field: 'currency' },
        { name: 'not an ISO 4217 code', send: () => http.api('POST', path, { ...valid, currency: 'usd' }), status: 400, code: 'invalid_request', field: 'currency' },
        { name: 'currency of another campaign', send: () => http.api('POST', path, { ...valid, currency: 'EUR' }), status: 422, code: 'currency_mismatch' },
        { name: 'missing donor', send: () => http.api('POST', path, withoutDonor), status: 400, code: 'invalid_request', field: 'donor' },
        { name: 'unknown donor type', send: () => http.api('POST', path, { ...valid, donor: { type: 'alien', name: 'X' } }), status: 400, code: 'invalid_request', field: 'donor.type' },
        { name: 'unknown election', send: () => http.api('POST', path, { ...valid, electionId: 'runoff-2026' }), status: 422, code: 'election_unknown' },
        { name: 'body that is an array', send: () => http.raw('POST', path, '[1,2]'), status: 400, code: 'invalid_request', field: 'body' },
        { name: 'body that is not JSON at all', send: () => http.raw('POST', path, 'amountMinor=2500', 'text/plain'), status: 415, code: 'unsupported_media_type' },
        { name: 'unknown campaign', send: () => http.api('POST', '/v1/campaigns/no-such-camp/donations', valid), status: 404, code: 'campaign_not_found' },
        { name: 'campaign id that cannot exist', send: () => http.api('POST', '/v1/campaigns/bad%20id!/donations', valid), status: 404, code: 'not_found' },
        { name: 'campaign of an unknown committee', send: () => http.api('POST', '/v1/campaigns', { campaignId: 'orphan', committeeId: 'nobody', name: 'Orphan', currency: 'USD' }), status: 404, code: 'committee_not_found' },
      ];

      const problems = [];
      for (const c of cases) {
        const reply = await c.send();
        problems.push({ name: c.name, status: reply.status, contentType: reply.contentType, body: reply.body });
      }
      expect(problems).toEqual(
        cases.map((c) => ({
          name: c.name,
          status: c.status,
          contentType: expect.stringMatching(/^application\/problem\+json/),
          body: {
            type: `https://hustings.dev/problems/${c.code.replace(/_/g, '-')}`,
            title: c.code.replace(/_/g, ' '),
            status: c.status,
            detail: expect.any(String),
            code: c.code,
            instance: expect.stringMatching(/^\/v1\//),
            ...(c.field === undefined ? {} : { field: c.field }),
          },
        })),
      );
      const negative = problems.find((p) => p.name === 'negative amount');
      expect(negative?.body.detail).toBe('amountMinor must be greater than zero');
      const unknownCampaign = problems.find((p) => p.name === 'unknown campaign');
      expect(unknownCampaign?.body).toMatchObject({ detail: 'campaign no-such-camp does not exist', instance: '/v1/campaigns/no-such-camp/donations' });

      // Nothing of it reached the ledger or the read models.
      expect(await ledger.headPosition()).toBe(headBefore);
      const missing = await http.api('GET', '/v1/donations/bad-x');
      expect(missing.status).toBe(404);
      expect(missing.contentType).toMatch(/^application\/problem\+json/);
      expect(missing.body).toMatchObject({ code: 'not_found', status: 404 });
      expect((await http.api('GET', '/v1/campaigns/orphan')).status).toBe(404);
      expect((await http.api('GET', '/v1/campaigns/bad-camp/totals')).body).toEqual(totalsBefore);
      expect((await http.api('GET', '/v1/campaigns/no-such-camp/totals')).body).toMatchObject({ status: 404, code: 'campaign_not_found' });
      expect(totalsBefore).toMatchObject({ raisedMinor: 1234, donationCount: 1, uniqueDonors: 1 });
    },
    TEST_MS,
  );

  it(
    'answers health probes and serves Prometheus metrics with HTTP request counts',
    async () => {
      const live = await http.api('GET', '/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'up' });

      const ready = await http.api('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        status: 'up',
        draining: false,
        checks: {
          ledger: { name: 'ledger', status: 'up' },
          bus: { name: 'bus', status: 'up' },
          database: { name: 'database', status: 'up' },
        },
      });

      await http.api('GET', '/health/live');
      await http.api('GET', '/health/live');
      expect((await http.api('GET', '/no/such/route')).status).toBe(404);

      const response = await fetch(`${platform.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const metrics = await response.text();
      expect(metrics).toContain('# TYPE hustings_http_requests_total counter');
      expect(metrics).toContain('# TYPE hustings_http_request_duration_seconds histogram');
      expect(metrics).toContain('hustings_http_requests_total{method="GET",route="/health/live",status="200"} 3');
      expect(metrics).toContain('hustings_http_requests_total{method="GET",route="/health/ready",status="200"} 1');
      expect(metrics).toMatch(/hustings_http_requests_total\{method="POST",route="\/v1\/campaigns\/:campaignId\/donations",status="202"\} [1-9]\d*/);
      expect(metrics).toMatch(/hustings_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/);
      expect(metrics).toMatch(/hustings_http_request_duration_seconds_count\{method="GET",route="\/health\/live"\} 3/);
      expect(metrics).toMatch(/^hustings_relay_published_total [1-9]\d*$/m);
      expect(metrics).toMatch(/^hustings_relay_lag_events 0$/m);
      expect(metrics).toMatch(/^hustings_messages_consumed_total\{group="compliance",topic="[^"]+"\} [1-9]/m);
      expect(metrics).toContain('hustings_process_cpu_user_seconds_total');
    },
    TEST_MS,
  );
});

describe('embedded platform: Idempotency-Key on donations', () => {
  let dataDir: string;
  let platform: Platform;
  const http = client(() => platform);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-e2e-idem-'));
    platform = await startPlatform(dataDir);
    await http.setUp('idem-cmte', 'idem-camp');
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.app.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  const count = async (): Promise<number> => {
    const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
    return (await ledger.readAll({ filter: { streamPrefixes: ['donation-'] } })).filter((e) => e.type === 'DonationReceived').length;
  };

  it(
    'refuses a donation without a key (400), replays a retry, refuses the key for another body (422), and stores one donation',
    async () => {
      const missing = await http.keyed('idem-camp', '', donationBody('idem-0', 1000, 'Grace Hopper'));
      expect(missing.status).toBe(400);
      expect(missing.contentType).toContain('application/problem+json');
      expect(missing.body).toMatchObject({ code: 'idempotency_key_missing', status: 400 });
      expect(await count()).toBe(0);

      // No donationId: the id is derived from the key, so the retry names the same donation.
      const body = { amountMinor: 2000, currency: 'USD', donor: { type: 'individual', name: 'Grace Hopper', address: { postalCode: '20001' }, attestations: CITIZEN }, payment: { method: 'card', pspReference: 'ch_gh' } };
      const first = await http.keyed('idem-camp', 'key-1', body);
      expect(first.status).toBe(202);
      const donationId = first.body.donationId as string;
      expect(first.body).toEqual({ donationId, status: 'received', duplicate: false, links: { status: `/v1/donations/${donationId}` } });
      const retry = await http.keyed('idem-camp', '"key-1"', body); // the same key as a Structured Field string
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual(first.body);
      expect(retry.location).toBe(`/v1/donations/${donationId}`);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');

      const reused = await http.keyed('idem-camp', 'key-1', { ...body, amountMinor: 2001 });
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
      expect(await count()).toBe(1);

      // A refused request is answered the same way when retried with its key.
      const bad = await http.keyed('idem-camp', 'key-bad', { ...body, amountMinor: 20.5 });
      expect(bad.status).toBe(422);
      expect((await http.keyed('idem-camp', 'key-bad', { ...body, amountMinor: 20.5 })).body).toEqual(bad.body);
      expect(await count()).toBe(1);
    },
    TEST_MS,
  );

  it(
    'given eight identical requests at once with one key, then one donation exists and every answer is its 202 or a 409 in flight',
    async () => {
      const body = donationBody('idem-race', 1500, 'Katherine Johnson');
      const replies = await Promise.all(Array.from({ length: 8 }, () => http.keyed('idem-camp', 'key-race', body)));
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
      replies.filter((r) => r.status === 409).forEach((r) => expect(r.body).toMatchObject({ code: 'idempotency_key_in_flight' }));
      replies.filter((r) => r.status === 202).forEach((r) => expect(r.body).toMatchObject({ donationId: 'idem-race', duplicate: false }));
      const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
      expect((await ledger.readStream('donation-idem-race')).filter((e) => e.type === 'DonationReceived')).toHaveLength(1);
    },
    TEST_MS,
  );
});

describe('embedded platform restart on the same DATA_DIR', () => {
  let dataDir: string;
  let platform: Platform | null = null;
  const http = client(() => {
    if (!platform) throw new Error('platform not running');
    return platform;
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-e2e-restart-'));
    platform = await startPlatform(dataDir);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.app.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it(
    'keeps donation statuses and totals across a restart, and goes on counting',
    async () => {
      await http.setUp('rs-cmte', 'rs-camp');
      await http.donate('rs-camp', donationBody('rs-1', 300_000, 'Hedy Lamarr', { electionId: 'general-2026' }));
      await http.donate('rs-camp', donationBody('rs-2', 60_000, 'Hedy Lamarr', { electionId: 'general-2026' }));
      await http.donate('rs-camp', donationBody('rs-3', 4_200, 'Claude Shannon', { electionId: 'general-2026' }));
      const ids = ['rs-1', 'rs-2', 'rs-3'];
      const before = await Promise.all(ids.map((id) => http.settled(id)));
      // 3000.00 + 600.00 for one election: 500.00 of the second fits, 100.00 is held.
      expect(before.map((d) => [d.status, d.acceptedAmountMinor])).toEqual([
        ['accepted', 300_000],
        ['partly_accepted', 50_000],
        ['accepted', 4_200],
      ]);
      const totalsBefore = await http.totalsWhen('rs-camp', (t) => t.donationCount === 3);
      expect(totalsBefore).toEqual({
        campaignId: 'rs-camp',
        committeeId: 'rs-cmte',
        currency: 'USD',
        raisedMinor: 354_200,
        refundedMinor: 0,
        chargedBackMinor: 0,
        netMinor: 354_200,
        donationCount: 3,
        uniqueDonors: 2,
      });
      const head = await platform!.app.get<LedgerStore>(LEDGER_STORE).headPosition();

      await platform!.app.close();
      platform = null;
      platform = await startPlatform(dataDir);

      const after = await Promise.all(ids.map(async (id) => (await http.api('GET', `/v1/donations/${id}`)).body));
      expect(after).toEqual(before);
      expect((await http.api('GET', '/v1/campaigns/rs-camp/totals')).body).toEqual(totalsBefore);
      expect((await http.api('GET', '/v1/committees/rs-cmte')).body).toMatchObject({ committeeId: 'rs-cmte', jurisdiction: 'US-FEC-CANDIDATE' });
      expect((await http.api('GET', '/health/ready')).status).toBe(200);
      // The relay does not publish the old events again: no double counting after the restart.
      expect(await platform.app.get<LedgerStore>(LEDGER_STORE).headPosition()).toBe(head);

      // The donor's aggregate survived: at 3500.00 for the general one cent more is refused,
      // while the primary still has its own 3500.00.
      await http.donate('rs-camp', donationBody('rs-4', 1, 'Hedy Lamarr', { electionId: 'general-2026' }));
      expect(await http.settled('rs-4')).toMatchObject({ status: 'rejected', rejection: { code: 'donor_exceeds_election_limit' } });
      await http.donate('rs-camp', donationBody('rs-5', 50_000, 'Hedy Lamarr', { electionId: 'primary-2026' }));
      expect((await http.settled('rs-5')).status).toBe('accepted');
      const totalsAfter = await http.totalsWhen('rs-camp', (t) => t.donationCount !== 3);
      expect(totalsAfter).toMatchObject({ raisedMinor: 404_200, donationCount: 4, uniqueDonors: 2 });
      // Retrying a donation made before the restart is still recognised as a duplicate.
      const retry = await http.api('POST', '/v1/campaigns/rs-camp/donations', donationBody('rs-1', 300_000, 'Hedy Lamarr', { electionId: 'general-2026' }));
      expect(retry.body).toMatchObject({ donationId: 'rs-1', duplicate: true });
    },
    2 * TEST_MS,
  );
});
