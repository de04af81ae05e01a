import { Ajv2020 } from 'ajv/dist/2020.js';
import { signatureHeaderFor } from '#domain';
import { apiDocument, type ApiPart, type JsonSchema, type Operation, type Reference, type Response } from '#platform';
import { ComplianceModule } from '../apps/compliance/src/compliance.module.js';
import { IntakeModule } from '../apps/intake/src/intake.module.js';
import { ReportingModule } from '../apps/reporting/src/reporting.module.js';
import { RewardsModule } from '../apps/rewards/src/rewards.module.js';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * The served document and the answers of the running platform, checked against each other:
 * every answer below is validated against the schema the document gives for its operation and
 * status, and every keyed operation refuses a call without a key as the document says.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;
const WEBHOOK_SECRET = 'openapi-e2e-webhook-secret-0123456789abcdef';

/** What the embedded platform serves: the four apps' parts, merged. */
const PLATFORM_OPENAPI = apiDocument([IntakeModule, ComplianceModule, RewardsModule, ReportingModule].map((module) => (module as { api?: ApiPart }).api as ApiPart));

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(JSON.parse(JSON.stringify(PLATFORM_OPENAPI)) as object, 'intake');

const component = <T>(item: T | Reference, kind: 'responses' | 'schemas'): T =>
  '$ref' in (item as object) ? ((PLATFORM_OPENAPI.components[kind] as Record<string, unknown>)[(item as Reference).$ref.split('/').pop() as string] as T) : (item as T);

/** Checks an answer against the document: a documented status, its content type, its schema. */
function conforms(method: string, template: string, reply: HttpReply): { status: number; documented: boolean; errors: unknown } {
  const operation = PLATFORM_OPENAPI.paths[template]?.[method.toLowerCase() as 'get'] as Operation | undefined;
  const documented = operation?.responses[String(reply.status)];
  if (!documented) return { status: reply.status, documented: false, errors: reply.body };
  const response = component<Response>(documented, 'responses');
  const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
  if (!content) return { status: reply.status, documented: true, errors: Object.keys(reply.body).length ? 'a body where none is documented' : null };
  if (reply.headers.get('content-type')?.split(';')[0] !== mediaType) return { status: reply.status, documented: true, errors: `content-type ${reply.headers.get('content-type')}` };
  const schema: JsonSchema = content.schema.$ref ? { $ref: `intake${content.schema.$ref}` } : content.schema;
  const validate = ajv.compile(schema);
  return { status: reply.status, documented: true, errors: validate(reply.body) ? null : validate.errors };
}

const sample = (template: string): string => template.replace(/\{[^}]+\}/g, 'no-such-thing');

