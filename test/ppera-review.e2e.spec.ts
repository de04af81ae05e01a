import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dayInZone } from '#compliance-rules';
import { donationStreamId, donorAggregateStreamId, reviewStreamId, type RecordedEvent } from '#contracts';
import { signatureHeaderFor } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { ApiKeyStore, READ_MODELS } from '#platform';
import { ReviewConsumer } from '../apps/compliance/src/review.consumer.js';
import { ComplianceHandler } from '../apps/compliance/src/compliance.handler.js';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * Issue 14, item 7, over HTTP on the embedded platform: a UK donation flagged because the
 * donor's permissibility was not established, approved by an officer through the review queue,
 * is accepted exactly once, leaves the queue once and its remedy is listed once, however often
 * the approval is sent and its messages delivered; an impermissible donation sent back appears
 * in the quarterly report with the day and manner of its return.
 */
const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const SECRET = 'e2e-webhook-secret-ppera-review-0123456789';

type Json = Record<string, unknown>;

const unattested = (name: string) => ({ type: 'individual', name, address: { postalCode: 'M1 1AA', country: 'GB' } });
const offshore = { type: 'company', name: 'Offshore Holdings Ltd', address: { postalCode: 'KY1-1102' }, registrationNumber: 'KY12345', attestations: { carriesOnBusinessInUk: false } };
const today = dayInZone(new Date().toISOString(), 'Europe/London') as string;
const quarter = { year: Number(today.slice(0, 4)), quarter: Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 };

