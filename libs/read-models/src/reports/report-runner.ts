import type { DataSource } from 'typeorm';
import type { Election, JurisdictionProfile } from '#contracts';
import type { PersonalDataVault } from '#personal-data';
import { readCampaignTotals } from '../campaign-totals/campaign-totals.query.js';
import { campaignTotalsOf, campaignTotalsTable } from '../campaign-totals/campaign-totals.report.js';
import { remediesDue, remediesTable, reviewQueueReport, reviewQueueTable } from '../compliance-cases/compliance-queue.report.js';
import { reportComplianceCases } from '../compliance-cases/compliance-cases.projection.js';
import type { DonationRow } from '../donations/donation-row.js';
import { reportDonations } from '../donations/donations.projection.js';
import { fortyEightHourNotices, fortyEightHourNoticesTable } from '../donations/forty-eight-hour-notices.report.js';
import { largeDonationRegister, largeDonationTable } from '../donations/large-donations.report.js';
import { pperaQuarterlyReport, pperaTable, pperaWeeklyReport } from '../donations/ppera.report.js';
import { scheduleA, scheduleATable } from '../donations/schedule-a.report.js';
import { reportRewardGrants } from '../report-reward-grants/report-reward-grants.projection.js';
import { rewardsGranted } from '../report-reward-grants/rewards-granted.report.js';
import { readReportRows } from '../store/stored-rows.js';
import { disclosed, type DonorView } from './report-donor.js';
import { toJsonValue, type Tabular } from './report-format.js';

/** The filings and registers served per committee, by the name used in URLs and on the CLI. */
export const COMMITTEE_REPORTS = ['fec-schedule-a', 'fec-48-hour-notices', 'ppera-quarterly', 'ppera-weekly', 'large-donations', 'remedies-due', 'review-queue', 'rewards-granted'] as const;
export type CommitteeReport = (typeof COMMITTEE_REPORTS)[number];
export const isCommitteeReport = (name: string): name is CommitteeReport => (COMMITTEE_REPORTS as readonly string[]).includes(name);

/** A report asked for with parameters it cannot be run with (a report of another jurisdiction, a bad period): exit 2, or 400. */
export class ReportParamsError extends Error {}

/** What a report was asked for with, checked once for the endpoint and the CLI alike. */
export interface ReportParams {
  from?: string;
  to?: string;
  asOf?: string;
  year?: number;
  quarter?: number;
  level?: 'central' | 'accounting_unit';
  weekStarting?: string;
  thresholdMinor?: bigint;
  filerCommitteeId?: string;
}

export interface ReportCommittee {
  committeeId: string;
  jurisdiction: JurisdictionProfile;
  currency: string;
  elections: readonly Election[];
}

export interface ReportOutput {
  json: unknown;
  table: Tabular;
}

const FEC_ONLY: readonly CommitteeReport[] = ['fec-schedule-a', 'fec-48-hour-notices'];
const PPERA_ONLY: readonly CommitteeReport[] = ['ppera-quarterly', 'ppera-weekly'];

/**
 * Runs a report over the live read models: reads the rows, calls the report's pure function,
 * and opens donors' personal data only for the donations the report shows, and only when the
 * caller may read it (`disclose`). Shared by the HTTP endpoints and the CLI.
 */
export class ReportRunner {
  constructor(
    private readonly readModels: DataSource,
    private readonly vault: PersonalDataVault | null,
  ) {}

