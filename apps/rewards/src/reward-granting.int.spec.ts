import { randomUUID } from 'node:crypto';
import {
  CURRENT_VERSIONS,
  deterministicId,
  donationStreamId,
  rewardStockStreamId,
  type DonationAcceptedV1,
  type RecordedEvent,
  type RewardGrantedV1,
  type RewardWaitlistedV1,
} from '#contracts';
import { SqlLedgerStore } from '#ledger';
import { PgDatabase } from '#sql';
import { RewardGrantingService } from './reward-granting.service.js';
import { RewardTiersService, type TierCommandContext } from './reward-tiers.service.js';

/*
 * Rewards replicas as they run in production: each with its own connections to one PostgreSQL
 * ledger, all handling a surge of accepted donations against one tier at the same moment.
 */

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REPLICAS = 3;

interface Replica {
  granting: RewardGrantingService;
  close(): Promise<void>;
}

async function startReplica(schema: string): Promise<Replica & { ledger: SqlLedgerStore }> {
  const db = new PgDatabase({ url, poolSize: 6 });
  const ledger = await SqlLedgerStore.open(db, { schema });
  return {
    ledger,
    granting: new RewardGrantingService(ledger),
    async close() {
      await ledger.close();
      await db.close();
    },
  };
}

describe('granting rewards under a surge (PostgreSQL ledger, several replicas)', () => {
  const schema = `rewards_${randomUUID().slice(0, 8)}`;
  let replicas: (Replica & { ledger: SqlLedgerStore })[] = [];
  let tiers: RewardTiersService;
  const campaignId = `surge-${randomUUID().slice(0, 8)}`;
  const ctx = (): TierCommandContext => ({ campaignId, committeeId: 'c-surge', currency: 'USD', actor: 'api-key:test', correlationId: randomUUID() });

  beforeAll(async () => {
    for (let i = 0; i < REPLICAS; i++) replicas.push(await startReplica(schema));
    tiers = new RewardTiersService(replicas[0].ledger);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    const db = new PgDatabase({ url, poolSize: 1 });
    await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
    replicas = [];
  });

  /** Records an acceptance on the donation's stream, as compliance would, and returns it as the bus delivers it. */
  async function accepted(donorId: string, donationId: string, acceptedAmountMinor: string): Promise<RecordedEvent<'DonationAccepted', DonationAcceptedV1>> {
    const payload: DonationAcceptedV1 = {
      donationId,
      campaignId,
      committeeId: 'c-surge',
      donorId,
      electionId: 'general-2026',
      acceptedAmountMinor,
      currency: 'USD',
      aggregateAfterMinor: acceptedAmountMinor,
      ruleIds: [],
      rulePackVersion: 'test',
    };
    const eventId = deterministicId('test-accepted', donationId);
    await replicas[0].ledger.append(
      donationStreamId(donationId),
      [{ eventId, type: 'DonationAccepted', version: CURRENT_VERSIONS.DonationAccepted, payload, metadata: { occurredAt: new Date().toISOString(), correlationId: donationId, causationId: donationId, committeeId: 'c-surge', donorId } }],
      'any',
    );
    const [recorded] = await replicas[0].ledger.readStream(donationStreamId(donationId));
    return recorded as RecordedEvent<'DonationAccepted', DonationAcceptedV1>;
  }

  const stockEvents = async (tierId: string) => replicas[0].ledger.readStream(rewardStockStreamId(campaignId, tierId));

  it('given a tier with stock 5, when 30 donors reach it at once, then exactly 5 are granted and 25 waitlisted in order; a redelivery adds nothing', async () => {
    await tiers.define(ctx(), 'mug', { name: 'Mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 5 });
    const events = await Promise.all(Array.from({ length: 30 }, (_, i) => accepted(`dn_surge_${i}`, `${campaignId}-d${i}`, '5000')));

    await Promise.all(events.map((event, i) => replicas[i % REPLICAS].granting.onDonationAccepted(event)));

    const stock = await stockEvents('mug');
    const grants = stock.filter((e) => e.type === 'RewardGranted').map((e) => e.payload as RewardGrantedV1);
    const waitlist = stock.filter((e) => e.type === 'RewardWaitlisted').map((e) => e.payload as RewardWaitlistedV1);
    expect(stock).toHaveLength(30);
    expect(grants.map((g) => g.grantedCount)).toEqual([1, 2, 3, 4, 5]);
    expect(stock.slice(0, 5).every((e) => e.type === 'RewardGranted')).toBe(true);
    expect(waitlist.map((w) => w.waitlistPosition)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(stock.map((e) => (e.payload as { donorId: string }).donorId)).size).toBe(30);
    expect(grants.every((g) => g.fairMarketValueMinor === '1200' && g.tierVersion === 1)).toBe(true);

    await Promise.all(events.map((event, i) => replicas[(i + 1) % REPLICAS].granting.onDonationAccepted(event)));
    expect((await stockEvents('mug')).map((e) => e.eventId)).toEqual(stock.map((e) => e.eventId));
  }, 120_000);

  it('given a cumulative tier, when a donor reaches it over two donations, then it is granted once, on the donation that reached it', async () => {
    await tiers.define(ctx(), 'pin', { name: 'Pin', thresholdKind: 'cumulative', thresholdMinor: '6000', rewardKind: 'item', fairMarketValueMinor: '300', stockLimit: null });
    const first = await accepted('dn_steady', `${campaignId}-s1`, '3000');
    const second = await accepted('dn_steady', `${campaignId}-s2`, '3000');
    const third = await accepted('dn_steady', `${campaignId}-s3`, '3000');
    await replicas[0].granting.onDonationAccepted(first);
    expect(await stockEvents('pin')).toEqual([]);
    await replicas[1].granting.onDonationAccepted(second);
    await replicas[2].granting.onDonationAccepted(third);
    await replicas[0].granting.onDonationAccepted(second);
    const stock = await stockEvents('pin');
    expect(stock.map((e) => [e.type, (e.payload as RewardGrantedV1).donationId])).toEqual([['RewardGranted', `${campaignId}-s2`]]);
  }, 60_000);

  it('given a tier changed after grants, when later donors reach it, then they are granted under the new version and the earlier grants keep theirs', async () => {
    await tiers.define(ctx(), 'ticket', { name: 'Rally', thresholdKind: 'single', thresholdMinor: '1000', rewardKind: 'ticket', fairMarketValueMinor: '0', stockLimit: 1 });
    await replicas[0].granting.onDonationAccepted(await accepted('dn_early', `${campaignId}-e1`, '1000'));
    await tiers.change(ctx(), 'ticket', { name: 'Rally', thresholdKind: 'single', thresholdMinor: '1000', rewardKind: 'ticket', fairMarketValueMinor: '2500', stockLimit: 2 });
    await replicas[1].granting.onDonationAccepted(await accepted('dn_late', `${campaignId}-e2`, '999'));
    await replicas[1].granting.onDonationAccepted(await accepted('dn_later', `${campaignId}-e3`, '1500'));
    const grants = (await stockEvents('ticket')).map((e) => e.payload as RewardGrantedV1);
    expect(grants.map((g) => [g.donorId, g.tierVersion, g.fairMarketValueMinor])).toEqual([
      ['dn_early', 1, '0'],
      ['dn_later', 2, '2500'],
    ]);
  }, 60_000);
});
