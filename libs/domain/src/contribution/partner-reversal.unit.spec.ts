import type { ContributionCounted } from '#contracts';
import { reverseContribution } from './contribution-reversal.decider.js';
import { evolveDonorAggregate, initialDonorAggregate } from './donor-aggregate.decider.js';
import { partnerPartsCounted, partnerReversals } from './partner-reversal.js';

// A partnership's $3,000 gift, $2,500 kept: $1,500 counted on partner A, $1,000 on partner B.
const countedOn = (donorId: string, amountMinor: string) =>
  evolveDonorAggregate(initialDonorAggregate(), {
    eventId: `ev-${donorId}`,
    type: 'ContributionCounted',
    version: 2,
    payload: { donationId: 'pg1', donorId, electionId: 'p-2026', amountMinor, currency: 'USD', aggregateAfterMinor: amountMinor, paymentMethod: 'check', itemized: null, figures: {}, ruleIds: [] },
    metadata: { occurredAt: '2026-03-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', committeeId: 'c-smith' },
  } as ContributionCounted);
const partners = [
  { donorId: 'dn_a', state: countedOn('dn_a', '150000') },
  { donorId: 'dn_b', state: countedOn('dn_b', '100000') },
];
const base = { type: 'ReverseContribution' as const, donationId: 'pg1', committeeId: 'c-smith', currency: 'USD', causationEventId: 'ev-refund', reason: 'refund' as const, correlationId: 'c', decidedAt: '2026-04-01T00:00:00.000Z' };
const takenBack = (giftCountedAfterMinor: bigint) =>
  partnerReversals(base, giftCountedAfterMinor, partners).map(({ donorId, command }) => [donorId, reverseContribution(command, partners.find((p) => p.donorId === donorId)!.state)[0]?.payload.amountMinor ?? '0']);

describe("a partnership's gift going back, spread over its partners (11 CFR 110.1(e))", () => {
  it('given the whole gift refunded, then each partner gets back all that was counted on them', () => {
    expect(takenBack(0n)).toEqual([['dn_a', '150000'], ['dn_b', '100000']]);
  });

  it('given only the excess refunded ($2,500 still counted), then no partner gets anything back', () => {
    expect(takenBack(250_000n)).toEqual([['dn_a', '0'], ['dn_b', '0']]);
  });

  it('given a refund that leaves the gift counting for $1,500 of its $2,500, then the partners give back $600 and $400, in proportion', () => {
    expect(takenBack(150_000n)).toEqual([['dn_a', '60000'], ['dn_b', '40000']]);
  });

  it('given one cent of kept money refunded, then the cent comes back from one partner only, never from nobody', () => {
    expect(takenBack(249_999n).map(([, amount]) => BigInt(amount)).reduce((a, b) => a + b, 0n)).toBe(1n);
  });

  it('given a partner whose aggregate never counted the gift, then nothing is reversed for them', () => {
    expect(partnerReversals(base, 0n, [{ donorId: 'dn_c', state: initialDonorAggregate() }])).toEqual([]);
  });
});

describe('what each partner is counted for a partnership gift now (partnerPartsCounted, 11 CFR 110.1(e))', () => {
  it('given partners counted $1,000.00 and $2,000.00 and $3,000.00 still counted, then each keeps their whole part', () => {
    expect(partnerPartsCounted(300_000n, [100_000n, 200_000n])).toEqual([100_000n, 200_000n]);
  });
  it('given one cent refunded, then the parts add up to one cent less, the largest remainder keeping the odd cent', () => {
    expect(partnerPartsCounted(299_999n, [100_000n, 200_000n]).reduce((a, b) => a + b, 0n)).toBe(299_999n);
  });
  it('given partners never counted, then nothing is theirs', () => {
    expect(partnerPartsCounted(300_000n, [0n, 0n])).toEqual([0n, 0n]);
  });
});
