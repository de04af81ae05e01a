import type { EventMetadata, RewardGranted, RewardStockEvent, RewardSupportCounted, RewardSupportEvent, RewardTierTerms, RewardWaitlisted } from '#contracts';
import { deciderSpec, resumedAtEveryCut } from '../../../testing/src/decider-spec.js';
import {
  claimReward,
  countRewardSupport,
  evolveRewardStock,
  evolveRewardSupport,
  initialRewardStockState,
  rewardStockFold,
  rewardSupportFold,
  initialRewardSupportState,
  tiersReached,
  type ClaimReward,
  type CountRewardSupport,
} from './reward-granting.decider.js';
import type { RewardTier } from './reward-tier.decider.js';

const metadata: EventMetadata = { occurredAt: '2026-03-02T10:00:00.000Z', correlationId: 'corr-d1', causationId: 'ev-accepted-d1', committeeId: 'c-smith', donorId: 'dn_a' };

const tier = (tierId: string, overrides: Partial<RewardTierTerms> = {}): RewardTier => ({
  tierId,
  campaignId: 'spring',
  committeeId: 'c-smith',
  currency: 'USD',
  terms: { name: tierId, thresholdKind: 'single', thresholdMinor: '5000', rewardKind: 'item', fairMarketValueMinor: '1200', stockLimit: 2, ...overrides },
  tierVersion: 1,
});

describe('counting a donor towards cumulative tiers', () => {
  const spec = deciderSpec({ decide: countRewardSupport, evolve: evolveRewardSupport, initialState: initialRewardSupportState });
  const count = (donationId: string, acceptedAmountMinor: bigint): CountRewardSupport => ({
    type: 'CountRewardSupport',
    eventId: `ev-count-${donationId}`,
    metadata,
    data: { campaignId: 'spring', donorId: 'dn_a', donationId, acceptedAmountMinor, currency: 'USD' },
  });
  const counted = (donationId: string, amount: string, total: string): RewardSupportCounted => ({
    eventId: `ev-count-${donationId}`,
    type: 'RewardSupportCounted',
    version: 1,
    payload: { campaignId: 'spring', donorId: 'dn_a', donationId, acceptedAmountMinor: amount, currency: 'USD', totalAfterMinor: total },
    metadata,
  });

  it('given a donor counted and reversed many times, when the support is resumed from a snapshot after any event, then it is the whole stream\'s', () => {
    const events = Array.from({ length: 12 }, (_, i) => i).flatMap((i): RewardSupportEvent[] => [
      counted(`d${i}`, String(1_000 + i), String((i + 1) * 1_000)),
      ...(i % 4 === 1 ? [{ eventId: `ev-rev-d${i}`, type: 'RewardSupportReversed', version: 1, metadata, payload: { campaignId: 'spring', donorId: 'dn_a', donationId: `d${i}`, reversedAmountMinor: '12345678901234567890', currency: 'USD', totalAfterMinor: '-1' } } as RewardSupportEvent] : []),
    ]);
    const whole = events.reduce(evolveRewardSupport, initialRewardSupportState());
    for (const resumed of resumedAtEveryCut(rewardSupportFold, events)) expect(resumed).toEqual(whole);
    expect(whole.reversed.d1).toBe(12345678901234567890n);
    for (const bad of [null, [], { totalMinor: '5', counted: {}, reversed: {} }, { totalMinor: { $bigint: '5' }, counted: { d1: 5 }, reversed: {} }]) expect(() => rewardSupportFold.snapshot!.decode(bad)).toThrow(TypeError);
  });

  it('given nothing counted, when a donation is accepted, then its accepted part is the total', () => {
    spec.given([]).when(count('d1', 3000n)).then([counted('d1', '3000', '3000')]);
  });

  it('given one donation counted, when another is accepted, then the total adds up', () => {
    spec.given([counted('d1', '3000', '3000')]).when(count('d2', 2500n)).then([counted('d2', '2500', '5500')]);
  });

  it('given a donation counted, when its acceptance is delivered again, then nothing is counted twice', () => {
    spec.given([counted('d1', '3000', '3000')]).when(count('d1', 3000n)).then([]);
  });

  it('given nothing counted, when nothing of a donation was accepted, then nothing is counted', () => {
    spec.given([]).when(count('d1', 0n)).then([]);
  });
});

describe('which tiers an accepted donation reaches', () => {
  const single = tier('single-50', { thresholdKind: 'single', thresholdMinor: '5000' });
  const cumulative = tier('total-100', { thresholdKind: 'cumulative', thresholdMinor: '10000' });

  it('when only the accepted part counts, then a donation accepted below the single threshold reaches nothing', () => {
    expect(tiersReached([single, cumulative], { currency: 'USD', acceptedAmountMinor: 4999n, supportTotalMinor: 4999n })).toEqual([]);
  });

  it('when the accepted part reaches the single threshold, then the single tier is reached', () => {
    expect(tiersReached([single, cumulative], { currency: 'USD', acceptedAmountMinor: 5000n, supportTotalMinor: 5000n })).toEqual([single]);
  });

  it('when small donations add up to the cumulative threshold, then only the cumulative tier is reached', () => {
    expect(tiersReached([single, cumulative], { currency: 'USD', acceptedAmountMinor: 1000n, supportTotalMinor: 10000n })).toEqual([cumulative]);
  });

  it('when the donation is in another currency than the tier, then the tier is not reached', () => {
    expect(tiersReached([single], { currency: 'GBP', acceptedAmountMinor: 9000n, supportTotalMinor: 9000n })).toEqual([]);
  });
});

