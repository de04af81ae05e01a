import type { DataSource } from 'typeorm';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from './support/embedded.js';

/**
 * The officers' review API on the embedded platform, over HTTP: a donation split under the
 * itemization threshold on one card is flagged with its evidence, an excess is redesignated
 * once (a second try is refused), and a remedy past its deadline is listed as overdue.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 60_000;

type Json = Record<string, unknown>;
type Item = { donationId: string; kind: string; dueOn: string; overdue: boolean; amountMinor: number };

describe('officer review over HTTP (embedded platform)', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  let auditor: ReturnType<typeof apiAs>;
  let otherTenant: ReturnType<typeof apiAs>;
  let sequence = 0;

  const donate = async (donationId: string, name: string, amountMinor: number, extra: Json = {}) => {
    const reply = await admin(
      'POST',
      '/v1/campaigns/rv-spring/donations',
      {
        donationId,
        amountMinor,
        currency: 'USD',
        receivedAt: '2026-01-05T15:00:00Z',
        donor: { type: 'individual', name, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
        payment: { method: 'card', pspReference: `ch_${donationId}` },
        ...extra,
      },
      { 'idempotency-key': `rv-${donationId}-${++sequence}` },
    );
    expect(reply.status).toBe(202);
  };
  const queue = async (): Promise<Item[]> => {
    const reply = await officer('GET', '/v1/committees/rv-smith/review-queue');
    expect(reply.status).toBe(200);
    return reply.body.items as Item[];
  };

  beforeAll(async () => {
    platform = await startEmbedded();
    const keys = new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS));
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await keys.issue('default', ['officer'], 'e2e officer')).key);
    auditor = apiAs(platform.url, (await keys.issue('default', ['auditor'], 'e2e auditor')).key);
    otherTenant = apiAs(platform.url, (await keys.issue('party-b', ['officer'], 'e2e other party')).key);
    const committee = await admin('POST', '/v1/committees', {
      committeeId: 'rv-smith',
      name: 'Smith for Congress',
      jurisdiction: 'US-FEC-CANDIDATE',
      currency: 'USD',
      elections: [
        { electionId: 'primary-2026', kind: 'primary', date: '2028-06-06' },
        { electionId: 'general-2026', kind: 'general', date: '2028-11-07' },
      ],
      defaultElectionId: 'primary-2026',
    });
    expect(committee.status).toBe(201);
    const campaign = await admin('POST', '/v1/campaigns', { campaignId: 'rv-spring', committeeId: 'rv-smith', name: 'Spring', currency: 'USD', opensAt: '2026-01-01T00:00:00Z' });
    expect(campaign.status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it('flags the third $190.00 donation on one card under a third name, with the other two as evidence', async () => {
    const card = { payment: { method: 'card', pspReference: 'ch_x', instrumentFingerprint: 'fp_shared_card' } };
    await donate('rv-split-1', 'Ann Able', 19_000, card);
    await donate('rv-split-2', 'Ben Baker', 19_000, card);
    await donate('rv-split-3', 'Cat Cole', 19_000, card);
    const items = await eventually('the split is in the queue', queue, (list) => list.some((i) => i.donationId === 'rv-split-3' && i.kind === 'structuring'));
    expect(items.filter((i) => i.kind === 'structuring').map((i) => i.donationId)).toEqual(['rv-split-3']);
    const review = await auditor('GET', '/v1/donations/rv-split-3/review');
    expect(review.status).toBe(200);
    const { findings } = review.body.structuring as { findings: Json[] };
    expect(findings).toEqual([
      expect.objectContaining({ detector: 'just-under-threshold', keyKind: 'paymentInstrument', relatedDonationIds: ['rv-split-1', 'rv-split-2'], figures: expect.objectContaining({ thresholdMinor: '20000', combinedMinor: '57000' }) }),
    ]);
    // Flagged for a human, never refused: compliance accepted it.
    const donation = await admin('GET', '/v1/donations/rv-split-3');
    expect(donation.body.status).toBe('accepted');
    expect(JSON.stringify(review.body)).not.toContain('fp_shared_card');
  }, TEST_MS);

  it('lists an excess past its 60 days as overdue, redesignates it once and refuses a second attempt', async () => {
    await donate('rv-excess', 'Dan Dough', 400_000);
    const isExcess = (i: Item) => i.donationId === 'rv-excess' && i.kind === 'excess';
    const items = await eventually('the excess is in the queue', queue, (list) => list.some(isExcess));
    expect(items.find(isExcess)).toMatchObject({ dueOn: '2026-03-06', overdue: true, amountMinor: 50_000 });
    // Itemized without occupation or employer: the best-efforts request (due in 30 days) is listed first.
    expect(items.find((i) => i.donationId === 'rv-excess' && i.kind === 'best_efforts')).toMatchObject({ dueOn: '2026-02-04', overdue: true });
    expect(items.map((i) => i.dueOn)).toEqual([...items.map((i) => i.dueOn)].sort());

    const decision = { item: 'excess', decision: 'redesignate', toElectionId: 'general-2026', reason: 'donor designated the general in writing' };
    expect((await auditor('POST', '/v1/donations/rv-excess/review/decisions', decision)).status).toBe(403);
    expect((await otherTenant('POST', '/v1/donations/rv-excess/review/decisions', decision)).status).toBe(404);
    const unknown = await officer('POST', '/v1/donations/rv-excess/review/decisions', { ...decision, toElectionId: 'runoff-2026' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'election_unknown']);
    const over = await officer('POST', '/v1/donations/rv-excess/review/decisions', { ...decision, amountMinor: 50_001 });
    expect([over.status, over.body.code]).toEqual([422, 'remedy_exceeds_excess']);

    const first = await officer('POST', '/v1/donations/rv-excess/review/decisions', decision);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'ExcessRedesignated', toElectionId: 'general-2026', amountMinor: 50_000, remainingExcessMinor: 0, reason: decision.reason });
    expect(first.body.officer).toMatch(/^api-key:/);
    const second = await officer('POST', '/v1/donations/rv-excess/review/decisions', decision);
    expect([second.status, second.body.code]).toEqual([409, 'excess_already_remedied']);

    await eventually('the remedied excess leaves the queue', queue, (list) => !list.some(isExcess));
    // The general now counts $500.00 for this donor: $3,000.00 more fits, $3,000.01 would not.
    await donate('rv-excess-general', 'Dan Dough', 300_001, { electionId: 'general-2026' });
    const general = await eventually('the general gift is decided', () => admin('GET', '/v1/donations/rv-excess-general'), (r) => r.body.status !== 'received');
    expect(general.body.status).toBe('partly_accepted');
  }, TEST_MS);

  it('answers 404 for another tenant and 403 for roles that may not read', async () => {
    expect((await otherTenant('GET', '/v1/committees/rv-smith/review-queue')).status).toBe(404);
    expect((await otherTenant('GET', '/v1/donations/rv-split-3/review')).status).toBe(404);
    expect((await auditor('GET', '/v1/committees/rv-smith/review-queue')).status).toBe(200);
  });
});
