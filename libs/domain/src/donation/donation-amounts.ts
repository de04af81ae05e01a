/**
 * What a donation still counts for once money has gone back. One rule, used by intake's
 * status view, by compliance for the donor's aggregate and by reporting for campaign totals,
 * so the three can never disagree about a donation's counted amount.
 */
export interface DonationAmounts {
  receivedMinor: bigint;
  /** What compliance accepted (and counted); 0 while undecided, flagged or rejected. */
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
}

export interface CountedAmounts {
  /** The part of the accepted money the committee still holds: what counts towards limits and totals. */
  countedMinor: bigint;
  /** The part of the accepted money that refunds took back. */
  reversedByRefundMinor: bigint;
  /** The part of the accepted money that chargebacks took back. */
  reversedByChargebackMinor: bigint;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * Money going back comes first out of what was received but not accepted (the excess a
 * committee must return anyway), refunds before chargebacks; only the rest reverses accepted
 * money. So a rejected donation refunded in full reverses nothing, and a donation accepted
 * after its refund arrived ends with the same figures as one refunded after acceptance.
 */
export function countedAmounts(amounts: DonationAmounts): CountedAmounts {
  const accepted = max(0n, amounts.acceptedMinor);
  let excess = max(0n, amounts.receivedMinor - accepted);
  const refundFromExcess = min(amounts.refundedMinor, excess);
  excess -= refundFromExcess;
  const reversedByRefundMinor = min(accepted, amounts.refundedMinor - refundFromExcess);
  const chargebackFromExcess = min(amounts.chargedBackMinor, excess);
  const reversedByChargebackMinor = min(accepted - reversedByRefundMinor, amounts.chargedBackMinor - chargebackFromExcess);
  return {
    countedMinor: accepted - reversedByRefundMinor - reversedByChargebackMinor,
    reversedByRefundMinor,
    reversedByChargebackMinor,
  };
}

/** What refunds and chargebacks may still take back: never more than was received. */
export const remainingMinor = (amounts: DonationAmounts): bigint =>
  amounts.receivedMinor - amounts.refundedMinor - amounts.chargedBackMinor;
