import {
  CURRENT_VERSIONS,
  deterministicId,
  donationStreamId,
  rewardStockStreamId,
  rewardSupportStreamId,
  type DonationAcceptedV1,
  type RewardGrantedV1,
  type RewardSupportCountedV1,
  type RewardWaitlistedV1,
} from '#contracts';
import type { AppendRequest, AppendResult } from '#ledger';
import { InMemoryLedger } from '#testing';
import type { Accepted } from './reward-granting-batch.js';
import { RewardGrantingService } from './reward-granting.service.js';
import { RewardTiersService, type TierCommandContext } from './reward-tiers.service.js';

const CAMPAIGN = 'cmp-batch';

const ctx = (): TierCommandContext => ({ campaignId: CAMPAIGN, committeeId: 'c-1', currency: 'USD', actor: 'api-key:test', correlationId: 'tier' });

async function accepted(ledger: InMemoryLedger, donorId: string, donationId: string, acceptedAmountMinor: string): Promise<Accepted> {
  const payload: DonationAcceptedV1 = {
    donationId,
    campaignId: CAMPAIGN,
    committeeId: 'c-1',
    donorId,
    electionId: 'general-2026',
    acceptedAmountMinor,
    currency: 'USD',
    aggregateAfterMinor: acceptedAmountMinor,
    ruleIds: [],
    rulePackVersion: 'test',
  };
  const metadata = { occurredAt: '2026-06-01T12:00:00.000Z', correlationId: donationId, causationId: donationId, committeeId: 'c-1', donorId };
  await ledger.append(donationStreamId(donationId), [{ eventId: deterministicId('test-accepted', donationId), type: 'DonationAccepted', version: CURRENT_VERSIONS.DonationAccepted, payload, metadata }], 'any');
  const stream = await ledger.readStream(donationStreamId(donationId));
  return stream[stream.length - 1] as Accepted;
}

async function given(tiers: { tierId: string; thresholdKind: 'single' | 'cumulative'; thresholdMinor: string; stockLimit: number | null }[]) {
  const ledger = new InMemoryLedger({ atomic: true });
  const tierService = new RewardTiersService(ledger);
  for (const t of tiers) {
    await tierService.define(ctx(), t.tierId, { name: t.tierId, thresholdKind: t.thresholdKind, thresholdMinor: t.thresholdMinor, rewardKind: 'item', fairMarketValueMinor: '100', stockLimit: t.stockLimit });
  }
  return { ledger, granting: new RewardGrantingService(ledger) };
}

const stockOf = async (ledger: InMemoryLedger, tierId: string) => ledger.readStream(rewardStockStreamId(CAMPAIGN, tierId));
const supportOf = async (ledger: InMemoryLedger, donorId: string) => (await ledger.readStream(rewardSupportStreamId(CAMPAIGN, donorId))).map((e) => e.payload as RewardSupportCountedV1);

