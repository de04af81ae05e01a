import { createHmac, randomUUID } from 'node:crypto';
import type { RecordedEvent } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { openSqlDatabase } from '#sql';
import { apiAs, startEmbedded, TEST_ADMIN_KEY, type EmbeddedPlatform } from '../support/embedded.js';

/**
 * The fault suite's harness on the embedded platform: post a bounded surge, inject a fault,
 * then reconcile the ledger, what the bus delivered (the decisions it caused) and the read
 * models (campaign totals), and report one row of figures per fault.
 */
export const WEBHOOK_SECRET = 'faults-webhook-secret-0123456789abcdef0123';
const GIFT_MINOR = 2_500;
const SETTLE_MS = 120_000;

export interface FaultRow {
  fault: string;
  posted: number;
  acknowledged: number;
  inLedger: number;
  decidedOnce: number;
  totalsEqualLedger: boolean;
  duplicates: number;
  lost: number;
  recoveryMs: number;
}

export interface Surge {
  campaignId: string;
  /** Donation id → Idempotency-Key, as a client keeps them to retry. */
  keys: Map<string, string>;
  acknowledged: Set<string>;
}

export const platformEnv = { HUSTINGS_WEBHOOK_SECRET: WEBHOOK_SECRET, LOG_LEVEL: 'error' };

export async function openCampaign(platform: EmbeddedPlatform, name: string): Promise<string> {
  const admin = apiAs(platform.url, TEST_ADMIN_KEY);
  const committeeId = `flt-${name}-cmte`;
  const campaignId = `flt-${name}`;
  const committee = await admin('POST', '/v1/committees', {
    committeeId,
    name: `Faults ${name}`,
    jurisdiction: 'US-FEC-CANDIDATE',
    currency: 'USD',
    elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
    defaultElectionId: 'general-2026',
  });
  if (committee.status !== 201) throw new Error(`committee: ${committee.status} ${JSON.stringify(committee.body)}`);
  const campaign = await admin('POST', '/v1/campaigns', { campaignId, committeeId, name, currency: 'USD' });
  if (campaign.status !== 201) throw new Error(`campaign: ${campaign.status}`);
  return campaignId;
}

const body = (campaignId: string, donationId: string, donor: number) => ({
  donationId,
  amountMinor: GIFT_MINOR,
  currency: 'USD',
  donor: { type: 'individual', name: `Donor ${campaignId} ${donor}`, address: { postalCode: '10001' }, attestations: { usCitizenOrPermanentResident: true } },
  payment: { method: 'card', pspReference: `ch_${donationId}` },
});

/** Posts one donation; true when acknowledged (202). A refused connection is not acknowledged. */
export async function postDonation(url: string, surge: Surge, donationId: string, donor: number): Promise<boolean> {
  try {
    const reply = await apiAs(url, TEST_ADMIN_KEY)('POST', `/v1/campaigns/${surge.campaignId}/donations`, body(surge.campaignId, donationId, donor), {
      'idempotency-key': surge.keys.get(donationId) as string,
    });
    if (reply.status === 202) surge.acknowledged.add(donationId);
    return reply.status === 202;
  } catch {
    return false;
  }
}

