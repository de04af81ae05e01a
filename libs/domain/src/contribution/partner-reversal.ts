import { spreadProRata } from '#compliance-rules';
import type { ReverseContribution } from './contribution-reversal.decider.js';
import type { DonorAggregateState } from './donor-aggregate.decider.js';

/**
 * What a refund or chargeback of a partnership's gift takes back from each partner it was
 * attributed to (11 CFR 110.1(e)): what the gift still counts for, spread over the partners in
 * proportion to what each was counted (largest remainder, so the parts add up to it exactly).
 * Each partner's reversal is then the one rule of reverseContribution, given the partner's
 * count as the money received and the part no longer counted as what went back, so a refund
 * handled twice takes back nothing more. A partner whose aggregate never counted the gift has
 * nothing to give back.
 */
/**
 * What each partner is counted for a partnership's gift now (11 CFR 110.1(e)): what the gift
 * still counts for, spread over the partners in proportion to what each was counted when it was
 * accepted (largest remainder, so the parts add up to it exactly), never more than each was
 * counted. Compliance gives the rest back on the partners' aggregates (partnerReversals), and
 * Schedule A states the same parts on the partners' memo lines.
 */
export function partnerPartsCounted(giftCountedMinor: bigint, countedAtAcceptance: readonly bigint[]): bigint[] {
  const total = countedAtAcceptance.reduce((sum, c) => sum + c, 0n);
  if (total === 0n) return countedAtAcceptance.map(() => 0n);
  return spreadProRata(giftCountedMinor < total ? giftCountedMinor : total, countedAtAcceptance);
}

export function partnerReversals(
  base: Omit<ReverseContribution, 'donorId' | 'receivedMinor' | 'refundedMinor' | 'chargedBackMinor'>,
  giftCountedAfterMinor: bigint,
  partners: readonly { donorId: string; state: DonorAggregateState }[],
): { donorId: string; command: ReverseContribution }[] {
  const counted = partners.map((p) => p.state.counted.get(base.donationId)?.amountMinor ?? 0n);
  if (counted.every((c) => c === 0n)) return [];
  const targets = partnerPartsCounted(giftCountedAfterMinor, counted);
  return partners.flatMap((p, i) => {
    if (counted[i] === 0n) return [];
    const backMinor = counted[i] - targets[i];
    const command: ReverseContribution = {
      ...base,
      donorId: p.donorId,
      receivedMinor: counted[i],
      refundedMinor: base.reason === 'refund' ? backMinor : 0n,
      chargedBackMinor: base.reason === 'chargeback' ? backMinor : 0n,
    };
    return [{ donorId: p.donorId, command }];
  });
}
