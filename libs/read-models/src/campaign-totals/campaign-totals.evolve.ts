import { countedAmounts } from '#domain';

/**
 * A campaign's totals: money accepted (raised), the part of it refunds and chargebacks took
 * back, the count of accepted donations and of distinct donors. Net is derived when read. The
 * SQL projection stores these figures, `/totals` serves them, and `/reports/totals` serves them
 * with the distribution of the gifts beside.
 */
export interface CampaignTotalsFigures {
  raisedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
  donationCount: number;
  uniqueDonors: number;
}

/** What one donation fact changes in its campaign's totals: every figure adds. */
export type TotalsChange = CampaignTotalsFigures;

export const NO_TOTALS: CampaignTotalsFigures = Object.freeze({ raisedMinor: 0n, refundedMinor: 0n, chargedBackMinor: 0n, donationCount: 0, uniqueDonors: 0 });

/**
 * The one evolve of campaign totals. Every figure is a sum, so a store may apply a change as
 * atomic increments of a shared row (`campaign-totals.projection.ts`) or keep sub-totals apart
 * and fold them together on read: either way the figures are this function's.
 */
export function evolveCampaignTotals(totals: CampaignTotalsFigures | null, change: TotalsChange): CampaignTotalsFigures {
  const t = totals ?? NO_TOTALS;
  return {
    raisedMinor: t.raisedMinor + change.raisedMinor,
    refundedMinor: t.refundedMinor + change.refundedMinor,
    chargedBackMinor: t.chargedBackMinor + change.chargedBackMinor,
    donationCount: t.donationCount + change.donationCount,
    uniqueDonors: t.uniqueDonors + change.uniqueDonors,
  };
}

/** Net: what the committee keeps of the money raised. */
export const netOf = (totals: CampaignTotalsFigures): bigint => totals.raisedMinor - totals.refundedMinor - totals.chargedBackMinor;

/** Whether a change leaves the totals as they are. */
export const isNoChange = (change: TotalsChange): boolean =>
  change.raisedMinor === 0n && change.refundedMinor === 0n && change.chargedBackMinor === 0n && change.donationCount === 0 && change.uniqueDonors === 0;

/** A donation accepted: its money is raised, it is one more donation, and on the donor's first gift one more donor. */
export const acceptanceChange = (acceptedMinor: bigint, firstGiftOfDonor: boolean): TotalsChange => ({
  ...NO_TOTALS,
  raisedMinor: acceptedMinor,
  donationCount: 1,
  uniqueDonors: firstGiftOfDonor ? 1 : 0,
});

/**
 * One donation's money as the totals see it, and how much of its accepted money the totals
 * have already taken off as reversed (`reversedBy…`).
 */
export interface DonationMoney {
  /** Null for a donation received before received amounts were kept: it then counts as accepted in full. */
  receivedMinor: bigint | null;
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
  reversedByRefundMinor: bigint;
  reversedByChargebackMinor: bigint;
}

/**
 * Brings a donation's reversed amounts up to what the counted-amount rule says now, and says
 * what the totals take off for it. A refund of money compliance never accepted (a rejected
 * donation, the excess of a partly accepted one) takes nothing off: the same rule as the
 * donor's aggregate. Settling twice changes nothing the second time.
 */
export function settleReversals(money: DonationMoney): { money: DonationMoney; change: TotalsChange } {
  const split = countedAmounts({
    receivedMinor: money.receivedMinor ?? money.acceptedMinor,
    acceptedMinor: money.acceptedMinor,
    refundedMinor: money.refundedMinor,
    chargedBackMinor: money.chargedBackMinor,
  });
  return {
    money: { ...money, reversedByRefundMinor: split.reversedByRefundMinor, reversedByChargebackMinor: split.reversedByChargebackMinor },
    change: {
      ...NO_TOTALS,
      refundedMinor: split.reversedByRefundMinor - money.reversedByRefundMinor,
      chargedBackMinor: split.reversedByChargebackMinor - money.reversedByChargebackMinor,
    },
  };
}

/** A donation as the in-memory fold reads it: who gave, and its money so far. */
export interface DonationOfCampaign {
  donorId: string;
  receivedMinor: bigint;
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
}

/**
 * The totals of a campaign's donations folded in memory through the same changes the store
 * applies: each accepted donation's acceptance, then its reversals settled. The specs' oracle
 * of the stored row, and the report's figures when it is folded from donation rows alone.
 */
export function totalsOfDonations(donations: Iterable<DonationOfCampaign>): CampaignTotalsFigures {
  let totals = NO_TOTALS;
  const donors = new Set<string>();
  for (const d of donations) {
    if (d.acceptedMinor <= 0n) continue;
    totals = evolveCampaignTotals(totals, acceptanceChange(d.acceptedMinor, !donors.has(d.donorId)));
    donors.add(d.donorId);
    const money = { ...d, reversedByRefundMinor: 0n, reversedByChargebackMinor: 0n };
    totals = evolveCampaignTotals(totals, settleReversals(money).change);
  }
  return totals;
}
