import { acceptanceChange, evolveCampaignTotals, NO_TOTALS, settleReversals, totalsOfDonations, type DonationMoney, type TotalsChange } from './campaign-totals.evolve.js';

const money = (m: Partial<DonationMoney>): DonationMoney => ({
  receivedMinor: 0n,
  acceptedMinor: 0n,
  refundedMinor: 0n,
  chargedBackMinor: 0n,
  reversedByRefundMinor: 0n,
  reversedByChargebackMinor: 0n,
  ...m,
});
const fold = (changes: readonly TotalsChange[]) => changes.reduce(evolveCampaignTotals, NO_TOTALS);

describe('campaign totals evolve', () => {
  describe('given no totals', () => {
    it('when a donor first gives $100.00, then $100.00 is raised by one donation of one donor', () => {
      expect(evolveCampaignTotals(null, acceptanceChange(10_000n, true))).toEqual({ raisedMinor: 10_000n, refundedMinor: 0n, chargedBackMinor: 0n, donationCount: 1, uniqueDonors: 1 });
    });
  });

  describe('given a donor who gave before', () => {
    it('when they give $25.00 more, then the donation counts and the donor does not again', () => {
      expect(fold([acceptanceChange(10_000n, true), acceptanceChange(2_500n, false)])).toMatchObject({ raisedMinor: 12_500n, donationCount: 2, uniqueDonors: 1 });
    });
  });

  describe('given changes kept as separate sub-totals (increments of a shared row, or rows per partition)', () => {
    it('when the sub-totals are folded together, then the figures are those of one fold in ledger order', () => {
      const changes = [acceptanceChange(10_000n, true), acceptanceChange(7_000n, true), { ...NO_TOTALS, refundedMinor: 3_000n }, acceptanceChange(500n, false), { ...NO_TOTALS, chargedBackMinor: 500n }];
      const [left, right] = [fold(changes.filter((_, i) => i % 2 === 0)), fold(changes.filter((_, i) => i % 2 === 1))];
      expect(evolveCampaignTotals(left, right)).toEqual(fold(changes));
      expect(evolveCampaignTotals(right, left)).toEqual(fold(changes));
    });
  });
});

describe('settling a donation\'s reversals', () => {
  it('given $100.00 accepted and $30.00 refunded, then $30.00 is taken off, and settling again takes nothing more', () => {
    const first = settleReversals(money({ receivedMinor: 10_000n, acceptedMinor: 10_000n, refundedMinor: 3_000n }));
    expect(first.change).toEqual({ ...NO_TOTALS, refundedMinor: 3_000n });
    expect(settleReversals(first.money).change).toEqual(NO_TOTALS);
  });

  it('given a rejected $50.00 donation refunded in full, then nothing is taken off', () => {
    expect(settleReversals(money({ receivedMinor: 5_000n, refundedMinor: 5_000n })).change).toEqual(NO_TOTALS);
  });

  it('given $60.00 of $100.00 accepted, then refunding the $40.00 excess takes nothing off, and $10.00 more does', () => {
    const excess = settleReversals(money({ receivedMinor: 10_000n, acceptedMinor: 6_000n, refundedMinor: 4_000n }));
    expect(excess.change).toEqual(NO_TOTALS);
    expect(settleReversals({ ...excess.money, refundedMinor: 5_000n }).change).toEqual({ ...NO_TOTALS, refundedMinor: 1_000n });
  });

  it('given a refund that arrived before the acceptance, then it is taken off once the money is accepted', () => {
    const early = settleReversals(money({ receivedMinor: 4_000n, refundedMinor: 1_000n }));
    expect(early.change).toEqual(NO_TOTALS);
    expect(settleReversals({ ...early.money, acceptedMinor: 4_000n }).change).toEqual({ ...NO_TOTALS, refundedMinor: 1_000n });
  });

  it('given a donation received before received amounts were kept, then it counts as accepted in full', () => {
    expect(settleReversals(money({ receivedMinor: null, acceptedMinor: 6_000n, refundedMinor: 4_000n })).change).toEqual({ ...NO_TOTALS, refundedMinor: 4_000n });
  });

  it('given $100.00 accepted, $70.00 refunded and $50.00 charged back, then only the $30.00 left is taken off as charged back', () => {
    expect(settleReversals(money({ receivedMinor: 10_000n, acceptedMinor: 10_000n, refundedMinor: 7_000n, chargedBackMinor: 5_000n })).change).toEqual({ ...NO_TOTALS, refundedMinor: 7_000n, chargedBackMinor: 3_000n });
  });
});

describe('totals of donations folded in memory', () => {
  it('given accepted, refunded, charged back, rejected and undecided donations, then only accepted money counts, each reversal once', () => {
    const d = (donorId: string, receivedMinor: bigint, acceptedMinor: bigint, refundedMinor = 0n, chargedBackMinor = 0n) => ({ donorId, receivedMinor, acceptedMinor, refundedMinor, chargedBackMinor });
    expect(totalsOfDonations([d('ann', 10_000n, 10_000n, 3_000n), d('ann', 2_000n, 2_000n, 0n, 2_000n), d('bob', 9_000n, 0n, 9_000n), d('cy', 500n, 0n), d('dee', 10_000n, 6_000n, 4_000n)])).toEqual({
      raisedMinor: 18_000n,
      refundedMinor: 3_000n,
      chargedBackMinor: 2_000n,
      donationCount: 3,
      uniqueDonors: 2,
    });
  });
});
