import type { JurisdictionProfile } from '#contracts';
import { countedOf, type DonationRow } from '../donations/donation-row.js';
import type { Tabular } from '../reports/report-format.js';

/**
 * What counts as a small gift, per jurisdiction: up to the FEC itemization threshold ($200,
 * 52 U.S.C. 30104(b)(3)(A)) and up to PPERA's £500, below which a payment is not a donation
 * for reporting at all (PPERA s.52(2)).
 */
export const SMALL_GIFT_MAX_MINOR: Readonly<Record<JurisdictionProfile, bigint>> = Object.freeze({
  'US-FEC-CANDIDATE': 20_000n,
  'UK-PPERA-PARTY': 50_000n,
  'UK-PPERA-ACCOUNTING-UNIT': 50_000n,
});

export interface CampaignTotals {
  campaignId: string;
  currency: string | null;
  /** Money compliance accepted. */
  raisedMinor: bigint;
  /** The part of it refunds took back. */
  refundedMinor: bigint;
  /** The part of it chargebacks took back. */
  chargedBackMinor: bigint;
  /** What the committee keeps: raised less refunded and charged back. */
  netMinor: bigint;
  /** Donations compliance accepted money of, whatever went back later. */
  donationCount: number;
  uniqueDonors: number;
  /** Gifts that still count (net above zero): the base of the figures below. */
  giftCount: number;
  smallGiftMaxMinor: bigint;
  smallGiftCount: number;
  smallGiftMinor: bigint;
  /** Share of net money from small gifts, in basis points (10000 = all), rounded down. */
  smallGiftShareBasisPoints: number;
  /** Net per gift, rounded down. */
  averageGiftMinor: bigint;
  /** Middle gift by net amount; of two middles, their mean rounded down. */
  medianGiftMinor: bigint;
}

/** Totals of one campaign over its donation rows, at whatever ledger position the rows stand. */
export function campaignTotals(rows: readonly DonationRow[], input: { campaignId: string; jurisdiction: JurisdictionProfile }): CampaignTotals {
  const mine = rows.filter((r) => r.campaignId === input.campaignId && r.acceptedMinor > 0n);
  const smallGiftMaxMinor = SMALL_GIFT_MAX_MINOR[input.jurisdiction];
  let raisedMinor = 0n;
  let refundedMinor = 0n;
  let chargedBackMinor = 0n;
  const gifts: bigint[] = [];
  for (const row of mine) {
    const counted = countedOf(row);
    raisedMinor += row.acceptedMinor;
    refundedMinor += counted.refundedMinor;
    chargedBackMinor += counted.chargedBackMinor;
    if (counted.countedMinor > 0n) gifts.push(counted.countedMinor);
  }
  const netMinor = raisedMinor - refundedMinor - chargedBackMinor;
  const small = gifts.filter((g) => g <= smallGiftMaxMinor);
  const smallGiftMinor = small.reduce((sum, g) => sum + g, 0n);
  return {
    campaignId: input.campaignId,
    currency: mine[0]?.currency ?? null,
    raisedMinor,
    refundedMinor,
    chargedBackMinor,
    netMinor,
    donationCount: mine.length,
    uniqueDonors: new Set(mine.map((r) => r.donorId)).size,
    giftCount: gifts.length,
    smallGiftMaxMinor,
    smallGiftCount: small.length,
    smallGiftMinor,
    smallGiftShareBasisPoints: netMinor > 0n ? Number((smallGiftMinor * 10_000n) / netMinor) : 0,
    averageGiftMinor: gifts.length > 0 ? netMinor / BigInt(gifts.length) : 0n,
    medianGiftMinor: median(gifts),
  };
}

function median(values: bigint[]): bigint {
  if (values.length === 0) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2n;
}

export function campaignTotalsTable(totals: CampaignTotals): Tabular {
  const entries = Object.entries(totals).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return { header: ['figure', 'value'], rows: entries };
}