describe('granting rewards a batch at a time', () => {
  describe('given a cumulative tier of 6000', () => {
    it('when two donations of one donor in one batch reach it together, then the second is granted it, on the running total the first left', async () => {
      const { ledger, granting } = await given([{ tierId: 'pin', thresholdKind: 'cumulative', thresholdMinor: '6000', stockLimit: null }]);
      const batch = [await accepted(ledger, 'dn-a', 'd-1', '3000'), await accepted(ledger, 'dn-a', 'd-2', '3000')];
      await granting.onDonationsAccepted(batch);
      expect((await supportOf(ledger, 'dn-a')).map((s) => [s.donationId, s.totalAfterMinor])).toEqual([
        ['d-1', '3000'],
        ['d-2', '6000'],
      ]);
      expect((await stockOf(ledger, 'pin')).map((e) => [e.type, (e.payload as RewardGrantedV1).donationId])).toEqual([['RewardGranted', 'd-2']]);
    });

    it('when a batch holds a redelivered acceptance, then it is counted and claimed once; the batch delivered again appends nothing', async () => {
      const { ledger, granting } = await given([{ tierId: 'pin', thresholdKind: 'cumulative', thresholdMinor: '6000', stockLimit: null }]);
      const first = await accepted(ledger, 'dn-a', 'd-1', '3000');
      const second = await accepted(ledger, 'dn-a', 'd-2', '3000');
      await granting.onDonationsAccepted([first, second, second]);
      const stored = { support: await supportOf(ledger, 'dn-a'), stock: await stockOf(ledger, 'pin') };
      expect(stored.support).toHaveLength(2);
      expect(stored.stock).toHaveLength(1);

      const appendsBefore = ledger.appends + ledger.appendManyCalls;
      await granting.onDonationsAccepted([first, second]);
      await new RewardGrantingService(ledger).onDonationsAccepted([second]);
      expect(ledger.appends + ledger.appendManyCalls).toBe(appendsBefore);
      expect({ support: await supportOf(ledger, 'dn-a'), stock: await stockOf(ledger, 'pin') }).toEqual(stored);
    });
  });

  describe('given a single-donation tier with a stock of 5', () => {
    it('when 30 donors reach it over three batches, then 5 are granted and 25 waitlisted in order, as one at a time would', async () => {
      const { ledger, granting } = await given([{ tierId: 'mug', thresholdKind: 'single', thresholdMinor: '5000', stockLimit: 5 }]);
      const events: Accepted[] = [];
      for (let i = 0; i < 30; i++) events.push(await accepted(ledger, `dn-${i}`, `d-${i}`, '5000'));
      for (let b = 0; b < 3; b++) await granting.onDonationsAccepted(events.slice(b * 10, b * 10 + 10));
      const stock = await stockOf(ledger, 'mug');
      expect(stock.filter((e) => e.type === 'RewardGranted').map((e) => (e.payload as RewardGrantedV1).grantedCount)).toEqual([1, 2, 3, 4, 5]);
      expect(stock.filter((e) => e.type === 'RewardWaitlisted').map((e) => (e.payload as RewardWaitlistedV1).waitlistPosition)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(stock.map((e) => (e.payload as { donorId: string }).donorId)).toEqual(events.map((e) => e.payload.donorId));
    });

    it('when a batch of ten comes after the first, then it costs one read and one append', async () => {
      const { ledger, granting } = await given([{ tierId: 'mug', thresholdKind: 'single', thresholdMinor: '5000', stockLimit: 5 }]);
      const events: Accepted[] = [];
      for (let i = 0; i < 20; i++) events.push(await accepted(ledger, `dn-${i}`, `d-${i}`, '5000'));
      await granting.onDonationsAccepted(events.slice(0, 10));
      const before = { reads: ledger.reads, appendMany: ledger.appendManyCalls };
      await granting.onDonationsAccepted(events.slice(10));
      expect([ledger.reads - before.reads, ledger.appendManyCalls - before.appendMany]).toEqual([1, 1]);
    });

    it('when another replica granted a unit since this one kept the stock, then the batch sees it and never oversells', async () => {
      const { ledger, granting } = await given([{ tierId: 'mug', thresholdKind: 'single', thresholdMinor: '5000', stockLimit: 2 }]);
      await granting.onDonationsAccepted([await accepted(ledger, 'dn-1', 'd-1', '5000')]);
      await new RewardGrantingService(ledger).onDonationAccepted(await accepted(ledger, 'dn-2', 'd-2', '5000'));
      await granting.onDonationsAccepted([await accepted(ledger, 'dn-3', 'd-3', '5000')]);
      expect((await stockOf(ledger, 'mug')).map((e) => [e.type, (e.payload as { donorId: string }).donorId])).toEqual([
        ['RewardGranted', 'dn-1'],
        ['RewardGranted', 'dn-2'],
        ['RewardWaitlisted', 'dn-3'],
      ]);
    });

    it('when another replica grants a unit between the batch read and its append, then nothing of the batch is written and it is decided again on the stock as it is', async () => {
      const { ledger, granting } = await given([{ tierId: 'mug', thresholdKind: 'single', thresholdMinor: '5000', stockLimit: 2 }]);
      await granting.onDonationsAccepted([await accepted(ledger, 'dn-1', 'd-1', '5000')]);
      const rival = await accepted(ledger, 'dn-r', 'd-r', '5000');
      const mine = [await accepted(ledger, 'dn-2', 'd-2', '5000'), await accepted(ledger, 'dn-3', 'd-3', '5000')];
      const appendMany = ledger.appendMany.bind(ledger);
      let raced = false;
      ledger.appendMany = async (requests: AppendRequest[]): Promise<AppendResult[]> => {
        if (!raced) {
          raced = true;
          await new RewardGrantingService(ledger).onDonationAccepted(rival);
        }
        return appendMany(requests);
      };
      await granting.onDonationsAccepted(mine);
      const stock = await stockOf(ledger, 'mug');
      expect(stock.map((e) => [e.type, (e.payload as { donorId: string }).donorId])).toEqual([
        ['RewardGranted', 'dn-1'],
        ['RewardGranted', 'dn-r'],
        ['RewardWaitlisted', 'dn-2'],
        ['RewardWaitlisted', 'dn-3'],
      ]);
      expect((await supportOf(ledger, 'dn-2')).map((s) => s.totalAfterMinor)).toEqual(['5000']);
    });
  });
});
