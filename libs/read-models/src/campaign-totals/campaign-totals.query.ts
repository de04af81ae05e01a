import type { DataSource } from 'typeorm';
import { parseMinor } from '#contracts';
import { CampaignTotalsRow } from './campaign-totals.entity.js';

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
 * Reads the totals from a schema of read models: the live one, or one folded from the ledger
 * up to an as-of cut. One function for both, so an as-of report has the live report's shape.
 */
export async function campaignTotalsReport(readModels: DataSource, campaignId: string): Promise<CampaignTotalsReport> {
  const row = await readModels.getRepository(CampaignTotalsRow).findOneBy({ campaignId });
  if (!row) return { campaignId, currency: null, raisedMinor: 0, refundedMinor: 0, chargedBackMinor: 0, netMinor: 0, donationCount: 0, uniqueDonors: 0 };
  const raised = parseMinor(String(row.raisedMinor));
  const refunded = parseMinor(String(row.refundedMinor));
  const chargedBack = parseMinor(String(row.chargedBackMinor));
  return {
    campaignId,
    committeeId: row.committeeId,
    currency: row.currency,
    raisedMinor: Number(raised),
    refundedMinor: Number(refunded),
    chargedBackMinor: Number(chargedBack),
    netMinor: Number(raised - refunded - chargedBack),
    donationCount: row.donationCount,
    uniqueDonors: row.uniqueDonors,
  };
}