/** A bounded surge: `count` donations from count/4 donors, `concurrency` at a time. */
export async function surge(url: string, campaignId: string, count: number, concurrency = 8, during?: (sent: number) => Promise<void> | void): Promise<Surge> {
  const state: Surge = { campaignId, keys: new Map(), acknowledged: new Set() };
  const ids = Array.from({ length: count }, (_, i) => `${campaignId}-d${i}`);
  for (const id of ids) state.keys.set(id, randomUUID());
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      await postDonation(url, state, ids[i], i % Math.max(1, Math.floor(count / 4)));
      await during?.(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return state;
}

/** Every ledger event of a campaign's donations, by donation id and type. */
export async function ledgerOf(ledger: LedgerStore, campaignId: string): Promise<{ perDonation: Map<string, Record<string, number>>; acceptedMinor: bigint; acceptedCount: number; refundedMinor: bigint }> {
  const perDonation = new Map<string, Record<string, number>>();
  let acceptedMinor = 0n;
  let acceptedCount = 0;
  let refundedMinor = 0n;
  let after: number | null = null;
  for (;;) {
    const batch: RecordedEvent[] = await ledger.readAll({ after, maxCount: 5_000 });
    if (batch.length === 0) break;
    after = batch[batch.length - 1].position;
    for (const event of batch) {
      const payload = event.payload as { campaignId?: string; donationId?: string; acceptedAmountMinor?: string; amountMinor?: string };
      if (payload.campaignId !== campaignId || !payload.donationId) continue;
      const counts = perDonation.get(payload.donationId) ?? {};
      counts[event.type] = (counts[event.type] ?? 0) + 1;
      perDonation.set(payload.donationId, counts);
      if (event.type === 'DonationAccepted') {
        acceptedMinor += BigInt(payload.acceptedAmountMinor ?? '0');
        acceptedCount += 1;
      }
      if (event.type === 'DonationRefunded') refundedMinor += BigInt(payload.amountMinor ?? '0');
    }
  }
  return { perDonation, acceptedMinor, acceptedCount, refundedMinor };
}

const decisions = (counts: Record<string, number> | undefined): number => (counts?.DonationAccepted ?? 0) + (counts?.DonationRejected ?? 0) + (counts?.DonationFlagged ?? 0);

/**
 * Waits until every donation in the ledger is decided and reporting's totals equal the
 * ledger's sums, then returns the row. `startedMs` is when the fault was injected.
 */
export async function reconcile(platform: EmbeddedPlatform, fault: string, posted: number, state: Surge, startedMs: number): Promise<FaultRow> {
  const ledger = platform.app.get<LedgerStore>(LEDGER_STORE);
  const admin = apiAs(platform.url, TEST_ADMIN_KEY);
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const figures = await ledgerOf(ledger, state.campaignId);
    const totals = (await admin('GET', `/v1/campaigns/${state.campaignId}/totals`)).body as { raisedMinor: number; refundedMinor: number; donationCount: number };
    const received = [...figures.perDonation.entries()].filter(([, counts]) => (counts.DonationReceived ?? 0) > 0);
    const settled = received.every(([, counts]) => decisions(counts) >= 1);
    const totalsEqualLedger = totals.raisedMinor === Number(figures.acceptedMinor) && totals.donationCount === figures.acceptedCount && totals.refundedMinor === Number(figures.refundedMinor);
    if ((settled && totalsEqualLedger) || Date.now() > deadline) {
      const duplicates = [...figures.perDonation.values()].filter((counts) => (counts.DonationReceived ?? 0) > 1 || decisions(counts) > 1).length;
      const lost = [...state.acknowledged].filter((id) => (figures.perDonation.get(id)?.DonationReceived ?? 0) !== 1).length;
      return {
        fault,
        posted,
        acknowledged: state.acknowledged.size,
        inLedger: received.length,
        decidedOnce: received.filter(([, counts]) => decisions(counts) === 1).length,
        totalsEqualLedger,
        duplicates,
        lost,
        recoveryMs: Date.now() - startedMs,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The ledger position just before a campaign's first event: rewinding the relay there republishes all of it. */
export async function positionBefore(ledger: LedgerStore, campaignId: string): Promise<number> {
  let after: number | null = null;
  for (;;) {
    const batch: RecordedEvent[] = await ledger.readAll({ after, maxCount: 5_000 });
    if (batch.length === 0) throw new Error(`no event of campaign ${campaignId}`);
    const first = batch.find((event) => (event.payload as { campaignId?: string }).campaignId === campaignId);
    if (first) return first.position - 1;
    after = batch[batch.length - 1].position;
  }
}

/** Moves the relay's checkpoint of a stopped embedded platform back to `position`: what follows is published again. */
export async function rewindRelay(dataDir: string, position: number): Promise<void> {
  const db = await openSqlDatabase('embedded', { dataDir, name: 'ledger', applicationName: 'faults' });
  try {
    await db.query(`UPDATE ledger.relay_checkpoints SET position = $1`, [position]);
  } finally {
    await db.close();
  }
}

/** A payment webhook signed as the provider signs it (Hustings-Signature). */
export function signedWebhook(notice: Record<string, unknown>, signedAt = Math.floor(Date.now() / 1000)): { body: string; signature: string } {
  const body = JSON.stringify(notice);
  const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${signedAt}.${body}`).digest('hex');
  return { body, signature: `t=${signedAt},v1=${mac}` };
}

export async function deliverWebhook(url: string, delivery: { body: string; signature: string }): Promise<number> {
  const response = await fetch(`${url}/v1/webhooks/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'hustings-signature': delivery.signature }, body: delivery.body });
  await response.text();
  return response.status;
}

export { startEmbedded, type EmbeddedPlatform };

/** The table the suite prints: one row per fault. */
export function faultTable(rows: readonly FaultRow[]): string {
  const header = ['fault', 'posted', 'acked', 'in ledger', 'decided once', 'totals = ledger', 'duplicates', 'lost', 'recovery ms'];
  const lines = rows.map((r) => [r.fault, r.posted, r.acknowledged, r.inLedger, r.decidedOnce, r.totalsEqualLedger ? 'yes' : 'NO', r.duplicates, r.lost, r.recoveryMs].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}
