import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ReportingLag } from '#domain';
import { campaignTotalsReport, donationList, donationListFilterOf, type CampaignTotalsReport } from '#read-models';
import { READ_MODELS } from '#platform';
import { ReportingLagReader } from './reporting-lag.reader.js';

/** The decision outcomes the dashboard counts, by the donation list's status. */
export const DASHBOARD_OUTCOMES = ['accepted', 'flagged', 'rejected', 'refunded'] as const;

export interface CampaignDashboardSnapshot {
  campaignId: string;
  at: string;
  totals: CampaignTotalsReport;
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

  async snapshot(campaignId: string): Promise<CampaignDashboardSnapshot> {
    const [totals, lag, ...counts] = await Promise.all([
      campaignTotalsReport(this.readModels, campaignId),
      this.lagReader.lag(),
      ...DASHBOARD_OUTCOMES.map(async (status) => (await donationList(this.readModels, campaignId, donationListFilterOf({ status, limit: '1' }))).total),
    ]);
    const outcomes = Object.fromEntries(DASHBOARD_OUTCOMES.map((status, i) => [status, counts[i]])) as CampaignDashboardSnapshot['outcomes'];
    return { campaignId, at: new Date().toISOString(), totals, outcomes, lag };
  }
}
