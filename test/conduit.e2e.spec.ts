import { randomUUID } from 'node:crypto';
import { signatureHeaderFor } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { apiAs, eventually, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform, type HttpReply } from './support/embedded.js';

/**
 * Issue 15 on the embedded default over HTTP: a conduit, its recipients (two of the tenant's
 * own, one outside), split checkouts decided share by share by each recipient's rules (one
 * recipient nearly maxed out), named problems for bad splits, a retried checkout, concurrent
 * checkouts against one recipient's limit, and a refund of the one payment spread pro rata.
 */

const STARTUP_MS = 120_000;
const TEST_MS = 90_000;
const SECRET = 'e2e-webhook-secret-current-0123456789abcdef';
const GENERAL = { electionId: 'general-2026', kind: 'general', date: '2028-11-07' };

let platform: EmbeddedPlatform;
let api: ReturnType<typeof apiAs>;

const donor = (name: string, postalCode = '10001') => ({ type: 'individual', name, address: { line1: '1 Main St', city: 'Albany', region: 'NY', postalCode }, attestations: { usCitizenOrPermanentResident: true } });

async function committee(committeeId: string): Promise<void> {
  const reply = await api('POST', '/v1/committees', { committeeId, name: `Committee ${committeeId}`, jurisdiction: 'US-FEC-CANDIDATE', currency: 'USD', elections: [GENERAL], defaultElectionId: 'general-2026' });
  expect(reply.status).toBe(201);
  expect((await api('POST', '/v1/campaigns', { campaignId: `${committeeId}-camp`, committeeId, name: committeeId, currency: 'USD' })).status).toBe(201);
}

const checkout = (body: Record<string, unknown>, key: string = randomUUID(), campaign = 'vf-camp'): Promise<HttpReply> =>
  api('POST', `/v1/campaigns/${campaign}/checkouts`, { currency: 'USD', payment: { method: 'card', pspReference: `pi_${key}` }, ...body }, { 'idempotency-key': key });

const split = (amounts: Record<string, number>) => ({
  amountMinor: Object.values(amounts).reduce((s, a) => s + a, 0),
  allocations: Object.entries(amounts).map(([recipientCommitteeId, amountMinor]) => ({ recipientCommitteeId, amountMinor })),
});

type Share = { recipientCommitteeId: string; status: string; decision: string | null; acceptedAmountMinor: number; refundedAmountMinor: number; amountMinor: number };
const sharesWhenDecided = async (checkoutId: string): Promise<Share[]> =>
  (
    await eventually(
      `checkout ${checkoutId} decided`,
      async () => (await api('GET', `/v1/checkouts/${checkoutId}`)).body,
      (body) => Array.isArray(body.shares) && (body.shares as Share[]).every((s) => s.decision !== null),
    )
  ).shares as Share[];

let outsideId: string;