describe("a tier's stock", () => {
  const spec = deciderSpec({ decide: claimReward, evolve: evolveRewardStock, initialState: initialRewardStockState });
  const mug = tier('mug', { stockLimit: 2 });
  const claim = (donorId: string, target: RewardTier = mug): ClaimReward => ({
    type: 'ClaimReward',
    eventId: `ev-claim-${donorId}`,
    grantId: `grant-${donorId}`,
    metadata: { ...metadata, donorId },
    tier: target,
    donorId,
    donationId: `don-${donorId}`,
    at: '2026-03-02T10:00:01.000Z',
  });
  const granted = (donorId: string, grantedCount: number, target: RewardTier = mug): RewardGranted => ({
    eventId: `ev-claim-${donorId}`,
    type: 'RewardGranted',
    version: 1,
    payload: {
      grantId: `grant-${donorId}`,
      campaignId: 'spring',
      tierId: target.tierId,
      tierVersion: target.tierVersion,
      donorId,
      donationId: `don-${donorId}`,
      committeeId: 'c-smith',
      rewardKind: 'item',
      fairMarketValueMinor: '1200',
      currency: 'USD',
      grantedCount,
      grantedAt: '2026-03-02T10:00:01.000Z',
    },
    metadata: { ...metadata, donorId },
  });
  const waitlisted = (donorId: string, waitlistPosition: number): RewardWaitlisted => ({
    eventId: `ev-claim-${donorId}`,
    type: 'RewardWaitlisted',
    version: 1,
    payload: { campaignId: 'spring', tierId: 'mug', tierVersion: 1, donorId, donationId: `don-${donorId}`, waitlistPosition, waitlistedAt: '2026-03-02T10:00:01.000Z' },
    metadata: { ...metadata, donorId },
  });

  it('given grants, a waitlist, a promotion, revocations and fulfilments, when the stock is resumed from a snapshot after any event, then it is the whole stream\'s', () => {
    const grantEvent = (grantId: string, type: 'RewardRevoked' | 'RewardRevocationFlagged' | 'RewardFulfilmentRecorded', extra: object): RewardStockEvent =>
      ({ eventId: `ev-${type}-${grantId}`, type, version: 1, metadata, payload: { grantId, ...extra } }) as unknown as RewardStockEvent;
    const events: RewardStockEvent[] = [
      granted('a', 1),
      granted('b', 2),
      waitlisted('c', 1),
      waitlisted('d', 2),
      grantEvent('grant-a', 'RewardRevoked', { stockReturned: true }),
      granted('c', 2),
      grantEvent('grant-b', 'RewardFulfilmentRecorded', { status: 'shipped' }),
      grantEvent('grant-c', 'RewardRevocationFlagged', {}),
      { eventId: 'ev-left-d', type: 'RewardWaitlistLeft', version: 1, metadata, payload: { donorId: 'd' } } as unknown as RewardStockEvent,
    ];
    const whole = events.reduce(evolveRewardStock, initialRewardStockState());
    for (const resumed of resumedAtEveryCut(rewardStockFold, events)) expect(resumed).toEqual(whole);
    expect([whole.grants.length, whole.waitlist.length, whole.lastWaitlistPosition]).toEqual([3, 0, 2]);
    for (const bad of [null, { grants: 'x', waitlist: [], lastWaitlistPosition: 0 }, { grants: [1], waitlist: [], lastWaitlistPosition: 0 }, { grants: [], waitlist: [] }]) expect(() => rewardStockFold.snapshot!.decode(bad)).toThrow(TypeError);
  });

  it('given stock left, when a donor claims, then the donor is granted with the fair market value and tier version', () => {
    spec.given([]).when(claim('a')).then([granted('a', 1)]);
  });

  it('given the donor already holds the tier, when the donor claims again, then nothing more is granted', () => {
    spec.given([granted('a', 1)]).when(claim('a')).then([]);
  });

  it('given the stock is all granted, when another donor claims, then that donor is first on the waitlist', () => {
    spec.given([granted('a', 1), granted('b', 2)]).when(claim('c')).then([waitlisted('c', 1)]);
  });

  it('given a waitlist, when a further donor claims, then that donor is next in line', () => {
    spec.given([granted('a', 1), granted('b', 2), waitlisted('c', 1)]).when(claim('d')).then([waitlisted('d', 2)]);
  });

  it('given a donor on the waitlist, when the donor claims again, then the donor keeps the place and nothing is added', () => {
    spec.given([granted('a', 1), granted('b', 2), waitlisted('c', 1)]).when(claim('c')).then([]);
  });

  it('given a stock of zero, when a donor claims, then the donor is waitlisted', () => {
    spec.given([]).when(claim('a', tier('mug', { stockLimit: 0 }))).then([waitlisted('a', 1)]);
  });

  it('given no stock limit, when many donors claim, then every one is granted', () => {
    const unlimited = { ...tier('mug', { stockLimit: null }), tierVersion: 3 };
    const [event] = spec.given([granted('a', 1), granted('b', 2)]).when(claim('c', unlimited)).decision();
    expect(event).toMatchObject({ type: 'RewardGranted', payload: { grantedCount: 3, tierVersion: 3 } });
  });

  it('given the stock raised by a tier change, when a donor claims, then the new limit applies from then on', () => {
    const raised = { ...tier('mug', { stockLimit: 3 }), tierVersion: 2 };
    const [event] = spec.given([granted('a', 1), granted('b', 2), waitlisted('c', 1)]).when(claim('d', raised)).decision();
    expect(event).toMatchObject({ type: 'RewardGranted', payload: { grantedCount: 3, tierVersion: 2 } });
  });
});
