import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import {
  deliverWebhook,
  faultTable,
  openCampaign,
  platformEnv,
  positionBefore,
  postDonation,
  reconcile,
  rewindRelay,
  signedWebhook,
  startEmbedded,
  surge,
  type EmbeddedPlatform,
  type FaultRow,
} from './fault-harness.js';

/**
 * The fault suite on the embedded platform: for each fault, a bounded surge is posted, the
 * fault injected, and the ledger, what the bus carried (the decisions it caused) and the read
 * models (campaign totals) reconciled; one row of figures per fault is printed. Every row must
 * read nothing lost and nothing counted twice.
 *
 * Short inside the default test run (FAULT_SURGE=20 donations per fault); `npm run faults`
 * runs it with FAULT_SURGE=200 and prints the table.
 */
const SURGE = Number(process.env.FAULT_SURGE ?? 20);
const STEP_MS = 300_000;

describe('fault suite (embedded platform)', () => {
  let dataDir: string;
  let platform: EmbeddedPlatform;
  const rows: FaultRow[] = [];

  const restart = async (between?: () => Promise<void>): Promise<void> => {
    await platform.stop({ keepData: true });
    await between?.();
    platform = await startEmbedded(platformEnv, dataDir);
  };

  const record = (row: FaultRow): void => {
    rows.push(row);
    expect({ fault: row.fault, lost: row.lost, duplicates: row.duplicates, totalsEqualLedger: row.totalsEqualLedger, decidedOnce: row.decidedOnce }).toEqual({
      fault: row.fault,
      lost: 0,
      duplicates: 0,
      totalsEqualLedger: true,
      decidedOnce: row.inLedger,
    });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-faults-'));
    platform = await startEmbedded(platformEnv, dataDir);
  }, STEP_MS);

  afterAll(async () => {
    await platform?.stop({ keepData: true });
    await rm(dataDir, { recursive: true, force: true });
    process.stdout.write(`\nfault suite, ${SURGE} donations per fault\n${faultTable(rows)}\n\n`);
  }, STEP_MS);

  it('no fault: the baseline', async () => {
    const campaignId = await openCampaign(platform, 'clean');
    const started = Date.now();
    const state = await surge(platform.url, campaignId, SURGE);
    record(await reconcile(platform, 'no fault', SURGE, state, started));
  }, STEP_MS);

  it('every message delivered twice: the relay killed before its checkpoint, republishing the whole surge', async () => {
    const campaignId = await openCampaign(platform, 'twice');
    const state = await surge(platform.url, campaignId, SURGE);
    await reconcile(platform, 'settle', SURGE, state, Date.now());
    const from = await positionBefore(platform.app.get<LedgerStore>(LEDGER_STORE), campaignId);
    const started = Date.now();
    // Every fact of the surge (received, decided, counted...) is published again on restart.
    await restart(() => rewindRelay(dataDir, from));
    record(await reconcile(platform, 'relay killed between append and publish (all redelivered)', SURGE, state, started));
  }, STEP_MS);

  it('the platform stopped mid-surge, the clients retrying with their keys', async () => {
    const campaignId = await openCampaign(platform, 'stop');
    let stopping: Promise<void> | null = null;
    const state = await surge(platform.url, campaignId, SURGE, 8, (sent) => {
      if (sent === Math.floor(SURGE / 2)) stopping ??= platform.stop({ keepData: true });
    });
    await stopping;
    const started = Date.now();
    platform = await startEmbedded(platformEnv, dataDir);
    // Every client retries what it sent, acknowledged or not, with the same Idempotency-Key.
    for (const [index, donationId] of [...state.keys.keys()].entries()) await postDonation(platform.url, state, donationId, index % Math.max(1, Math.floor(SURGE / 4)));
    record(await reconcile(platform, 'stopped mid-surge, clients retry', SURGE, state, started));
  }, STEP_MS);

  it('a webhook storm: every capture and refund sent as the same bytes twice and re-signed twice', async () => {
    const campaignId = await openCampaign(platform, 'storm');
    const state = await surge(platform.url, campaignId, SURGE);
    await reconcile(platform, 'settle', SURGE, state, Date.now());
    const started = Date.now();
    const statuses: number[] = [];
    const now = Math.floor(Date.now() / 1000);
    await Promise.all(
      [...state.acknowledged].map(async (donationId, i) => {
        const notices = [
          { id: `evt_cap_${donationId}`, type: 'payment.captured', donationId, pspReference: `ch_${donationId}`, amountMinor: 2_500, currency: 'USD', occurredAt: new Date().toISOString() },
          { id: `evt_ref_${donationId}`, type: 'payment.refunded', donationId, pspReference: `ch_${donationId}`, amountMinor: 500, currency: 'USD', occurredAt: new Date().toISOString() },
        ];
        for (const notice of notices) {
          const first = signedWebhook(notice, now - (i % 5));
          for (const delivery of [first, first, signedWebhook(notice, now - 30), signedWebhook(notice, now - 31)]) statuses.push(await deliverWebhook(platform.url, delivery));
        }
      }),
    );
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const row = await reconcile(platform, 'webhook storm (duplicates and replays)', SURGE, state, started);
    record(row);
  }, STEP_MS);

  it('one donation retried 20 times at once, with its key and with fresh keys', async () => {
    const campaignId = await openCampaign(platform, 'race');
    const state = await surge(platform.url, campaignId, SURGE);
    const started = Date.now();
    const [first] = [...state.keys.keys()];
    // Half with the donation's own key (replayed), half with fresh keys (the donation id decides).
    const retries = Array.from({ length: 20 }, (_, i) => postDonation(platform.url, i % 2 ? { ...state, keys: new Map([[first, randomUUID()]]) } : state, first, 0));
    await Promise.all(retries);
    record(await reconcile(platform, 'concurrent retries of one donation', SURGE, state, started));
  }, STEP_MS);
});
