import type { ConduitRecipientAddedV1 } from '#contracts';
import { reject } from '../shared/rejection.js';

/**
 * The most recipients one checkout may split across. The conduit platforms' own pages offer a
 * handful; a hundred-way split is a script, not a donor, and each share is a decision of its own.
 */
export const MAX_RECIPIENTS_PER_CHECKOUT = 10;

export interface Allocation {
  recipientCommitteeId: string;
  amountMinor: bigint;
  /** The allocation's currency when the client named one: it must be the payment's. */
  currency: string | null;
  electionId: string | null;
}

export interface SplitPayment {
  amountMinor: bigint;
  currency: string;
}

/**
 * Whether a payment splits into these allocations, each refusal with its own name, checked in
 * this fixed order: the payment is positive; how many; one currency; each share positive; each
 * recipient once; each recipient served by the conduit; the shares add up to the payment exactly.
 */
export function checkSplit(payment: SplitPayment, allocations: readonly Allocation[], recipients: ReadonlyMap<string, ConduitRecipientAddedV1>): void {
  if (payment.amountMinor <= 0n) reject('amount_must_be_positive', 'the payment must be greater than zero');
  if (allocations.length === 0) reject('allocations_sum_mismatch', 'a checkout has at least one allocation');
  if (allocations.length > MAX_RECIPIENTS_PER_CHECKOUT) {
    reject('too_many_recipients', `a checkout splits across at most ${MAX_RECIPIENTS_PER_CHECKOUT} recipients, not ${allocations.length}`);
  }
  const otherCurrency = allocations.find((a) => a.currency !== null && a.currency !== payment.currency);
  if (otherCurrency) reject('currency_mixed', `the payment is in ${payment.currency}; an allocation to ${otherCurrency.recipientCommitteeId} is in ${otherCurrency.currency}`);
  const notPositive = allocations.find((a) => a.amountMinor <= 0n);
  if (notPositive) reject('amount_must_be_positive', `the allocation to ${notPositive.recipientCommitteeId} must be greater than zero`);
  const seen = new Set<string>();
  for (const { recipientCommitteeId } of allocations) {
    if (seen.has(recipientCommitteeId)) reject('recipient_duplicated', `${recipientCommitteeId} is allocated twice: give it one allocation`);
    seen.add(recipientCommitteeId);
  }
  const unknown = allocations.find((a) => !recipients.has(a.recipientCommitteeId));
  if (unknown) reject('recipient_not_served', `the conduit does not forward to ${unknown.recipientCommitteeId}`);
  const total = allocations.reduce((sum, a) => sum + a.amountMinor, 0n);
  if (total !== payment.amountMinor) {
    reject('allocations_sum_mismatch', `the allocations add up to ${total} minor units, the payment is ${payment.amountMinor}`);
  }
}
