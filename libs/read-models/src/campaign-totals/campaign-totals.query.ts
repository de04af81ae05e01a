import type { DataSource } from 'typeorm';
import { parseMinor } from '#contracts';
import { netOf, type CampaignTotalsFigures } from './campaign-totals.evolve.js';
import { CampaignTotalsRow } from './campaign-totals.entity.js';

/** A campaign's stored totals, with the committee and currency of its first acceptance. */
export interface StoredCampaignTotals extends CampaignTotalsFigures {
  committeeId: string;
  currency: string;
}

/**
 * The one read of a campaign's stored totals, behind `/totals` and `/reports/totals` alike:
 * the live schema of read models, or one folded from the ledger up to an as-of cut. Null
 * before the campaign's first acceptance.
 */
export async function readCampaignTotals(readModels: DataSource, campaignId: string): Promise<StoredCampaignTotals | null> {
  const row = await readModels.getRepository(CampaignTotalsRow).findOneBy({ campaignId });
  if (!row) return null;
  return {
    committeeId: row.committeeId,
    currency: row.currency,
    raisedMinor: parseMinor(String(row.raisedMinor)),
    refundedMinor: parseMinor(String(row.refundedMinor)),
    chargedBackMinor: parseMinor(String(row.chargedBackMinor)),
    donationCount: row.donationCount,
    uniqueDonors: row.uniqueDonors,
  };
}

/** A campaign's totals as the API and the CLI show them: integers of minor units, net derived. */
export interface CampaignTotalsReport {
  campaignId: string;
  committeeId?: string;
  currency: string | null;
  raisedMinor: number;
  refundedMinor: number;
  chargedBackMinor: number;
  netMinor: number;
  donationCount: number;
  uniqueDonors: number;
}

/**
 * The summary `/totals` and `npm run report -- campaign-totals --summary` answer, live or as of
 * a cut: one function for both, so an as-of report has the live report's shape.
 */
export async function campaignTotalsReport(readModels: DataSource, campaignId: string): Promise<CampaignTotalsReport> {
  const totals = await readCampaignTotals(readModels, campaignId);
  if (!totals) return { campaignId, currency: null, raisedMinor: 0, refundedMinor: 0, chargedBackMinor: 0, netMinor: 0, donationCount: 0, uniqueDonors: 0 };
  return {
    campaignId,
    committeeId: totals.committeeId,
    currency: totals.currency,
    raisedMinor: Number(totals.raisedMinor),
    refundedMinor: Number(totals.refundedMinor),
    chargedBackMinor: Number(totals.chargedBackMinor),
    netMinor: Number(netOf(totals)),
    donationCount: totals.donationCount,
    uniqueDonors: totals.uniqueDonors,
  };
}
