import type { EventMetadata, FulfilmentStatus, RewardFulfilmentRecorded, RewardKind, RewardStockEvent } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveRewardStock, initialRewardStockState } from './reward-granting.decider.js';
import { recordFulfilment, type RecordFulfilment } from './reward-fulfilment.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-03-04T10:00:00.000Z', correlationId: 'corr', causationId: 'req', committeeId: 'c-smith', actor: 'api-key:k1' };
const at = '2026-03-04T10:00:00.000Z';
const spec = deciderSpec({ decide: recordFulfilment, evolve: evolveRewardStock, initialState: initialRewardStockState });

const granted = (rewardKind: RewardKind = 'item'): RewardStockEvent => ({
  eventId: 'g1',
  type: 'RewardGranted',
  version: 1,
  metadata: { ...metadata, donorId: 'dn_a' },
  payload: { grantId: 'grant-1', campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', tierVersion: 1, donorId: 'dn_a', donationId: 'd1', rewardKind, fairMarketValueMinor: '1200', currency: 'USD', grantedCount: 1, grantedAt: at },
});
const record = (status: FulfilmentStatus, grantId = 'grant-1'): RecordFulfilment => ({
  type: 'RecordFulfilment', eventId: `f-${status}`, metadata, campaignId: 'spring', tierId: 'mug', grantId, status, note: null, recordedBy: 'api-key:k1', at,
});
const recorded = (status: FulfilmentStatus): RewardFulfilmentRecorded => ({
  eventId: `f-${status}`,
  type: 'RewardFulfilmentRecorded',
  version: 1,
  metadata: { ...metadata, donorId: 'dn_a' },
  payload: { grantId: 'grant-1', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', status, note: null, recordedBy: 'api-key:k1', recordedAt: at },
});
const revoked: RewardStockEvent = {
  eventId: 'r1',
  type: 'RewardRevoked',
  version: 1,
  metadata,
  payload: { grantId: 'grant-1', campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', donorId: 'dn_a', donationId: 'd1', rewardKind: 'item', fairMarketValueMinor: '1200', currency: 'USD', reason: 'refund', causationEventId: 'ev-refund', stockReturned: true, revokedAt: at },
};

describe('recording the fulfilment of a grant', () => {
  describe('given an item granted', () => {
    const given = spec.given([granted()]);

    it('when staff mark it shipped, then that is recorded, keyed by the donor', () => {
      given.when(record('shipped')).then([recorded('shipped')]);
    });

    it('when staff mark it delivered without shipping (handed over), then that is recorded', () => {
      given.when(record('delivered')).then([recorded('delivered')]);
    });

    it('when staff mark it redeemed, then it is refused: only tickets are redeemed', () => {
      given.when(record('redeemed')).thenRejects('fulfilment_status_not_applicable');
    });

    it('when the grant id is another, then it is refused as unknown', () => {
      given.when(record('shipped', 'grant-2')).thenRejects('reward_grant_not_found');
    });
  });

  describe('given an item delivered', () => {
    const given = spec.given([granted(), recorded('shipped'), recorded('delivered')]);

    it('when marked delivered again (a retry), then nothing new is recorded', () => {
      given.when(record('delivered')).then([]);
    });

    it('when marked shipped after delivery, then it is refused as out of order', () => {
      given.when(record('shipped')).thenRejects('fulfilment_out_of_order');
    });
  });

  describe('given a ticket or a mention', () => {
    it('when a ticket is redeemed, then that is recorded', () => {
      spec.given([granted('ticket')]).when(record('redeemed')).then([recorded('redeemed')]);
    });

    it('when a mention is shipped, then it is refused; delivered (published) is its step', () => {
      spec.given([granted('mention')]).when(record('shipped')).thenRejects('fulfilment_status_not_applicable');
      spec.given([granted('mention')]).when(record('delivered')).then([recorded('delivered')]);
    });
  });

  describe('given a revoked grant', () => {
    it('when staff mark it shipped, then it is refused: the unit is back in stock', () => {
      spec.given([granted(), revoked]).when(record('shipped')).thenRejects('reward_grant_revoked');
    });
  });
});
