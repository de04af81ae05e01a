import { randomUUID } from 'node:crypto';
import { CURRENT_VERSIONS, deterministicId, donationStreamId, rewardStockStreamId, rewardSupportStreamId, type DonationAcceptedV1, type RewardGrantedV1, type RewardSupportCountedV1, type RewardWaitlistedV1 } from '#contracts';
import { SqlLedgerStore } from '#ledger';
import { PgDatabase } from '#sql';
import type { Accepted } from './reward-granting-batch.js';
import { RewardGrantingService } from './reward-granting.service.js';
import { RewardTiersService } from './reward-tiers.service.js';

/*
 * Rewards replicas granting whole batches at once against one PostgreSQL ledger (atomic
 * multi-stream appends), each keeping the stock and support it saw: a replica's kept state is
 * never decided on without the revision check, so none of them oversells or counts twice.
 */

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPLICAS = 3;

describe('granting rewards a batch at a time (PostgreSQL ledger, several replicas)', () => {
  const schema = `rewards_batch_${randomUUID().slice(0, 8)}`;
  const campaignId = `batch-${randomUUID().slice(0, 8)}`;
  const replicas: { db: PgDatabase; ledger: SqlLedgerStore; granting: RewardGrantingService }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < REPLICAS; i++) {
      const db = new PgDatabase({ url, poolSize: 4 });
      const ledger = await SqlLedgerStore.open(db, { schema });
      replicas.push({ db, ledger, granting: new RewardGrantingService(ledger) });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { ledger, db } of replicas) await ledger.close().then(() => db.close());
    const db = new PgDatabase({ url, poolSize: 1 });
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  });

  async function accepted(donorId: string, donationId: string, acceptedAmountMinor: string): Promise<Accepted> {
    const ledger = replicas[0].ledger;
    const payload: DonationAcceptedV1 = { donationId, campaignId, committeeId: 'c-b', donorId, electionId: 'general-2026', acceptedAmountMinor, currency: 'USD', aggregateAfterMinor: acceptedAmountMinor, ruleIds: [], rulePackVersion: 'test' };
    const metadata = { occurredAt: new Date().toISOString(), correlationId: donationId, causationId: donationId, committeeId: 'c-b', donorId };
    await ledger.append(donationStreamId(donationId), [{ eventId: deterministicId('test-accepted', donationId), type: 'DonationAccepted', version: CURRENT_VERSIONS.DonationAccepted, payload, metadata }], 'any');
    return (await ledger.readStream(donationStreamId(donationId)))[0] as Accepted;
  }

  it('given a single-gift tier of 5 and a cumulative one, when three replicas each grant batches of the same donors at once (twice over), then 5 are granted, the rest waitlisted in order, and every gift counted once', async () => {
    const tiers = new RewardTiersService(replicas[0].ledger);
    const ctx = { campaignId, committeeId: 'c-b', currency: 'USD', actor: 'api-key:test', correlationId: randomUUID() };
    await tiers.define(ctx, 'mug', { name: 'Mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '100', stockLimit: 5 });
    await tiers.define(ctx, 'pin', { name: 'Pin', thresholdKind: 'cumulative', thresholdMinor: '10000', rewardKind: 'item', fairMarketValueMinor: '50', stockLimit: null });
    // 15 donors, two gifts each: every replica's batches hold some of every donor's gifts.
    const events: Accepted[] = [];
    for (let round = 0; round < 2; round++) for (let d = 0; d < 15; d++) events.push(await accepted(`dn-${d}`, `${campaignId}-${d}-${round}`, '5000'));
    const batches = Array.from({ length: 6 }, (_, b) => events.filter((_, i) => i % 6 === b));

    await Promise.all(batches.map((batch, b) => replicas[b % REPLICAS].granting.onDonationsAccepted(batch)));
    await Promise.all(batches.map((batch, b) => replicas[(b + 1) % REPLICAS].granting.onDonationsAccepted(batch)));

    const mug = await replicas[0].ledger.readStream(rewardStockStreamId(campaignId, 'mug'));
    expect(mug.filter((e) => e.type === 'RewardGranted').map((e) => (e.payload as RewardGrantedV1).grantedCount)).toEqual([1, 2, 3, 4, 5]);
    expect(mug.filter((e) => e.type === 'RewardWaitlisted').map((e) => (e.payload as RewardWaitlistedV1).waitlistPosition)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(new Set(mug.map((e) => (e.payload as { donorId: string }).donorId)).size).toBe(15);
    const pin = await replicas[0].ledger.readStream(rewardStockStreamId(campaignId, 'pin'));
    expect(pin.map((e) => (e.payload as RewardGrantedV1).donorId).sort()).toEqual(Array.from({ length: 15 }, (_, d) => `dn-${d}`).sort());
    for (let d = 0; d < 15; d++) {
      const support = (await replicas[0].ledger.readStream(rewardSupportStreamId(campaignId, `dn-${d}`))).map((e) => e.payload as RewardSupportCountedV1);
      expect(support.map((s) => s.totalAfterMinor)).toEqual(['5000', '10000']);
    }
  }, 120_000);
});
