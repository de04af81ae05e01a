import { countedAmounts, remainingMinor, type DonationAmounts } from './donation-amounts.js';

const amounts = (receivedMinor: bigint, acceptedMinor: bigint, refundedMinor = 0n, chargedBackMinor = 0n): DonationAmounts => ({
  receivedMinor,
  acceptedMinor,
  refundedMinor,
  chargedBackMinor,
});

describe('counted amount of a donation', () => {
  describe('given a donation accepted in full ($100.00)', () => {
    it('counts all of it while nothing went back', () => {
      expect(countedAmounts(amounts(10_000n, 10_000n))).toEqual({ countedMinor: 10_000n, reversedByRefundMinor: 0n, reversedByChargebackMinor: 0n });
    });

    it('when $30.00 is refunded, counts $70.00', () => {
      expect(countedAmounts(amounts(10_000n, 10_000n, 3_000n))).toEqual({ countedMinor: 7_000n, reversedByRefundMinor: 3_000n, reversedByChargebackMinor: 0n });
    });

    it('when refunded in full, counts nothing', () => {
      expect(countedAmounts(amounts(10_000n, 10_000n, 10_000n)).countedMinor).toBe(0n);
    });

    it('when $30.00 is refunded and the rest charged back, counts nothing and splits the reversal', () => {
      expect(countedAmounts(amounts(10_000n, 10_000n, 3_000n, 7_000n))).toEqual({ countedMinor: 0n, reversedByRefundMinor: 3_000n, reversedByChargebackMinor: 7_000n });
    });
  });

  describe('given a donation of $100.00 accepted for $60.00 only', () => {
    it('takes a $40.00 refund out of the excess, reversing nothing counted', () => {
      expect(countedAmounts(amounts(10_000n, 6_000n, 4_000n))).toEqual({ countedMinor: 6_000n, reversedByRefundMinor: 0n, reversedByChargebackMinor: 0n });
    });

    it('reverses counted money only for the part of a refund beyond the excess', () => {
      expect(countedAmounts(amounts(10_000n, 6_000n, 5_000n))).toEqual({ countedMinor: 5_000n, reversedByRefundMinor: 1_000n, reversedByChargebackMinor: 0n });
    });

    it('lets a chargeback use what the refunds left of the excess first', () => {
      expect(countedAmounts(amounts(10_000n, 6_000n, 1_000n, 5_000n))).toEqual({ countedMinor: 4_000n, reversedByRefundMinor: 0n, reversedByChargebackMinor: 2_000n });
    });
  });

  describe('given a donation with nothing accepted (undecided, flagged or rejected)', () => {
    it('counts nothing and reverses nothing, even when refunded in full', () => {
      expect(countedAmounts(amounts(10_000n, 0n, 10_000n))).toEqual({ countedMinor: 0n, reversedByRefundMinor: 0n, reversedByChargebackMinor: 0n });
    });

    it('refunded by $25.00 while undecided, then accepted, counts $75.00: the refund reverses accepted money once there is some', () => {
      expect(countedAmounts(amounts(10_000n, 0n, 2_500n)).countedMinor).toBe(0n);
      expect(countedAmounts(amounts(10_000n, 10_000n, 2_500n))).toEqual({ countedMinor: 7_500n, reversedByRefundMinor: 2_500n, reversedByChargebackMinor: 0n });
    });
  });

  describe('what may still go back', () => {
    it('is what was received less refunds and chargebacks', () => {
      expect(remainingMinor(amounts(10_000n, 10_000n, 3_000n, 2_000n))).toBe(5_000n);
      expect(remainingMinor(amounts(10_000n, 0n, 10_000n))).toBe(0n);
    });
  });
});
