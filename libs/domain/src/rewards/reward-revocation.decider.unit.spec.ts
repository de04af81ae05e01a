import { deterministicId, type EventMetadata, type RewardStockEvent, type RewardSupportEvent, type RewardTierTerms } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import { evolveRewardStock, evolveRewardSupport, initialRewardStockState, initialRewardSupportState, type RewardSupportState } from './reward-granting.decider.js';
import { reverseRewardSupport, reviewRewardHold, type RewardHoldEvent, type ReverseRewardSupport, type ReviewRewardHold } from './reward-revocation.decider.js';
import type { RewardTier } from './reward-tier.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-03-03T10:00:00.000Z', correlationId: 'corr', causationId: 'ev-refund', committeeId: 'c-smith', donorId: 'dn_a' };
const at = '2026-03-03T10:00:00.000Z';
const terms = (overrides: Partial<RewardTierTerms> = {}): RewardTierTerms => ({
  name: 'Mug', thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 1, ...overrides,
});
const tier = (overrides: Partial<RewardTierTerms> = {}): RewardTier => ({ tierId: 'mug', campaignId: 'spring', committeeId: 'c-smith', currency: 'USD', terms: terms(overrides), tierVersion: 1 });

const supportEvent = (type: 'counted' | 'reversed', donationId: string, amount: string, total: string, donorId = 'dn_a'): RewardSupportEvent =>
  type === 'counted'
    ? { eventId: `c-${donationId}`, type: 'RewardSupportCounted', version: 1, metadata, payload: { campaignId: 'spring', donorId, donationId, acceptedAmountMinor: amount, currency: 'USD', totalAfterMinor: total } }
    : { eventId: `r-${donationId}`, type: 'RewardSupportReversed', version: 1, metadata, payload: { campaignId: 'spring', donorId, donationId, reversedAmountMinor: amount, currency: 'USD', reason: 'refund', donationRemainingMinor: '0', totalAfterMinor: total } };

describe('reversing a donor\'s support', () => {
  const spec = deciderSpec({ decide: reverseRewardSupport, evolve: evolveRewardSupport, initialState: initialRewardSupportState });
  const reverse = (donationShouldCountMinor: bigint, causationEventId = 'ev-refund'): ReverseRewardSupport => ({
    type: 'ReverseRewardSupport',
    causationEventId,
    metadata,
    data: { campaignId: 'spring', donorId: 'dn_a', donationId: 'd1', currency: 'USD', reason: 'refund' },
    donationShouldCountMinor,
  });

  describe('given two counted donations of 5000 and 3000', () => {
    const given = spec.given([supportEvent('counted', 'd1', '5000', '5000'), supportEvent('counted', 'd2', '3000', '8000')]);

    it('when d1 is refunded in part, then the part is reversed and the total and d1\'s remainder say so', () => {
      given.when(reverse(2000n)).then([
        {
          eventId: deterministicId('reward-support-reversed', 'ev-refund', 'd1', '0'),
          type: 'RewardSupportReversed',
          version: 1,
          metadata,
          payload: { campaignId: 'spring', donorId: 'dn_a', donationId: 'd1', currency: 'USD', reason: 'refund', reversedAmountMinor: '3000', donationRemainingMinor: '2000', totalAfterMinor: '5000' },
        },
      ]);
    });

    it('when the refund is delivered again after it was reversed, then nothing more is reversed', () => {
      const [first] = given.when(reverse(2000n)).decision();
      spec.given([supportEvent('counted', 'd1', '5000', '5000'), supportEvent('counted', 'd2', '3000', '8000'), first]).when(reverse(2000n)).then([]);
    });

    it('when the donation still counts for all it was counted, then nothing is reversed', () => {
      given.when(reverse(5000n)).then([]);
    });
  });

  describe('given a donation never counted (not accepted)', () => {
    it('when it is refunded, then nothing is reversed', () => {
      spec.given([]).when(reverse(0n)).then([]);
    });
  });
});

