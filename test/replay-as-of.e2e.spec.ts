import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { signatureHeaderFor } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { EmbeddedDatabase } from '#sql';
import { runReplayCli } from '../apps/reporting/src/replay-cli.js';
import { runReportAsOfCli as runReportCli } from '../apps/reporting/src/report-cli.js';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

const SECRET = 'e2e-replay-webhook-secret-0123456789abcdef';
type Json = Record<string, unknown>;

interface Moment {
  instant: string;
  position: number;
  totals: Json;
}

/**
 * The regulator's questions on the embedded default: totals as of earlier instants and
 * positions over HTTP, then, with the platform stopped, the replay and report CLIs on its data.
 */
describe('as-of totals over HTTP, then replay and as-of reports from the command line', () => {
  let platform: EmbeddedPlatform;
  const moments: Moment[] = [];
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiAs(platform.url, TEST_ADMIN_KEY)(method, path, body, headers);
  const totals = async (query = '') => api('GET', `/v1/campaigns/replay-spring/totals${query}`);

  async function donate(donationId: string, amountMinor: number, name: string): Promise<void> {
    const body = {
      donationId, amountMinor, currency: 'USD', payment: { method: 'card', pspReference: `ch_${donationId}` },
      donor: { type: 'individual', name, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
    };
    expect((await api('POST', '/v1/campaigns/replay-spring/donations', body, { 'idempotency-key': randomUUID() })).status).toBe(202);
  }

  async function refund(donationId: string, amountMinor: number): Promise<void> {
    const raw = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.refunded', donationId, pspReference: `ch_${donationId}`, amountMinor, currency: 'USD', occurredAt: new Date().toISOString() });
    const reply = await fetch(`${platform.url}/v1/webhooks/payments`, {
      method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'hustings-signature': signatureHeaderFor([SECRET], Math.floor(Date.now() / 1000), raw) },
    });
    expect(reply.status).toBe(200);
  }

  /** Waits for the live totals to show the step, then notes the instant, the ledger head and the totals. */
  async function moment(done: (totals: Json) => boolean): Promise<void> {
    const settled = await eventually('totals', async () => (await totals()).body, done);
    moments.push({ instant: new Date().toISOString(), position: (await platform.app.get<LedgerStore>(LEDGER_STORE).headPosition()) ?? 0, totals: settled });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_SEAL_INTERVAL_MS: '0', HUSTINGS_WEBHOOK_SECRET: SECRET });
    const committee = await api('POST', '/v1/committees', {
      committeeId: 'replay-cmte', name: 'Replay committee', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD',
      elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'general-2026',
    });
    expect(committee.status).toBe(201);
    expect((await api('POST', '/v1/campaigns', { campaignId: 'replay-spring', committeeId: 'replay-cmte', name: 'Spring', currency: 'USD' })).status).toBe(201);
    await donate('rp-1', 2_500, 'Ada Lovelace');
    await moment((t) => t.donationCount === 1);
    await donate('rp-2', 10_000, 'Grace Hopper');
    await moment((t) => t.donationCount === 2);
    await refund('rp-2', 4_000);
    await moment((t) => t.refundedMinor === 4_000);
    await donate('rp-3', 700, 'Ada Lovelace');
    await moment((t) => t.donationCount === 3);
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('answers ?asOf= and ?asOfPosition= with the totals as they were at each moment, stamped with the cut', async () => {
    for (const { instant, position, totals: then } of moments) {
      const byInstant = await totals(`?asOf=${encodeURIComponent(instant)}`);
      expect(byInstant).toMatchObject({ status: 200, body: { ...then, asOf: { instant, lastPosition: expect.any(Number) } } });
      const byPosition = await totals(`?asOfPosition=${position}`);
      expect(byPosition).toMatchObject({ status: 200, body: { ...then, asOf: { position } } });
    }
    expect((await totals()).body).toEqual(moments[moments.length - 1].totals);
  });

  it('refuses a malformed or doubled cut with 400 invalid_request, naming the parameter', async () => {
    for (const [query, detail] of [
      ['?asOf=2026-06-30', 'asOf must be an ISO 8601 instant'],
      ['?asOfPosition=-3', 'asOfPosition must be a ledger position'],
      ['?asOf=2026-06-30T23:00:00Z&asOfPosition=3', 'not both'],
    ]) {
      const reply = await totals(query);
      expect({ status: reply.status, code: reply.body.code, detail: reply.body.detail }).toEqual({ status: 400, code: 'invalid_request', detail: expect.stringContaining(detail) });
    }
  });

  it('with the platform stopped: replay finds the read models identical, then names a row altered behind its back; report prints an as-of answer', async () => {
    await platform.stop({ keepData: true });
    const env = { DATA_DIR: platform.dataDir, DONOR_ID_KEY: 'e2e-test-donor-id-key-of-at-least-32-chars' };
    const run = async (cli: typeof runReplayCli, args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await cli(args, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
      return { code, out, err };
    };
    const identical = await run(runReplayCli, []);
    expect(identical).toMatchObject({ code: 0, err: [] });
    expect(identical.out.at(-1)).toMatch(/^IDENTICAL: 11 tables/);
    expect(identical.out).toContainEqual(expect.stringMatching(/^campaign_totals: replayed \d+ rows sha256 [0-9a-f]{64}, live \d+ rows sha256 [0-9a-f]{64}: identical$/));

    const db = await EmbeddedDatabase.open(join(platform.dataDir, 'read-models'));
    await db.query(`UPDATE public.campaign_donations SET refunded_minor = 0 WHERE donation_id = 'rp-2'`);
    await db.close();
    const altered = await run(runReplayCli, ['--app', 'reporting']);
    expect(altered.code).toBe(1);
    expect(altered.out).toContain('campaign_donations donation_id=rp-2: refunded_minor is 0 live, 4000 replayed');
    expect(altered.out.at(-1)).toBe('DIFFERENT: 1 of 8 tables differ from the ledger');

    const then = moments[1];
    const report = await run(runReportCli, ['campaign-totals', '--campaign', 'replay-spring', '--as-of-position', String(then.position)]);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.out.join('\n'))).toEqual({ ...then.totals, asOf: { position: then.position, lastPosition: expect.any(Number) } });
    expect(await run(runReportCli, ['campaign-totals', '--as-of', 'yesterday'])).toMatchObject({ code: 2 });
    expect(await run(runReplayCli, ['--app', 'nobody'])).toMatchObject({ code: 2, err: [expect.stringContaining('no read models of app nobody')] });
  });
});
