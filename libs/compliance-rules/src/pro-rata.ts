/**
 * Spreads an amount over parts in proportion to their weights, in whole minor units, summing
 * exactly to the amount: each part gets the floor of its exact share, and the units left over
 * go one each to the largest remainders, ties to the earlier part (largest remainder method).
 * No part gets more than its weight when the amount is at most the weights' total, so a
 * refund spread over what each share has left never takes back more than a share holds.
 */
export function spreadProRata(amountMinor: bigint, weights: readonly bigint[]): bigint[] {
  if (amountMinor < 0n) throw new RangeError('cannot spread a negative amount');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const total = weights.reduce((sum, w) => sum + w, 0n);
  if (total === 0n) {
    if (amountMinor === 0n) return weights.map(() => 0n);
    throw new RangeError('cannot spread an amount over no weight');
  }
  const parts = weights.map((w) => (amountMinor * w) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (amountMinor * w) % total }));
  let left = amountMinor - parts.reduce((sum, p) => sum + p, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] += 1n;
    left -= 1n;
  }
  return parts;
}