  async committeeReport(committee: ReportCommittee, report: CommitteeReport, params: ReportParams, disclose: boolean): Promise<ReportOutput> {
    if (FEC_ONLY.includes(report) && committee.jurisdiction !== 'US-FEC-CANDIDATE') throw new ReportParamsError(`${report} is filed by US FEC candidate committees; ${committee.committeeId} is ${committee.jurisdiction}`);
    if (PPERA_ONLY.includes(report) && !committee.jurisdiction.startsWith('UK-PPERA-')) throw new ReportParamsError(`${report} is filed by UK PPERA parties; ${committee.committeeId} is ${committee.jurisdiction}`);
    const where = { committeeId: committee.committeeId };
    if (report === 'remedies-due' || report === 'review-queue') {
      const rows = await readReportRows(this.readModels, reportComplianceCases, where);
      const input = { committeeId: committee.committeeId, rows, asOf: params.asOf ?? '' };
      return report === 'remedies-due' ? output(remediesDue(input), remediesTable) : output(reviewQueueReport(input), reviewQueueTable);
    }
    if (report === 'rewards-granted') {
      const result = rewardsGranted({ committeeId: committee.committeeId, rows: await readReportRows(this.readModels, reportRewardGrants, where), from: params.from ?? '', to: params.to ?? '' });
      return output(result, (r) => ({ header: ['grant_id', 'campaign_id', 'tier_id', 'donation_id', 'reward_kind', 'granted_at'], rows: r.grants.map((g) => [g.grantId, g.campaignId, g.tierId, g.donationId, g.rewardKind, g.grantedAt]) }));
    }
    const rows = await readReportRows(this.readModels, reportDonations, where);
    const run = (donors: ReadonlyMap<string, DonorView>): ReportOutput => this.donationReport(committee, report, params, rows, donors);
    const shown = donationIdsOf(run(new Map()).json);
    return run(await this.donorViews(rows.filter((r) => shown.has(r.donationId)), disclose));
  }

  /** The campaign's stored totals, read as `/totals` reads them, with the distribution of its gifts. */
  async campaignTotals(campaignId: string, jurisdiction: JurisdictionProfile): Promise<ReportOutput> {
    const totals = await readCampaignTotals(this.readModels, campaignId);
    const rows = await readReportRows(this.readModels, reportDonations, { campaignId });
    return output(campaignTotalsOf(totals, rows, { campaignId, jurisdiction }), campaignTotalsTable);
  }

  private donationReport(committee: ReportCommittee, report: CommitteeReport, params: ReportParams, rows: DonationRow[], donors: ReadonlyMap<string, DonorView>): ReportOutput {
    const { committeeId, elections } = committee;
    switch (report) {
      case 'fec-schedule-a':
        return output(scheduleA({ committee: { committeeId, elections, filerCommitteeId: params.filerCommitteeId }, rows, donors, from: params.from ?? '', to: params.to ?? '' }), scheduleATable);
      case 'fec-48-hour-notices':
        return output(fortyEightHourNotices({ committeeId, elections, rows, donors }), fortyEightHourNoticesTable);
      case 'ppera-quarterly':
        return output(pperaQuarterlyReport({ committeeId, rows, donors, year: params.year ?? 0, quarter: params.quarter ?? 0, level: params.level ?? (committee.jurisdiction === 'UK-PPERA-ACCOUNTING-UNIT' ? 'accounting_unit' : 'central') }), pperaTable);
      case 'ppera-weekly':
        return output(pperaWeeklyReport({ committeeId, rows, donors, weekStarting: params.weekStarting ?? '' }), pperaTable);
      case 'large-donations':
        return output(largeDonationRegister({ committeeId, rows, donors, from: params.from ?? '', to: params.to ?? '', thresholdMinor: params.thresholdMinor ?? 0n }), (r) => largeDonationTable(r, committee.currency));
      default:
        throw new Error(`${report} does not read donations`);
    }
  }

  /** Opens each shown donation's sealed data with its donor's key, or says the person was erased. */
  private async donorViews(rows: readonly DonationRow[], disclose: boolean): Promise<Map<string, DonorView>> {
    const views = new Map<string, DonorView>();
    for (const row of rows) {
      if (row.sealedPii === null) views.set(row.donationId, { status: 'anonymous' });
      else if (!disclose || this.vault === null) views.set(row.donationId, { status: 'withheld' });
      else {
        const opened = await this.vault.open(row.donorId, row.sealedPii);
        views.set(row.donationId, opened.status === 'open' ? disclosed(opened.data) : { status: 'erased' });
      }
    }
    return views;
  }
}

function output<T>(result: T, table: (result: T) => Tabular): ReportOutput {
  return { json: toJsonValue(result), table: table(result) };
}

/** The donations a report shows: every `donationId` in its lines, entries or items. */
function donationIdsOf(json: unknown): Set<string> {
  const ids = new Set<string>();
  const result = json as Record<string, unknown>;
  for (const list of [result.lines, result.entries, result.items]) {
    if (Array.isArray(list)) for (const item of list) ids.add(String((item as { donationId?: unknown }).donationId));
  }
  return ids;
}
