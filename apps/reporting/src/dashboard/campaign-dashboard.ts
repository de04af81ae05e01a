import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ReportingLag } from '#domain';
import type { JurisdictionProfile } from '#contracts';
import { campaignTotalsOf, donationList, donationListFilterOf, readCampaignTotals, readReportRows, reportDonations } from '#read-models';
import { READ_MODELS } from '#platform';
import { ReportingLagReader } from './reporting-lag.reader.js';

/** The decision outcomes the dashboard counts, by the donation list's status. */
export const DASHBOARD_OUTCOMES = ['accepted', 'flagged', 'rejected', 'refunded'] as const;

export interface CampaignDashboardSnapshot {
  campaignId: string;
  at: string;
  /** The totals report's figures (`/reports/totals`), money as JSON integers of minor units. */
  totals: Record<string, string | number | null>;
  outcomes: Record<(typeof DASHBOARD_OUTCOMES)[number], number>;
  lag: ReportingLag;
}

/** One reading of a campaign's live dashboard: totals, outcomes and reporting's lag, read together. */
@Injectable()
export class CampaignDashboard {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly lagReader: ReportingLagReader,
  ) {}

  async snapshot(campaignId: string, jurisdiction: JurisdictionProfile): Promise<CampaignDashboardSnapshot> {
    const [totals, lag, ...counts] = await Promise.all([
      this.totals(campaignId, jurisdiction),
      this.lagReader.lag(),
      ...DASHBOARD_OUTCOMES.map(async (status) => (await donationList(this.readModels, campaignId, donationListFilterOf({ status, limit: '1' }))).total),
    ]);
    const outcomes = Object.fromEntries(DASHBOARD_OUTCOMES.map((status, i) => [status, counts[i]])) as CampaignDashboardSnapshot['outcomes'];
    return { campaignId, at: new Date().toISOString(), totals, outcomes, lag };
  }

  /** What the totals report answers, read the way it reads it, with its bigints as JSON numbers. */
  private async totals(campaignId: string, jurisdiction: JurisdictionProfile): Promise<CampaignDashboardSnapshot['totals']> {
    const [stored, rows] = await Promise.all([readCampaignTotals(this.readModels, campaignId), readReportRows(this.readModels, reportDonations, { campaignId })]);
    const figures = campaignTotalsOf(stored, rows, { campaignId, jurisdiction });
    return Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, typeof value === 'bigint' ? Number(value) : value])) as CampaignDashboardSnapshot['totals'];
  }
}
