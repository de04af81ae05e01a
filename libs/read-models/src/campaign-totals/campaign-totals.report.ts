import type { JurisdictionProfile } from '#contracts';
import { countedOf, type DonationRow } from '../donations/donation-row.js';
import type { Tabular } from '../reports/report-format.js';
import { netOf, NO_TOTALS, totalsOfDonations, type CampaignTotalsFigures } from './campaign-totals.evolve.js';

/**
 * What counts as a small gift, per jurisdiction: up to the FEC itemization threshold ($200,
 * 52 U.S.C. 30104(b)(3)(A)) and up to PPERA's £500, below which a payment is not a donation
 * for reporting at all (PPERA s.52(2)); and up to the $200 below which a Canadian party's return
 * does not name the contributor (Canada Elections Act s.432(2)).
 */
export const SMALL_GIFT_MAX_MINOR: Readonly<Record<JurisdictionProfile, bigint>> = Object.freeze({
  'US-FEC-CANDIDATE': 20_000n,
  'UK-PPERA-PARTY': 50_000n,
  'UK-PPERA-ACCOUNTING-UNIT': 50_000n,
  'CA-CEA-PARTY': 20_000n,
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

/**
 * The totals report: the campaign's totals figures (the stored ones, as `/totals` reads them)
 * and, beside them, the distribution of the gifts that still count, from the donation rows.
 */
export function campaignTotalsOf(
  totals: (CampaignTotalsFigures & { currency: string | null }) | null,
  rows: readonly DonationRow[],
  input: { campaignId: string; jurisdiction: JurisdictionProfile },
): CampaignTotals {
  const figures = totals ?? { ...NO_TOTALS, currency: null };
  const smallGiftMaxMinor = SMALL_GIFT_MAX_MINOR[input.jurisdiction];
  const gifts = acceptedOf(rows, input.campaignId)
    .map((row) => countedOf(row).countedMinor)
    .filter((counted) => counted > 0n);
  const netMinor = netOf(figures);
  const small = gifts.filter((g) => g <= smallGiftMaxMinor);
  const smallGiftMinor = small.reduce((sum, g) => sum + g, 0n);
  return {
    campaignId: input.campaignId,
    currency: figures.currency,
    raisedMinor: figures.raisedMinor,
    refundedMinor: figures.refundedMinor,
    chargedBackMinor: figures.chargedBackMinor,
    netMinor,
    donationCount: figures.donationCount,
    uniqueDonors: figures.uniqueDonors,
    giftCount: gifts.length,
    smallGiftMaxMinor,
    smallGiftCount: small.length,
    smallGiftMinor,
    smallGiftShareBasisPoints: netMinor > 0n ? Number((smallGiftMinor * 10_000n) / netMinor) : 0,
    averageGiftMinor: gifts.length > 0 ? netMinor / BigInt(gifts.length) : 0n,
    medianGiftMinor: median(gifts),
  };
}

/**
 * The same report folded from donation rows alone, in memory: the totals through the evolve the
 * store applies (`totalsOfDonations`), so it equals what the endpoint serves from the stored row.
 */
export function campaignTotals(rows: readonly DonationRow[], input: { campaignId: string; jurisdiction: JurisdictionProfile }): CampaignTotals {
  const mine = acceptedOf(rows, input.campaignId);
  const totals = mine.length === 0 ? null : { ...totalsOfDonations(mine), currency: mine[0].currency };
  return campaignTotalsOf(totals, rows, input);
}

const acceptedOf = (rows: readonly DonationRow[], campaignId: string): DonationRow[] => rows.filter((r) => r.campaignId === campaignId && r.acceptedMinor > 0n);

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