describe('a UK officer verifies or returns a donation over HTTP', () => {
  let platform: EmbeddedPlatform;
  let admin: ReturnType<typeof apiAs>;
  let officer: ReturnType<typeof apiAs>;
  const ledger = (): LedgerStore => platform.app.get<LedgerStore>(LEDGER_STORE);

  const give = async (donationId: string, amountMinor: number, donor: unknown): Promise<Json> => {
    const body = { donationId, amountMinor, currency: 'GBP', donor, payment: { method: 'card', pspReference: `ch_${donationId}` } };
    expect((await admin('POST', '/v1/campaigns/rq-spring/donations', body, { 'idempotency-key': `rq-${donationId}` })).status).toBe(202);
    return (await eventually(`donation ${donationId} decided`, () => admin('GET', `/v1/donations/${donationId}`), (r) => r.status === 200 && r.body.decision !== null)).body;
  };
  const queueIds = async (): Promise<string[]> => {
    const reply = await officer('GET', '/v1/committees/rq-party/review-queue');
    expect(reply.status).toBe(200);
    return (reply.body.items as { donationId: string }[]).map((i) => i.donationId);
  };
  const remediesOf = async (donationId: string): Promise<Json[]> => {
    const reply = await officer('GET', '/v1/committees/rq-party/reports/remedies-due');
    expect(reply.status).toBe(200);
    return (reply.body.items as Json[]).filter((i) => i.donationId === donationId);
  };
  const decide = (donationId: string, body: Json): Promise<HttpReply> => officer('POST', `/v1/donations/${donationId}/review/decisions`, body);
  const typesIn = async (streamId: string, donationId?: string): Promise<string[]> =>
    (await ledger().readStream(streamId)).filter((e) => donationId === undefined || (e.payload as { donationId?: string }).donationId === donationId).map((e) => e.type);
  const refund = async (donationId: string, amountMinor: number): Promise<void> => {
    const raw = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.refunded', donationId, pspReference: `ch_${donationId}`, amountMinor, currency: 'GBP', occurredAt: new Date().toISOString() });
    const reply = await fetch(`${platform.url}/v1/webhooks/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'hustings-signature': signatureHeaderFor([SECRET], Math.floor(Date.now() / 1000), raw) }, body: raw });
    expect(reply.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_WEBHOOK_SECRET: SECRET });
    admin = apiAs(platform.url, TEST_ADMIN_KEY);
    officer = apiAs(platform.url, (await new ApiKeyStore(platform.app.get<DataSource>(READ_MODELS)).issue('default', ['officer'], 'e2e officer')).key);
    expect((await admin('POST', '/v1/committees', { committeeId: 'rq-party', name: 'Review party', jurisdiction: 'UK-PPERA-PARTY', currency: 'GBP' })).status).toBe(201);
    expect((await admin('POST', '/v1/campaigns', { campaignId: 'rq-spring', committeeId: 'rq-party', name: 'Spring', currency: 'GBP' })).status).toBe(201);
  }, STARTUP_MS);

  afterAll(async () => {
    await platform?.stop();
  }, STARTUP_MS);

  it(
    'accepts a verified donor once, whatever is repeated: the approval sent twice at once and again, its messages delivered again',
    async () => {
      expect(await give('rq-verified', 100_000, unattested('Vera Verified'))).toMatchObject({ status: 'flagged', flags: [{ code: 'ppera_permissibility_not_established' }] });
      await eventually('in the queue', queueIds, (ids) => ids.includes('rq-verified'));
      expect((await queueIds()).filter((id) => id === 'rq-verified')).toHaveLength(1);
      expect(await remediesOf('rq-verified')).toHaveLength(1);

      const approval = { item: 'questionable_source', decision: 'approve', reason: 'electoral register entry seen (PPERA s.54(2)(a))' };
      const [one, two] = await Promise.all([decide('rq-verified', approval), decide('rq-verified', approval)]);
      expect([one.status, two.status].sort()).toEqual([201, 409]);
      const refused = one.status === 409 ? one : two;
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const again = await decide('rq-verified', approval);
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');

      const accepted = await eventually('accepted', () => admin('GET', '/v1/donations/rq-verified'), (r) => r.body.status === 'accepted');
      expect(accepted.body).toMatchObject({ status: 'accepted', acceptedAmountMinor: 100_000 });

      // The messages of the decision and of the donation, delivered again, change nothing.
      const decision = (await ledger().readStream(reviewStreamId('rq-verified'))) as RecordedEvent[];
      const donation = (await ledger().readStream(donationStreamId('rq-verified'))) as RecordedEvent[];
      await platform.app.get(ReviewConsumer).onComplianceEvents([...decision, ...decision]);
      await platform.app.get(ReviewConsumer).onDonationEvents(donation);
      await platform.app.get(ComplianceHandler).onDonationEvents(donation.filter((e) => e.type === 'DonationReceived'));

      expect(await typesIn(reviewStreamId('rq-verified'))).toEqual(['ReviewItemApproved']);
      expect(await typesIn(donationStreamId('rq-verified'))).toEqual(['DonationReceived', 'DonationFlagged', 'DonationAccepted']);
      const donorId = donation[0].metadata.donorId as string;
      expect((await typesIn(donorAggregateStreamId('rq-party', donorId), 'rq-verified')).filter((t) => t === 'ContributionCounted')).toHaveLength(1);
      expect((await admin('GET', '/v1/donations/rq-verified')).body).toMatchObject({ status: 'accepted', acceptedAmountMinor: 100_000 });

      await eventually('out of the queue', queueIds, (ids) => !ids.includes('rq-verified'));
      expect(await remediesOf('rq-verified')).toEqual([]);
      const review = await officer('GET', '/v1/donations/rq-verified/review');
      expect(review.body).toMatchObject({ items: [{ kind: 'questionable_source', open: false, closedBy: { decision: 'ReviewItemApproved' } }] });
      expect(review.body.decisions as unknown[]).toHaveLength(1);
    },
    TEST_MS,
  );

  it(
    'lists a returned impermissible donation in the quarterly report with the day and manner of its return',
    async () => {
      expect(await give('rq-offshore', 200_000, offshore)).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor' } });
      expect(await give('rq-refused', 150_000, unattested('Rita Refused'))).toMatchObject({ status: 'flagged' });
      const flagDue = (await eventually('its deadline listed', () => remediesOf('rq-refused'), (items) => items.length === 1))[0].dueOn;
      expect((await decide('rq-refused', { item: 'questionable_source', decision: 'reject', reason: 'not on any electoral register' })).status).toBe(201);
      // Refused, it is rejected with its return due by the flag's deadline (30 days beginning with receipt), once.
      const refused = await eventually('refused', () => admin('GET', '/v1/donations/rq-refused'), (r) => r.body.status === 'rejected');
      expect(refused.body).toMatchObject({ status: 'rejected', returnRequired: { action: 'return_to_donor', amountMinor: 150_000, dueOn: flagDue } });
      const refusal = (await ledger().readStream(reviewStreamId('rq-refused'))) as RecordedEvent[];
      await platform.app.get(ReviewConsumer).onComplianceEvents([...refusal, ...refusal]);
      expect(await typesIn(donationStreamId('rq-refused'))).toEqual(['DonationReceived', 'DonationFlagged', 'DonationRejected', 'DonationReturnRequired']);
      await eventually('out of the queue', queueIds, (ids) => !ids.includes('rq-refused'));
      expect(await remediesOf('rq-refused')).toHaveLength(1);

      const q = `year=${quarter.year}&quarter=${quarter.quarter}`;
      type Returned = { donationId: string; manner: string; returnedOn: string | null; dueOn: string | null; valueMinor: number; reason: string };
      const returnedOf = async (): Promise<Returned[]> => ((await officer('GET', `/v1/committees/rq-party/reports/ppera-quarterly?${q}`)).body.returned as Returned[]).filter((r) => r.donationId !== 'rq-verified');

      const due = await eventually('both are due back', returnedOf, (rows) => rows.length === 2);
      expect(due.map((r) => [r.donationId, r.manner, r.returnedOn, r.dueOn, r.valueMinor, r.reason])).toEqual([
        ['rq-offshore', 'return_to_donor', null, expect.any(String), 200_000, 'ppera_impermissible_donor'],
        ['rq-refused', 'return_to_donor', null, flagDue, 150_000, 'ppera_permissibility_not_established'],
      ]);

      await refund('rq-offshore', 200_000);
      await refund('rq-refused', 150_000);
      const back = await eventually('both went back', returnedOf, (rows) => rows.filter((r) => r.returnedOn !== null).length === 2);
      expect(await remediesOf('rq-refused')).toEqual([]);
      expect(back.map((r) => [r.donationId, r.manner, r.returnedOn])).toEqual([
        ['rq-offshore', 'return_to_donor', today],
        ['rq-refused', 'return_to_donor', today],
      ]);
      const lines = (await officer('GET', `/v1/committees/rq-party/reports/ppera-quarterly?${q}`)).body.lines as { donationId: string }[];
      expect(lines.filter((l) => l.donationId === 'rq-offshore' || l.donationId === 'rq-refused')).toEqual([]);
    },
    TEST_MS,
  );
});