describe('conduit and split checkouts on the embedded platform', () => {
  beforeAll(async () => {
    platform = await startEmbedded({ HUSTINGS_WEBHOOK_SECRET: SECRET });
    api = apiAs(platform.url, TEST_ADMIN_KEY);
    for (const id of ['vf', 'ada', 'bo']) await committee(id);
    expect(await api('POST', '/v1/committees/vf/conduit', { fecId: 'C00000015' })).toMatchObject({ status: 201, body: { committeeId: 'vf', fecId: 'C00000015', recipients: [] } });
    expect((await api('POST', '/v1/conduits/vf/recipients', { committeeId: 'ada' })).status).toBe(201);
    expect((await api('POST', '/v1/conduits/vf/recipients', { committeeId: 'bo', fecId: 'C00000016' })).status).toBe(201);
    const outside = await api('POST', '/v1/conduits/vf/recipients', { name: 'Cy for Senate', fecId: 'C00000017', elections: [GENERAL], defaultElectionId: 'general-2026' });
    expect(outside.status).toBe(201);
    const recipients = outside.body.recipients as { recipientCommitteeId: string; kind: string; fecId: string | null }[];
    expect(recipients.map((r) => [r.kind, r.fecId])).toEqual([['hustings', null], ['hustings', 'C00000016'], ['outside', 'C00000017']]);
    outsideId = recipients[2].recipientCommitteeId;
    // Listing the outside committee again is no change.
    expect((await api('POST', '/v1/conduits/vf/recipients', { name: 'Cy for Senate', fecId: 'C00000017', elections: [GENERAL], defaultElectionId: 'general-2026' })).body.recipients).toHaveLength(3);
  }, STARTUP_MS);

  afterAll(async () => platform?.stop(), STARTUP_MS);

  it(
    'splits one payment across three recipients; the one the donor nearly maxed out is partly accepted on its own, and a retry names the same shares',
    async () => {
      // $3,400 of the $3,500 per-election limit already given to Ada directly.
      const direct = await api('POST', '/v1/campaigns/ada-camp/donations', { donationId: 'ada-direct', amountMinor: 340_000, currency: 'USD', donor: donor('Dee Donor'), payment: { method: 'card', pspReference: 'ch_direct' } }, { 'idempotency-key': randomUUID() });
      expect(direct.status).toBe(202);
      await eventually('direct donation decided', async () => (await api('GET', '/v1/donations/ada-direct')).body.decision, (d) => d === 'accepted');

      const key = randomUUID();
      const body = { donor: donor('Dee Donor'), ...split({ ada: 20_000, bo: 5_000, [outsideId]: 5_000 }) };
      const reply = await checkout(body, key);
      expect(reply.status).toBe(202);
      expect(reply.headers.get('location')).toBe(`/v1/checkouts/${reply.body.checkoutId}`);
      expect((reply.body.shares as Share[]).map((s) => [s.recipientCommitteeId, s.amountMinor, s.status])).toEqual([
        ['ada', 20_000, 'received'],
        ['bo', 5_000, 'received'],
        [outsideId, 5_000, 'received'],
      ]);
      const shares = await sharesWhenDecided(String(reply.body.checkoutId));
      expect(shares.map((s) => [s.recipientCommitteeId, s.status, s.acceptedAmountMinor])).toEqual([
        ['ada', 'partly_accepted', 10_000],
        ['bo', 'accepted', 5_000],
        [outsideId, 'accepted', 5_000],
      ]);
      // Each share is a donation of its own, to its recipient, traceable to the checkout.
      const ada = (await api('GET', `/v1/donations/${(reply.body.shares as { donationId: string }[])[0].donationId}`)).body;
      expect(ada).toMatchObject({ committeeId: 'ada', campaignId: 'vf-camp', amountMinor: 20_000, acceptedAmountMinor: 10_000 });

      // The same key answers as the first time; the same checkout id under a new key writes nothing.
      const retry = await checkout(body, key);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 202, body: reply.body });
      const again = await checkout({ ...body, checkoutId: reply.body.checkoutId, payment: { method: 'card', pspReference: `pi_${key}` } });
      expect(again.body).toMatchObject({ checkoutId: reply.body.checkoutId, duplicate: true, shares: reply.body.shares });
    },
    TEST_MS,
  );

  it(
    'names each bad split: sum, unknown recipient, duplicate recipient, too many, mixed currency',
    async () => {
      const dee = donor('Dee Donor');
      const problems = await Promise.all([
        checkout({ donor: dee, amountMinor: 10_001, allocations: [{ recipientCommitteeId: 'ada', amountMinor: 10_000 }] }),
        checkout({ donor: dee, ...split({ ada: 100, stranger: 100 }) }),
        checkout({ donor: dee, amountMinor: 200, allocations: [{ recipientCommitteeId: 'ada', amountMinor: 100 }, { recipientCommitteeId: 'ada', amountMinor: 100 }] }),
        checkout({ donor: dee, amountMinor: 1_100, allocations: Array.from({ length: 11 }, (_, i) => ({ recipientCommitteeId: `r${i}`, amountMinor: 100 })) }),
        checkout({ donor: dee, amountMinor: 200, allocations: [{ recipientCommitteeId: 'ada', amountMinor: 100 }, { recipientCommitteeId: 'bo', amountMinor: 100, currency: 'GBP' }] }),
      ]);
      expect(problems.map((p) => [p.status, p.body.code, p.headers.get('content-type')?.split(';')[0]])).toEqual([
        [422, 'allocations_sum_mismatch', 'application/problem+json'],
        [422, 'recipient_not_served', 'application/problem+json'],
        [422, 'recipient_duplicated', 'application/problem+json'],
        [422, 'too_many_recipients', 'application/problem+json'],
        [422, 'currency_mixed', 'application/problem+json'],
      ]);
    },
    TEST_MS,
  );

  it(
    'concurrent checkouts against one recipient\'s limit accept no more than its headroom in total',
    async () => {
      const direct = await api('POST', '/v1/campaigns/bo-camp/donations', { donationId: 'bo-direct', amountMinor: 330_000, currency: 'USD', donor: donor('Eve Racer', '20002'), payment: { method: 'card', pspReference: 'ch_eve' } }, { 'idempotency-key': randomUUID() });
      expect(direct.status).toBe(202);
      const replies = await Promise.all(Array.from({ length: 5 }, () => checkout({ donor: donor('Eve Racer', '20002'), ...split({ bo: 10_000, ada: 1_000 }) })));
      expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      const decided = await Promise.all(replies.map((r) => sharesWhenDecided(String(r.body.checkoutId))));
      const toBo = decided.map((shares) => shares.find((s) => s.recipientCommitteeId === 'bo')!.acceptedAmountMinor);
      expect(toBo.reduce((s, a) => s + a, 0)).toBe(20_000);
      expect(decided.every((shares) => shares.find((s) => s.recipientCommitteeId === 'ada')!.acceptedAmountMinor === 1_000)).toBe(true);
    },
    TEST_MS,
  );

  it(
    'a refund of the one payment is spread over the shares pro rata, once however often delivered',
    async () => {
      const key = randomUUID();
      const reply = await checkout({ donor: donor('Fay Refund', '30003'), ...split({ ada: 6_000, bo: 3_000, [outsideId]: 1_000 }) }, key);
      const checkoutId = String(reply.body.checkoutId);
      await sharesWhenDecided(checkoutId);
      const raw = JSON.stringify({ id: `evt_${key}`, type: 'payment.refunded', checkoutId, pspReference: `pi_${key}`, amountMinor: 2_500, currency: 'USD', occurredAt: new Date().toISOString() });
      const deliver = (signedAt: number) => api('POST', '/v1/webhooks/payments', JSON.parse(raw), { 'hustings-signature': signatureHeaderFor([SECRET], signedAt, raw) });
      const now = Math.floor(Date.now() / 1000);
      const first = await deliver(now);
      expect(first.status).toBe(200);
      expect((first.body.parts as { amountMinor: number }[]).map((p) => p.amountMinor)).toEqual([1_500, 750, 250]);
      expect((await deliver(now - 30)).status).toBe(200);
      const after = (await api('GET', `/v1/checkouts/${checkoutId}`)).body;
      expect((after.shares as Share[]).map((s) => s.refundedAmountMinor)).toEqual([1_500, 750, 250]);
      expect(after.reversals).toHaveLength(1);
    },
    TEST_MS,
  );

  it(
    'a capture of the one payment is recorded on every share once; a failure of another checkout fails each of its shares',
    async () => {
      const [paidKey, failedKey] = [randomUUID(), randomUUID()];
      const paid = String((await checkout({ donor: donor('Hal Paid', '50005'), ...split({ ada: 6_000, bo: 4_000 }) }, paidKey)).body.checkoutId);
      const failed = String((await checkout({ donor: donor('Ida Declined', '60006'), ...split({ ada: 1_000, bo: 1_000 }) }, failedKey)).body.checkoutId);
      // Each delivery signed afresh (a provider's retry), so none is refused as a replay of the same signed bytes:
      // a second apart, counted back from one instant (from the clock at each call, two calls a second apart
      // on a loaded machine signed the same second, and the second was refused as a replay).
      const signedFrom = Math.floor(Date.now() / 1000);
      let signedAgo = 0;
      const notify = (body: Record<string, unknown>) => {
        const raw = JSON.stringify({ currency: 'USD', occurredAt: '2026-09-03T00:00:00.000Z', ...body });
        return api('POST', '/v1/webhooks/payments', JSON.parse(raw), { 'hustings-signature': signatureHeaderFor([SECRET], signedFrom - signedAgo++, raw) });
      };
      const capture = { id: `evt_cap_${paid}`, type: 'payment.captured', checkoutId: paid, pspReference: `pi_${paidKey}`, amountMinor: 10_000 };
      const first = await notify(capture);
      expect([first.status, first.body.policy, (first.body.parts as { amountMinor: number }[]).map((p) => p.amountMinor)]).toEqual([200, 'whole', [6_000, 4_000]]);
      expect((await notify(capture)).status).toBe(200);
      expect((await notify({ ...capture, id: `evt_cap_short_${paid}`, amountMinor: 9_999 })).body.code).toBe('payment_amount_mismatch');
      const shares = ((await api('GET', `/v1/checkouts/${paid}`)).body.shares as { donationId: string }[]).map((s) => s.donationId);
      const payments = await Promise.all(shares.map(async (id) => (await api('GET', `/v1/donations/${id}`)).body.payment as { status: string; capturedAmountMinor: number }));
      expect(payments.map((p) => [p.status, p.capturedAmountMinor])).toEqual([['captured', 6_000], ['captured', 4_000]]);

      expect((await notify({ id: `evt_fail_${failed}`, type: 'payment.failed', checkoutId: failed, pspReference: `pi_${failedKey}`, amountMinor: 2_000, reason: 'card declined' })).status).toBe(200);
      const failedShares = ((await api('GET', `/v1/checkouts/${failed}`)).body.shares as { donationId: string }[]).map((s) => s.donationId);
      const failures = await Promise.all(failedShares.map(async (id) => ((await api('GET', `/v1/donations/${id}`)).body.payment as { status: string }).status));
      expect(failures).toEqual(['failed', 'failed']);
    },
    TEST_MS,
  );

  it(
    'a refund of the whole checkout racing a refund of one share never gives that share back twice',
    async () => {
      const key = randomUUID();
      const checkoutId = String((await checkout({ donor: donor('Jo Racing', '70007'), ...split({ ada: 5_000, bo: 5_000 }) }, key)).body.checkoutId);
      const adaShare = ((await sharesWhenDecided(checkoutId)) as (Share & { donationId: string })[]).find((s) => s.recipientCommitteeId === 'ada')!.donationId;
      const signed = (body: Record<string, unknown>) => {
        const raw = JSON.stringify({ type: 'payment.refunded', pspReference: `pi_${key}`, currency: 'USD', occurredAt: '2026-09-03T00:00:00.000Z', ...body });
        return api('POST', '/v1/webhooks/payments', JSON.parse(raw), { 'hustings-signature': signatureHeaderFor([SECRET], Math.floor(Date.now() / 1000), raw) });
      };
      const replies = await Promise.all([signed({ id: `evt_all_${key}`, checkoutId, amountMinor: 10_000 }), signed({ id: `evt_one_${key}`, donationId: adaShare, amountMinor: 5_000 })]);
      // Whichever lands first takes the share's $50.00; the other finds too little left.
      expect(replies.map((r) => r.status).sort()).toEqual([200, 422]);
      expect(replies.find((r) => r.status === 422)!.body.code).toBe('reversal_exceeds_remaining');
      const ada = (await api('GET', `/v1/donations/${adaShare}`)).body;
      expect(ada.refundedAmountMinor).toBe(5_000);
    },
    TEST_MS,
  );

  it(
    'tracks each accepted share as a forwarding obligation with its due day, records a transfer, and shows the overdue ones',
    async () => {
      // A conduit campaign open since November: a split received on 20 November was due by 30 November.
      expect((await api('POST', '/v1/campaigns', { campaignId: 'vf-nov', committeeId: 'vf', name: 'November', currency: 'USD', opensAt: '2026-11-01T00:00:00Z' })).status).toBe(201);
      const old = await checkout({ donor: donor('Gil Late', '40004'), receivedAt: '2026-11-20T15:00:00Z', ...split({ ada: 4_000, bo: 2_000 }) }, randomUUID(), 'vf-nov');
      expect(old.status).toBe(202);
      const [adaShare, boShare] = (old.body.shares as { donationId: string }[]).map((s) => s.donationId);
      await sharesWhenDecided(String(old.body.checkoutId));

      const list = await eventually(
        'forwarding obligations',
        async () => (await api('GET', '/v1/campaigns/vf-nov/forwarding')).body,
        // Decided in the read model too: a share reporting has not yet seen decided is overdue by
        // then as well, but for nothing (its counted amount is not known there yet).
        (body) =>
          Array.isArray(body.obligations) &&
          (body.obligations as unknown[]).length === 2 &&
          (body.obligations as { status: string; amountMinor: number }[]).every((o) => o.status !== 'awaiting_decision' && o.amountMinor > 0),
      );
      expect(list.overdue).toBe(2);
      expect((list.obligations as { donationId: string; dueOn: string; status: string; amountMinor: number }[]).map((o) => [o.donationId, o.dueOn, o.status, o.amountMinor]).sort()).toEqual(
        [[adaShare, '2026-11-30', 'overdue', 4_000], [boShare, '2026-11-30', 'overdue', 2_000]].sort(),
      );

      const transfer = { batchId: 'nov-ada-1', recipientCommitteeId: 'ada', forwardedOn: '2026-12-01', donationIds: [adaShare] };
      const recorded = await api('POST', '/v1/campaigns/vf-nov/forwardings', transfer);
      expect(recorded).toMatchObject({ status: 201, body: { batchId: 'nov-ada-1', amountMinor: 4_000, recipientCommitteeId: 'ada', forwardedOn: '2026-12-01' } });
      expect((await api('POST', '/v1/campaigns/vf-nov/forwardings', transfer)).status).toBe(201);
      // The recipient's own ledger holds the transfer once, the conduit named.
      const received = await platform.app.get<LedgerStore>(LEDGER_STORE).readStream('earmarks-ada');
      expect(received.map((e) => [e.type, (e.payload as { conduitName: string; batchId: string }).conduitName, (e.payload as { batchId: string }).batchId])).toEqual([['EarmarksReceived', 'Committee vf', 'nov-ada-1']]);
      const twice = await api('POST', '/v1/campaigns/vf-nov/forwardings', { ...transfer, batchId: 'nov-ada-2' });
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'earmark_already_forwarded' });
      const wrong = await api('POST', '/v1/campaigns/vf-nov/forwardings', { ...transfer, batchId: 'nov-ada-3', donationIds: [boShare] });
      expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 422, code: 'forwarding_share_invalid' });

      const after = (await api('GET', '/v1/campaigns/vf-nov/forwarding')).body;
      expect(after.overdue).toBe(1);
      expect((after.obligations as { donationId: string; status: string; late: boolean; batchId: string | null }[]).find((o) => o.donationId === adaShare)).toMatchObject({ status: 'forwarded', late: true, batchId: 'nov-ada-1' });
    },
    TEST_MS,
  );

  it(
    "reports the conduit's earmarked contributions, names the conduit on the recipient's Schedule A, and reconciles both to the cent",
    async () => {
      const period = 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z';
      // A share over $200 is itemized on the conduit's report; the others are in its totals.
      const big = await checkout({ donor: donor('Hal Big', '50005'), ...split({ ada: 30_000, bo: 1_000 }) });
      await sharesWhenDecided(String(big.body.checkoutId));
      const report = await eventually(
        'earmark report reconciled',
        async () => (await api('GET', `/v1/conduits/vf/earmarks?${period}`)).body,
        (body) => (body.reconciliation as { ok?: boolean } | undefined)?.ok === true && (body.lines as unknown[]).length > 0,
      );
      const byRecipient = report.byRecipient as { recipientCommitteeId: string; totalMinor: number }[];
      expect(byRecipient.map((r) => r.recipientCommitteeId)).toEqual(expect.arrayContaining(['ada', 'bo']));
      expect(report.totalMinor).toBe(byRecipient.reduce((s, r) => s + r.totalMinor, 0));
      // Each itemized line is a memo entry naming its recipient.
      const lines = report.lines as { amountMinor: number; record: Record<string, string> }[];
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.amountMinor > 20_000 && l.record.memo_code === 'X' && l.record.filer_committee_id_number === 'C00000015')).toBe(true);

      // The conduit's audit bundle carries the report and its reconciliation, digested like a filing.
      const bundle = (await api('GET', `/v1/committees/vf/audit-export?${period}`)).body as { files: Record<string, string> };
      const filed = Object.entries(bundle.files).find(([name]) => name.endsWith('conduit-earmarks.json'));
      expect(filed).toBeDefined();
      expect(JSON.parse(filed![1])).toMatchObject({ conduitCommitteeId: 'vf', reconciliation: { ok: true } });

      const scheduleA = (await api('GET', `/v1/committees/ada/reports/fec-schedule-a?${period}&filerCommitteeId=C00000016`)).body;
      const earmarked = (scheduleA.lines as { record: Record<string, string> }[]).filter((l) => l.record.conduit_name !== '');
      expect(earmarked.length).toBeGreaterThan(0);
      expect(earmarked[0].record).toMatchObject({ conduit_name: 'Committee vf', memo_text_description: expect.stringContaining('earmarked through Committee vf (C00000015)') });
    },
    TEST_MS,
  );
});
