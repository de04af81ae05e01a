import type { DatedFigure } from './dated-figures.js';

/** A threshold that donations may be split to stay under. */
export interface StructuringThreshold extends DatedFigure {
  /** Names the threshold in the evidence (`itemization`, `48-hour-notice`). */
  id: string;
  amountMinor: bigint;
  /**
   * Whether an amount equal to the threshold is still under it: the FEC itemizes an aggregate
   * that *exceeds* $200, so $200.00 escapes itemization; a 48-hour notice is due *from* $1,000.
   */
  underIncludesThreshold: boolean;
}

/**
 * The structuring detectors' figures, held in the pack like the law's figures and dated with
 * them. They are the committee's risk policy, not the law's numbers; the citation says what the
 * policy guards. Times are half-open: "within M minutes" is a gap strictly under M minutes.
 */
export interface StructuringRules extends DatedFigure {
  justUnderThreshold: {
    thresholds: readonly StructuringThreshold[];
    /** How far under a threshold counts as "just under", in basis points of the threshold (1000 = 10%). */
    marginBasisPoints: number;
    /** Donations in the pattern, this one included. */
    minDonations: number;
    /** Different donors (names) among them. */
    minDistinctDonors: number;
    windowMinutes: number;
  };
  burst: {
    /** Donations from one donor, this one included, that make a burst. */
    minDonations: number;
    windowMinutes: number;
  };
  roundTripRefund: {
    /** Earlier donations refunded (by the same donor or instrument) before this one. */
    minRefundedDonations: number;
    windowMinutes: number;
  };
  /**
   * Donations under two donor ids that may be one person (issue 14, item 12): a near name
   * (an initial, a "Jr." or "Sr.") or one name on one card at two postal codes, within the window.
   */
  donorNearMatch: {
    windowMinutes: number;
  };
  /** Days from receipt an officer has to decide a suspicion. */
  reviewDays: number;
}

const FEC_STRUCTURING_SINCE = '2023-01-01';

/** FEC: splitting to stay under itemization or a 48-hour notice hides a contribution in the name of another. */
export const FEC_STRUCTURING: StructuringRules = Object.freeze({
  effectiveFrom: FEC_STRUCTURING_SINCE,
  effectiveTo: null,
  citation: 'committee policy against contributions in the name of another (52 U.S.C. 30122; 11 CFR 110.4(b)); review on the questionable-contribution clock of 11 CFR 103.3(b)(1)',
  justUnderThreshold: Object.freeze({
    thresholds: Object.freeze([
      Object.freeze({
        id: 'itemization',
        amountMinor: 20_000n,
        underIncludesThreshold: true,
        effectiveFrom: FEC_STRUCTURING_SINCE,
        effectiveTo: null,
        citation: '52 U.S.C. 30104(b)(3)(A); 11 CFR 104.3(a)(4)(i)',
      }),
      Object.freeze({
        id: '48-hour-notice',
        amountMinor: 100_000n,
        underIncludesThreshold: false,
        effectiveFrom: FEC_STRUCTURING_SINCE,
        effectiveTo: null,
        citation: '52 U.S.C. 30104(a)(6)(A); 11 CFR 104.5(f)',
      }),
    ]),
    marginBasisPoints: 1_000,
    minDonations: 3,
    minDistinctDonors: 2,
    windowMinutes: 7 * 24 * 60,
  }),
  burst: Object.freeze({ minDonations: 5, windowMinutes: 10 }),
  roundTripRefund: Object.freeze({ minRefundedDonations: 2, windowMinutes: 30 * 24 * 60 }),
  // As long as the round trip's, so no key keeps more evidence than it did: a near match given
  // more than 30 days apart is left to the officer's own search.
  donorNearMatch: Object.freeze({ windowMinutes: 30 * 24 * 60 }),
  reviewDays: 10,
});