describe('the OpenAPI document, served and obeyed', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  /** Calls as the admin and checks the answer against the document before returning it. */
  const call = async (method: string, template: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpReply> => {
    const reply = await admin(method, path, body, headers);
    expect({ call: `${method} ${path}`, ...conforms(method, template, reply) }).toEqual({ call: `${method} ${path}`, status: reply.status, documented: true, errors: null });
    return reply;
  };

  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_WEBHOOK_SECRET: WEBHOOK_SECRET, API_KEY_CACHE_MS: '0' });
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('is served without a key, as the document the code holds', async () => {
    const reply = await apiAs(platform.url, null)('GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body).toEqual(JSON.parse(JSON.stringify(PLATFORM_OPENAPI)));
    const page = await fetch(`${platform.url}/v1/docs`);
    expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await page.text()).toContain('id="receiveDonation"');
  });

  it('refuses every keyed operation without a key (401), and asks none of the public ones', async () => {
    const anonymous = apiAs(platform.url, null);
    for (const [template, item] of Object.entries(PLATFORM_OPENAPI.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
        const reply = await anonymous(method.toUpperCase(), sample(template), method === 'get' || method === 'delete' ? undefined : {});
        const keyed = operation.security.some((requirement) => 'bearerApiKey' in requirement);
        expect({ operation: operation.operationId, unauthenticated: reply.body.code === 'unauthenticated' }).toEqual({ operation: operation.operationId, unauthenticated: keyed });
        if (keyed) expect(conforms(method, template, reply).errors).toBeNull();
      }
    }
  }, TEST_MS);

  it('describes the answers of a whole walk-through: committee, campaign, donation, webhook, plan, erasure', async () => {
    // Probes first: /health/ready leaves a 2 s timer behind (HealthController's `within`).
    for (const probe of ['/health/live', '/health/ready']) await call('GET', probe, probe);
    const committee = { committeeId: 'oa-cmte', name: 'Smith for Congress', jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [{ electionId: 'g-2026', kind: 'general', date: '2028-11-07' }], defaultElectionId: 'g-2026' };
    await call('POST', '/v1/committees', '/v1/committees', committee);
    expect((await call('POST', '/v1/committees', '/v1/committees', committee)).body.code).toBe('committee_already_registered');
    await call('GET', '/v1/committees/{committeeId}', '/v1/committees/oa-cmte');
    await call('POST', '/v1/campaigns', '/v1/campaigns', { campaignId: 'oa-camp', committeeId: 'oa-cmte', name: 'Spring', currency: 'USD' });
    await call('GET', '/v1/campaigns/{campaignId}', '/v1/campaigns/oa-camp');
    await call('GET', '/v1/campaigns/{campaignId}', '/v1/campaigns/missing');

    const donations = '/v1/campaigns/{campaignId}/donations';
    const gift = { donationId: 'oa-don', amountMinor: 2500, currency: 'USD', donor: { type: 'individual', name: 'Ada Lovelace', address: { postalCode: '10001' } }, payment: { method: 'card', pspReference: 'ch_oa' } };
    expect((await call('POST', donations, '/v1/campaigns/oa-camp/donations', gift, { 'idempotency-key': 'oa-1' })).status).toBe(202);
    expect((await call('POST', donations, '/v1/campaigns/oa-camp/donations', gift, { 'idempotency-key': 'oa-1' })).headers.get('idempotency-replayed')).toBe('true');
    expect((await call('POST', donations, '/v1/campaigns/oa-camp/donations', { ...gift, amountMinor: 1 }, { 'idempotency-key': 'oa-1' })).status).toBe(422);
    expect((await call('POST', donations, '/v1/campaigns/oa-camp/donations', gift)).body.code).toBe('idempotency_key_missing');
    expect((await call('POST', donations, '/v1/campaigns/oa-camp/donations', { ...gift, amountMinor: 25.5 }, { 'idempotency-key': 'oa-2' })).body.code).toBe('amount_must_be_integer');
    await eventually('decided', async () => (await call('GET', '/v1/donations/{donationId}', '/v1/donations/oa-don')).body, (d) => d.decision !== null);

    const notice = JSON.stringify({ id: 'evt_oa', type: 'payment.refunded', donationId: 'oa-don', pspReference: 'ch_oa', amountMinor: 1000, currency: 'USD', occurredAt: new Date().toISOString() });
    // The JSON client serialises the same object to the same bytes, so those are what is signed.
    const signed = { 'hustings-signature': signatureHeaderFor([WEBHOOK_SECRET], Math.floor(Date.now() / 1000), notice) };
    const webhook = async (headers: Record<string, string>) => {
      const reply = await apiAs(platform.url, null)('POST', '/v1/webhooks/payments', JSON.parse(notice), headers);
      expect(conforms('POST', '/v1/webhooks/payments', reply).errors).toBeNull();
      return reply;
    };
    expect((await webhook(signed)).body).toMatchObject({ received: true, duplicate: false });
    expect((await webhook(signed)).body.code).toBe('webhook_replayed');
    expect((await webhook({})).body.code).toBe('webhook_signature_missing');
    await call('GET', '/v1/donations/{donationId}', '/v1/donations/oa-don');

    const plans = '/v1/campaigns/{campaignId}/recurring-plans';
    const plan = { planId: 'oa-plan', amountMinor: 1500, currency: 'USD', dayOfMonth: 31, donor: gift.donor, payment: { method: 'card', pspReference: 'sub_oa' }, consent: true, consentText: 'Monthly until I cancel.', consentVersion: 'v1' };
    const created = await call('POST', plans, '/v1/campaigns/oa-camp/recurring-plans', plan);
    expect(created.status).toBe(201);
    expect((await call('POST', plans, '/v1/campaigns/oa-camp/recurring-plans', plan)).status).toBe(200);
    expect((await call('POST', plans, '/v1/campaigns/oa-camp/recurring-plans', { ...plan, consent: false })).body.code).toBe('consent_required');
    await call('GET', '/v1/recurring-plans/{planId}', '/v1/recurring-plans/oa-plan');
    await call('POST', '/v1/recurring-plans/{planId}/pause', '/v1/recurring-plans/oa-plan/pause');
    await call('POST', '/v1/recurring-plans/{planId}/resume', '/v1/recurring-plans/oa-plan/resume', { requestedBy: 'committee', reason: 'donor asked' });
    await call('POST', '/v1/recurring-plans/{planId}/cancel', '/v1/recurring-plans/oa-plan/cancel');
    expect((await call('POST', '/v1/recurring-plans/{planId}/pause', '/v1/recurring-plans/oa-plan/pause')).body.code).toBe('recurring_plan_cancelled');

    const erase = `/v1/donors/${created.body.donorId as string}/personal-data`;
    expect((await call('DELETE', '/v1/donors/{donorId}/personal-data', erase)).status).toBe(204);
    expect((await call('DELETE', '/v1/donors/{donorId}/personal-data', '/v1/donors/dn_00000000000000000000000000000000/personal-data')).status).toBe(404);
  }, TEST_MS);

  it("describes the answers of compliance, rewards and reporting on the walk-through's committee", async () => {
    const campaign = '/v1/campaigns/{campaignId}';
    await call('GET', `${campaign}/totals`, '/v1/campaigns/oa-camp/totals');
    await call('GET', `${campaign}/reports/totals`, '/v1/campaigns/oa-camp/reports/totals');
    await call('GET', `${campaign}/reports/donations`, '/v1/campaigns/oa-camp/reports/donations?limit=10');
    expect((await call('GET', `${campaign}/reports/donations`, '/v1/campaigns/oa-camp/reports/donations?flagged=maybe')).status).toBe(400);
    await call('GET', `${campaign}/wall`, '/v1/campaigns/oa-camp/wall');
    await call('GET', `${campaign}/forwarding`, '/v1/campaigns/oa-camp/forwarding');
    await call('GET', '/v1/conduits/{committeeId}/earmarks', '/v1/conduits/oa-cmte/earmarks?from=2026-01-01&to=2027-01-01');
    const reports = '/v1/committees/{committeeId}/reports/{report}';
    await call('GET', reports, '/v1/committees/oa-cmte/reports/review-queue');
    // Filing deadlines ride with the remedies: the Year-End report of the year the committee registered
    // (New York days) is due on 31 January of the next, and overdue the day after.
    const { registeredAt } = (await call('GET', '/v1/committees/{committeeId}', '/v1/committees/oa-cmte')).body as { registeredAt: string };
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric' }).format(new Date(registeredAt)));
    const yearEnd = { kind: 'fec_year_end', periodTo: `${year}-12-31`, dueOn: `${year + 1}-01-31`, citation: expect.stringContaining('11 CFR 104.5') };
    const onTheDay = await call('GET', reports, `/v1/committees/oa-cmte/reports/remedies-due?asOf=${year + 1}-01-31`);
    expect(onTheDay.body.filingObligations).toContainEqual(expect.objectContaining({ ...yearEnd, status: 'due' }));
    const dayAfter = await call('GET', reports, `/v1/committees/oa-cmte/reports/remedies-due?asOf=${year + 1}-02-01`);
    expect(dayAfter.body).toMatchObject({ committeeId: 'oa-cmte', items: expect.any(Array), filingNote: expect.stringContaining('until an officer records it as filed') });
    expect(dayAfter.body.filingObligations).toContainEqual(expect.objectContaining({ ...yearEnd, status: 'overdue' }));
    await call('GET', reports, '/v1/committees/oa-cmte/reports/fec-schedule-a?from=2026-01-01&to=2027-01-01');
    expect((await call('GET', reports, '/v1/committees/oa-cmte/reports/no-such-report')).status).toBe(404);
    await call('GET', '/v1/committees/{committeeId}/audit-export', '/v1/committees/oa-cmte/audit-export?from=2026-01-01&to=2100-01-01');
    await call('GET', '/v1/donations/{donationId}/ledger', '/v1/donations/oa-don/ledger');

    await call('GET', '/v1/committees/{committeeId}/review-queue', '/v1/committees/oa-cmte/review-queue');
    await call('GET', '/v1/donations/{donationId}/review', '/v1/donations/oa-don/review');
    expect((await call('POST', '/v1/donations/{donationId}/review/decisions', '/v1/donations/oa-don/review/decisions', { item: 'excess' })).status).toBe(400);

    const tiers = `${campaign}/reward-tiers`;
    const tier = { tierId: 'oa-mug', name: 'Mug', thresholdKind: 'single', thresholdMinor: 2000, rewardKind: 'item', fairMarketValueMinor: 800, stockLimit: 10 };
    expect((await call('POST', tiers, '/v1/campaigns/oa-camp/reward-tiers', tier)).status).toBe(201);
    expect((await call('POST', tiers, '/v1/campaigns/oa-camp/reward-tiers', tier)).status).toBe(409);
    await call('GET', tiers, '/v1/campaigns/oa-camp/reward-tiers');
    const { tierId: _id, ...terms } = tier;
    await call('PUT', `${tiers}/{tierId}`, '/v1/campaigns/oa-camp/reward-tiers/oa-mug', { ...terms, stockLimit: 20 });
    await call('GET', `${tiers}/{tierId}`, '/v1/campaigns/oa-camp/reward-tiers/oa-mug');
    await call('GET', `${campaign}/reward-grants`, '/v1/campaigns/oa-camp/reward-grants');
    await call('GET', '/v1/reward-grants/{grantId}', '/v1/reward-grants/no-such-grant');
    await call('POST', '/v1/reward-grants/{grantId}/fulfilment', '/v1/reward-grants/no-such-grant/fulfilment', { status: 'shipped' });
    await call('GET', `${campaign}/supporters/{donorId}`, '/v1/campaigns/oa-camp/supporters/dn_00000000000000000000000000000000');
  }, TEST_MS);
});