describe('reviewing a donor\'s hold on a tier after their support went down', () => {
  const spec = deciderSpec({ decide: reviewRewardHold, evolve: evolveRewardStock, initialState: initialRewardStockState });
  const granted = (donorId: string, donationId: string, grantedCount = 1): RewardStockEvent => ({
    eventId: `g-${donorId}`,
    type: 'RewardGranted',
    version: 1,
    metadata: { ...metadata, donorId },
    payload: { grantId: `grant-${donorId}`, campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', tierVersion: 1, donorId, donationId, rewardKind: 'item', fairMarketValueMinor: '1200', currency: 'USD', grantedCount, grantedAt: at },
  });
  const waitlisted = (donorId: string, donationId: string, position: number): RewardStockEvent => ({
    eventId: `w-${donorId}`,
    type: 'RewardWaitlisted',
    version: 1,
    metadata: { ...metadata, donorId },
    payload: { campaignId: 'spring', tierId: 'mug', tierVersion: 1, donorId, donationId, waitlistPosition: position, waitlistedAt: at },
  });
  const shipped: RewardStockEvent = {
    eventId: 'f-a',
    type: 'RewardFulfilmentRecorded',
    version: 1,
    metadata,
    payload: { grantId: 'grant-dn_a', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', status: 'shipped', note: null, recordedBy: 'staff', recordedAt: at },
  };
  const support = (events: RewardSupportEvent[]): RewardSupportState => events.reduce(evolveRewardSupport, initialRewardSupportState());
  const refunded = support([supportEvent('counted', 'd1', '5000', '5000'), supportEvent('reversed', 'd1', '5000', '0')]);
  const review = (changes: Partial<ReviewRewardHold> = {}): ReviewRewardHold => ({
    type: 'ReviewRewardHold',
    causationEventId: 'ev-refund',
    reason: 'refund',
    metadata,
    tier: tier(),
    termsByVersion: { 1: terms() },
    donorId: 'dn_a',
    support: refunded,
    at,
    ...changes,
  });
  const revoked = (stockReturned: boolean): RewardHoldEvent => ({
    eventId: deterministicId('reward-revoked', 'ev-refund', 'mug'),
    type: 'RewardRevoked',
    version: 1,
    metadata,
    payload: { grantId: 'grant-dn_a', campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', donorId: 'dn_a', donationId: 'd1', rewardKind: 'item', fairMarketValueMinor: '1200', currency: 'USD', reason: 'refund', causationEventId: 'ev-refund', stockReturned, revokedAt: at },
  });
  const promotedB: RewardHoldEvent = {
    eventId: deterministicId('reward-promoted', 'ev-refund', 'mug'),
    type: 'RewardGranted',
    version: 1,
    metadata: { ...metadata, donorId: 'dn_b' },
    payload: {
      grantId: deterministicId('reward-grant-promoted', 'ev-refund', 'mug', 'dn_b'),
      campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', tierVersion: 1, donorId: 'dn_b', donationId: 'd2', rewardKind: 'item', fairMarketValueMinor: '1200', currency: 'USD', grantedCount: 1, grantedAt: at,
    },
  };

  describe('given the last unit granted to A (not fulfilled) and B, then C waiting', () => {
    const history = [granted('dn_a', 'd1'), waitlisted('dn_b', 'd2', 1), waitlisted('dn_c', 'd3', 2)];
    const given = spec.given(history);

    it('when A\'s donation is refunded, then A\'s grant is revoked, the unit returns and goes to B in the same decision', () => {
      given.when(review()).then([revoked(true), promotedB]);
    });

    it('then the stock holds B\'s grant, C first in line at position 2, and one unit out', () => {
      const state = spec.given([...history, revoked(true), promotedB]).state;
      expect(state.grants.map((g) => [g.donorId, g.revoked])).toEqual([['dn_a', { stockReturned: true, flagged: false }], ['dn_b', null]]);
      expect(state.waitlist.map((w) => [w.donorId, w.waitlistPosition])).toEqual([['dn_c', 2]]);
    });

    it('when the refund is delivered again after that, then nothing more happens', () => {
      spec.given([...history, revoked(true), promotedB]).when(review()).then([]);
    });

    it('when A still qualifies (a partial refund leaves the threshold met), then nothing happens', () => {
      const partly = support([supportEvent('counted', 'd1', '6000', '6000'), supportEvent('reversed', 'd1', '1000', '5000')]);
      given.when(review({ support: partly })).then([]);
    });

    it('when B\'s donation is refunded while B waits, then B leaves the line', () => {
      const bRefunded = support([supportEvent('counted', 'd2', '5000', '5000', 'dn_b'), supportEvent('reversed', 'd2', '5000', '0', 'dn_b')]);
      given.when(review({ donorId: 'dn_b', support: bRefunded })).then([
        {
          eventId: deterministicId('reward-waitlist-left', 'ev-refund', 'mug'),
          type: 'RewardWaitlistLeft',
          version: 1,
          metadata,
          payload: { campaignId: 'spring', tierId: 'mug', donorId: 'dn_b', donationId: 'd2', reason: 'refund', leftAt: at },
        },
      ]);
    });
  });

  describe('given A\'s grant was shipped already', () => {
    it('when A\'s donation is refunded, then the grant is revoked without returning stock, staff are flagged, and B still waits', () => {
      spec.given([granted('dn_a', 'd1'), shipped, waitlisted('dn_b', 'd2', 1)]).when(review()).then([
        revoked(false),
        {
          eventId: deterministicId('reward-revocation-flagged', 'ev-refund', 'mug'),
          type: 'RewardRevocationFlagged',
          version: 1,
          metadata,
          payload: { grantId: 'grant-dn_a', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', fulfilmentStatus: 'shipped', reason: 'refund', flaggedAt: at },
        },
      ]);
    });
  });

  describe('given a cumulative tier of 8000 that A reached over two donations', () => {
    const cumulative = { thresholdKind: 'cumulative' as const, thresholdMinor: '8000', stockLimit: null };
    const twoDonations = [supportEvent('counted', 'd0', '3000', '3000'), supportEvent('counted', 'd1', '5000', '8000')];
    const given = spec.given([granted('dn_a', 'd1')]);

    it('when a refund takes the total below 8000, then the grant is revoked; with no limit nobody waits', () => {
      const below = support([...twoDonations, supportEvent('reversed', 'd0', '1', '7999')]);
      given.when(review({ tier: tier(cumulative), termsByVersion: { 1: terms(cumulative) }, support: below })).then([revoked(true)]);
    });

    it('when the total stays at 8000 or more, then nothing happens', () => {
      given.when(review({ tier: tier(cumulative), termsByVersion: { 1: terms(cumulative) }, support: support(twoDonations) })).then([]);
    });
  });

  describe('given a grant made under version 1 of the tier (threshold 5000), and version 2 raised it to 9000', () => {
    it('when a partial refund leaves 6000, then the grant stands under the terms it was made under', () => {
      const partly = support([supportEvent('counted', 'd1', '7000', '7000'), supportEvent('reversed', 'd1', '1000', '6000')]);
      const changed = { ...tier({ thresholdMinor: '9000' }), tierVersion: 2 };
      spec.given([granted('dn_a', 'd1')]).when(review({ tier: changed, termsByVersion: { 1: terms(), 2: terms({ thresholdMinor: '9000' }) }, support: partly })).then([]);
    });
  });
});
