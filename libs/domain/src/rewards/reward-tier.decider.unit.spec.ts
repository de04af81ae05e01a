import type { EventMetadata, RewardTierDefined, RewardTierTerms } from '#contracts';
import { deciderSpec } from '../../../testing/src/decider-spec.js';
import {
  changeRewardTier,
  defineRewardTier,
  evolveRewardTiers,
  initialRewardTiersState,
  type ChangeRewardTier,
  type DefineRewardTier,
  type RewardTiersState,
} from './reward-tier.decider.js';
import { Rejection } from '../shared/rejection.js';

const metadata: EventMetadata = { occurredAt: '2026-03-01T09:00:00.000Z', correlationId: 'corr-1', causationId: 'req-1', committeeId: 'c-smith' };

const terms: RewardTierTerms = {
  name: 'Campaign mug',
  thresholdKind: 'cumulative',
  thresholdMinor: '5000',
  rewardKind: 'item',
  fairMarketValueMinor: '1200',
  stockLimit: 5,
};

const define = (overrides: Partial<RewardTierTerms> = {}): DefineRewardTier => ({
  type: 'DefineRewardTier',
  eventId: 'ev-define',
  metadata,
  data: { tierId: 'mug', campaignId: 'spring', committeeId: 'c-smith', currency: 'USD', terms: { ...terms, ...overrides }, definedBy: 'key-admin' },
});

const change = (overrides: Partial<RewardTierTerms> = {}, tierId = 'mug'): ChangeRewardTier => ({
  type: 'ChangeRewardTier',
  eventId: 'ev-change',
  metadata,
  data: { tierId, campaignId: 'spring', terms: { ...terms, ...overrides }, changedBy: 'key-admin' },
  unitsOut: 0,
});

const defined: RewardTierDefined = {
  eventId: 'ev-define',
  type: 'RewardTierDefined',
  version: 1,
  payload: { tierId: 'mug', campaignId: 'spring', committeeId: 'c-smith', currency: 'USD', terms, tierVersion: 1, definedBy: 'key-admin' },
  metadata,
};

const defineSpec = deciderSpec({ decide: defineRewardTier, evolve: evolveRewardTiers, initialState: initialRewardTiersState });
const changeSpec = deciderSpec({ decide: changeRewardTier, evolve: evolveRewardTiers, initialState: initialRewardTiersState });

describe('reward tiers of a campaign', () => {
  describe('given no tiers', () => {
    it('when a tier is defined, then it is recorded as version 1', () => {
      defineSpec.given([]).when(define()).then([defined]);
    });

    it('when a tier has no stock limit, then null is kept as "no limit"', () => {
      const [event] = defineSpec.given([]).when(define({ stockLimit: null })).decision();
      expect(event.payload.terms.stockLimit).toBeNull();
    });

    it.each([
      ['a zero threshold', { thresholdMinor: '0' }, /thresholdMinor/],
      ['a negative market value', { fairMarketValueMinor: '-1' }, /fairMarketValueMinor/],
      ['a negative stock', { stockLimit: -1 }, /stockLimit/],
      ['a fractional stock', { stockLimit: 1.5 }, /stockLimit/],
    ])('when it has %s, then it is refused as reward_tier_invalid', (_name, overrides, detail) => {
      defineSpec.given([]).when(define(overrides)).thenRejects('reward_tier_invalid', detail);
    });

    it('when a tier is changed, then it is refused as reward_tier_not_found', () => {
      changeSpec.given([]).when(change()).thenRejects('reward_tier_not_found');
    });
  });

  describe('given a tier defined', () => {
    it('when the same tier id is defined again, then it is refused as reward_tier_already_exists', () => {
      defineSpec.given([defined]).when(define()).thenRejects('reward_tier_already_exists');
    });

    it('when its terms change, then the change carries the next version and the new terms', () => {
      changeSpec.given([defined]).when(change({ stockLimit: 10, fairMarketValueMinor: '1500' })).then([
        {
          eventId: 'ev-change',
          type: 'RewardTierChanged',
          version: 1,
          payload: { tierId: 'mug', campaignId: 'spring', terms: { ...terms, stockLimit: 10, fairMarketValueMinor: '1500' }, tierVersion: 2, changedBy: 'key-admin' },
          metadata,
        },
      ]);
    });

    it('when the terms asked for are those in force, then nothing is recorded', () => {
      changeSpec.given([defined]).when(change()).then([]);
    });

    it('when a change has invalid terms, then it is refused as reward_tier_invalid', () => {
      changeSpec.given([defined]).when(change({ thresholdMinor: '-5' })).thenRejects('reward_tier_invalid');
    });

    it('when a change names another tier, then it is refused as reward_tier_not_found', () => {
      changeSpec.given([defined]).when(change({}, 'hat')).thenRejects('reward_tier_not_found');
    });

    it('then the state holds the latest terms and version after a change', () => {
      const [changed] = changeSpec.given([defined]).when(change({ stockLimit: 7 })).decision();
      const { state } = changeSpec.given([defined, changed]);
      expect(state.tiers).toEqual([{ tierId: 'mug', campaignId: 'spring', committeeId: 'c-smith', currency: 'USD', terms: { ...terms, stockLimit: 7 }, tierVersion: 2 }]);
    });
  });
});

describe('reward tier stock against the units already out', () => {
  const given = (): RewardTiersState => evolveRewardTiers(initialRewardTiersState(), defined);
  const codeOf = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      if (error instanceof Rejection) return error.code;
      throw error;
    }
    return 'accepted';
  };

  it('given 4 units out, when the stock limit is lowered to 3, then stock_limit_below_granted and nothing changes', () => {
    expect(codeOf(() => changeRewardTier({ ...change({ stockLimit: 3 }), unitsOut: 4 }, given()))).toBe('stock_limit_below_granted');
  });
  it('given 4 units out, when the stock limit is lowered to 4 (none left to grant) or made unlimited, then it changes', () => {
    expect(changeRewardTier({ ...change({ stockLimit: 4 }), unitsOut: 4 }, given())).toHaveLength(1);
    expect(changeRewardTier({ ...change({ stockLimit: null }), unitsOut: 4 }, given())).toHaveLength(1);
  });
  it('given nothing out, when the stock limit goes to 0, then it changes: every claim waits in line', () => {
    expect(changeRewardTier({ ...change({ stockLimit: 0 }), unitsOut: 0 }, given())).toHaveLength(1);
  });
});
