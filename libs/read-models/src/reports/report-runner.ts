import type { DataSource } from 'typeorm';
import { DEFAULT_TIME_ZONES, type Election, type JurisdictionProfile } from '#contracts';
import type { DonorLinkPair } from '#domain';
import type { PersonalDataVault } from '#personal-data';
import { NoRulePackError, weeklyReportingPeriods, weeklyReportingPeriodStarting, prePollReportsOwed, type FilingCommittee, type GeneralElectionPeriod, type RecordedFiling } from '#compliance-rules';
import { readCampaignTotals } from '../campaign-totals/campaign-totals.query.js';
import { campaignTotalsOf, campaignTotalsTable } from '../campaign-totals/campaign-totals.report.js';
import { remediesDue, remediesTable, reviewQueueReport, reviewQueueTable } from '../compliance-cases/compliance-queue.report.js';
import { reportComplianceCases } from '../compliance-cases/compliance-cases.projection.js';
import type { DonationRow } from '../donations/donation-row.js';
import { reportDonations } from '../donations/donations.projection.js';
import { linksInForce } from '../donor-links/donor-link-row.js';
import { reportDonorLinks } from '../donor-links/donor-links.projection.js';
import { fortyEightHourNotices, fortyEightHourNoticesTable, type FortyEightHourNotices } from '../donations/forty-eight-hour-notices.report.js';
import { form6Notices } from '../donations/form-6.js';
import { ceaContributionsReport, ceaContributionsTable } from '../donations/cea.report.js';
import { largeDonationRegister, largeDonationTable } from '../donations/large-donations.report.js';
import { pperaQuarterlyReport, pperaTable, pperaWeeklyReport, type PperaLine } from '../donations/ppera.report.js';
import { pperaPartyQuarterlyReport } from '../donations/ppera-party.report.js';
import { ukQuarterName, ukReturnFile, UkReturnInvalid, ukWeekName, type UkReturnInput } from '../donations/ppera-return.js';
import { scheduleA, scheduleATable } from '../donations/schedule-a.report.js';
import { conduitEarmarks, conduitEarmarksTable, reconcileEarmarks, type ConduitFiler } from '../donations/conduit-earmarks.report.js';
import { fecReport, fecReportTable, type FecReport } from '../donations/fec-report.js';
import { reportRewardGrants } from '../report-reward-grants/report-reward-grants.projection.js';
import { rewardsGranted } from '../report-reward-grants/rewards-granted.report.js';
import { readReportRows } from '../store/stored-rows.js';
import { disclosed, partnerViewKey, type DonorView } from './report-donor.js';
import { instantInZone, localDayOf, toJsonValue, type Tabular } from './report-format.js';

/** The filings and registers served per committee, by the name used in URLs and on the CLI. */
export const COMMITTEE_REPORTS = ['fec-schedule-a', 'fec-report', 'fec-48-hour-notices', 'ppera-quarterly', 'ppera-weekly', 'cea-contributions', 'large-donations', 'remedies-due', 'review-queue', 'rewards-granted'] as const;
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
  treasurerName?: string;
  signedOn?: string;
  reportCode?: string;
  electionId?: string;
}

export interface ReportCommittee {
  committeeId: string;
  name?: string;
  jurisdiction: JurisdictionProfile;
  currency: string;
  elections: readonly Election[];
  /** The committee's IANA zone in force; absent: its profile's default. */
  timeZone?: string;
  /** When it registered (the committee state holds it); its first filing period begins that local day. */
  registeredAt?: string;
  /** A UK party's general election periods (its weekly reports) and the filings it recorded, as its state holds them. */
  generalElectionPeriods?: readonly GeneralElectionPeriod[];
  filings?: readonly RecordedFiling[];
  /** A UK party's accounting units, by committee id: its quarterly report covers them (PPERA s.62(11), (12)). */
  accountingUnits?: readonly string[];
  /** The names the return gives the accounting units, by committee id (absent: the id). */
  accountingUnitNames?: ReadonlyMap<string, string>;
}

const zoneOf = (committee: ReportCommittee): string => committee.timeZone ?? DEFAULT_TIME_ZONES[committee.jurisdiction];

/** A year no Canadian pack covers is the caller's mistake, said as such (a 400, not a 500). */
function ceaYear<T>(run: () => T, year: number | undefined): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof NoRulePackError) throw new ReportParamsError(`no Canada Elections Act figures are held for ${year}`);
    throw error;
  }
}

/**
 * What the filing schedule needs of a committee. A state built by hand carries no registration
 * instant; its schedule then starts with the year of `asOf`, so old years are not all overdue.
 */
function filingCommitteeOf(committee: ReportCommittee, asOf: string, timeZone: string): FilingCommittee {
  const registeredOn = committee.registeredAt ? localDayOf(committee.registeredAt, timeZone) : `${localDayOf(asOf, timeZone).slice(0, 4)}-01-01`;
  return { jurisdiction: committee.jurisdiction, registeredOn, elections: committee.elections, generalElectionPeriods: committee.generalElectionPeriods ?? [], filings: committee.filings ?? [] };
}

/**
 * PPERA s.63(1): a weekly report exists only for a reporting period of a general election period
 * the party recorded and is registered for; any other week is the caller's mistake (a 400).
 */
function weeklyPeriodOf(committee: ReportCommittee, weekStarting: string) {
  const periods = committee.generalElectionPeriods ?? [];
  const found = weeklyReportingPeriodStarting(committee.jurisdiction, periods, weekStarting);
  if (found) return found;
  const owed = periods.filter((p) => prePollReportsOwed(committee.jurisdiction, p).owed);
  if (owed.length === 0) {
    const why = periods.map((p) => prePollReportsOwed(committee.jurisdiction, p)).find((v) => !v.owed);
    throw new ReportParamsError(`${committee.committeeId} owes no weekly pre-poll report: ${why && !why.owed ? why.why : 'no general election period is recorded for it (PPERA s.63)'}`);
  }
  const starts = owed.flatMap((p) => weeklyReportingPeriods(p).map((w) => w.from));
  throw new ReportParamsError(`no weekly reporting period of ${committee.committeeId} begins on ${weekStarting}; they begin on ${starts.join(', ')}`);
}

/** Report periods named by days begin and end at the committee's local midnights. */
function localised(params: ReportParams, timeZone: string): ReportParams {
  return { ...params, ...(params.from ? { from: instantInZone(params.from, timeZone) } : {}), ...(params.to ? { to: instantInZone(params.to, timeZone) } : {}) };
}

/** The conduits behind campaigns, by campaign id: who a recipient's Schedule A names as conduit. */
export type ConduitLookup = (campaignIds: readonly string[]) => Promise<ReadonlyMap<string, { committeeId: string; name: string; fecId: string }>>;

export interface ReportOutput {
  json: unknown;
  table: Tabular;
  /** The regulator's own file of a filing (the .fec file), named as the regulator expects. */
  file?: RegulatorFile;
  /** Why there is no file for these parameters, when the report can have one. */
  fileUnavailable?: string;
}

export interface RegulatorFile {
  name: string;
  contentType: string;
  text: string;
}

const FEC_ONLY: readonly CommitteeReport[] = ['fec-schedule-a', 'fec-report', 'fec-48-hour-notices'];
const PPERA_ONLY: readonly CommitteeReport[] = ['ppera-quarterly', 'ppera-weekly'];
const CEA_ONLY: readonly CommitteeReport[] = ['cea-contributions'];

/**
 * Runs a report over the live read models: reads the rows, calls the report's pure function,
 * and opens donors' personal data only for the donations the report shows, and only when the
 * caller may read it (`disclose`). Shared by the HTTP endpoints and the CLI.
 */
export class ReportRunner {
  constructor(
    private readonly readModels: DataSource,
    private readonly vault: PersonalDataVault | null,
    /** Where the conduits behind a committee's campaigns are looked up (the ledger); none: no line names a conduit. */
    private readonly conduitsOf: ConduitLookup = async () => new Map(),
  ) {}

  async committeeReport(committee: ReportCommittee, report: CommitteeReport, asked: ReportParams, disclose: boolean): Promise<ReportOutput> {
    const timeZone = zoneOf(committee);
    const params = localised(asked, timeZone);
    if (FEC_ONLY.includes(report) && committee.jurisdiction !== 'US-FEC-CANDIDATE') throw new ReportParamsError(`${report} is filed by US FEC candidate committees; ${committee.committeeId} is ${committee.jurisdiction}`);
    if (PPERA_ONLY.includes(report) && !committee.jurisdiction.startsWith('UK-PPERA-')) throw new ReportParamsError(`${report} is filed by UK PPERA parties; ${committee.committeeId} is ${committee.jurisdiction}`);
    if (report === 'ppera-weekly') weeklyPeriodOf(committee, params.weekStarting ?? '');
    if (CEA_ONLY.includes(report) && committee.jurisdiction !== 'CA-CEA-PARTY') throw new ReportParamsError(`${report} is filed by Canadian registered parties; ${committee.committeeId} is ${committee.jurisdiction}`);
    const where = { committeeId: committee.committeeId };
    if (report === 'remedies-due' || report === 'review-queue') {
      const rows = await readReportRows(this.readModels, reportComplianceCases, where);
      const input = { committeeId: committee.committeeId, rows, asOf: params.asOf ?? '', timeZone };
      return report === 'remedies-due' ? output(remediesDue({ ...input, filing: filingCommitteeOf(committee, input.asOf, timeZone) }), remediesTable) : output(reviewQueueReport(input), reviewQueueTable);
    }
    if (report === 'rewards-granted') {
      const result = rewardsGranted({ committeeId: committee.committeeId, rows: await readReportRows(this.readModels, reportRewardGrants, where), from: params.from ?? '', to: params.to ?? '' });
      return output(result, (r) => ({ header: ['grant_id', 'campaign_id', 'tier_id', 'donation_id', 'reward_kind', 'granted_at'], rows: r.grants.map((g) => [g.grantId, g.campaignId, g.tierId, g.donationId, g.rewardKind, g.grantedAt]) }));
    }
    const rows = [...(await readReportRows(this.readModels, reportDonations, where)), ...(await this.unitRows(committee, report, asked))];
    const fecFiling = report === 'fec-schedule-a' || report === 'fec-report';
    const conduits = fecFiling ? await this.conduitsOf([...new Set(rows.map((r) => r.campaignId))]) : new Map();
    // Donor identities an officer linked are one contributor on the filings that state aggregates (issue 14, item 12).
    const linkedDonors = fecFiling ? linksInForce(await readReportRows(this.readModels, reportDonorLinks, where)) : [];
    const benefits = PPERA_ONLY.includes(report) ? await this.benefits([...new Set([committee.committeeId, ...rows.map((r) => r.committeeId)])]) : new Map<string, bigint>();
    const run = (donors: ReadonlyMap<string, DonorView>): ReportOutput => this.donationReport(committee, report, { ...params, conduits, linkedDonors }, rows, donors, benefits);
    const shown = donationIdsOf(run(new Map()).json);
    return run(await this.donorViews(rows.filter((r) => shown.has(r.donationId)), disclose));
  }

  /** A UK party's quarterly report at the central level covers its accounting units' donations too (PPERA s.62(11), (12)). */
  private async unitRows(committee: ReportCommittee, report: CommitteeReport, params: ReportParams): Promise<DonationRow[]> {
    if (report !== 'ppera-quarterly' || committee.jurisdiction !== 'UK-PPERA-PARTY' || (params.level ?? 'central') !== 'central') return [];
    const units = committee.accountingUnits ?? [];
    return (await Promise.all(units.map((committeeId) => readReportRows(this.readModels, reportDonations, { committeeId })))).flat();
  }

  /** The campaign's stored totals, read as `/totals` reads them, with the distribution of its gifts. */
  async campaignTotals(campaignId: string, jurisdiction: JurisdictionProfile): Promise<ReportOutput> {
    const totals = await readCampaignTotals(this.readModels, campaignId);
    const rows = await readReportRows(this.readModels, reportDonations, { campaignId });
    return output(campaignTotalsOf(totals, rows, { campaignId, jurisdiction }), campaignTotalsTable);
  }

  /**
   * The conduit's report of earmarked contributions over its campaigns, with the reconciliation
   * against what each recipient booked from them. The campaigns are found through the
   * recipients' rows (their campaigns whose committee is this conduit); the conduit's side is
   * then read by campaign, the recipients' side by committee: two paths through the rows.
   */
  async conduitEarmarks(conduit: ConduitFiler, params: ReportParams, disclose: boolean): Promise<ReportOutput> {
    const recipientRows = new Map(await Promise.all([...conduit.recipients.keys()].map(async (id) => [id, await readReportRows(this.readModels, reportDonations, { committeeId: id })] as const)));
    const seen = [...new Set([...recipientRows.values()].flat().map((r) => r.campaignId))];
    const campaignIds = new Set([...(await this.conduitsOf(seen))].filter(([, c]) => c.committeeId === conduit.committeeId).map(([campaignId]) => campaignId));
    const rows = (await Promise.all([...campaignIds].map((campaignId) => readReportRows(this.readModels, reportDonations, { campaignId })))).flat();
    const run = (donors: ReadonlyMap<string, DonorView>) => conduitEarmarks({ conduit, rows, donors, from: params.from ?? '', to: params.to ?? '' });
    const shown = new Set(run(new Map()).lines.map((l) => l.donationId));
    const report = run(await this.donorViews(rows.filter((r) => shown.has(r.donationId)), disclose));
    return output({ ...report, reconciliation: reconcileEarmarks(report, recipientRows, campaignIds) }, conduitEarmarksTable);
  }

  /**
   * The market value of the rewards granted for each donation (PPERA s.50, s.53): a UK report
   * values a donation as compliance did, net of the benefits its donor received.
   */
  private async benefits(committeeIds: readonly string[]): Promise<Map<string, bigint>> {
    const byDonation = new Map<string, bigint>();
    const grants = (await Promise.all(committeeIds.map((committeeId) => readReportRows(this.readModels, reportRewardGrants, { committeeId })))).flat();
    for (const grant of grants) byDonation.set(grant.donationId, (byDonation.get(grant.donationId) ?? 0n) + grant.fairMarketValueMinor);
    return byDonation;
  }

  private donationReport(
    committee: ReportCommittee,
    report: CommitteeReport,
    params: ReportParams & { conduits?: ReadonlyMap<string, { name: string; fecId: string }>; linkedDonors?: readonly DonorLinkPair[] },
    rows: DonationRow[],
    donors: ReadonlyMap<string, DonorView>,
    benefits: ReadonlyMap<string, bigint>,
  ): ReportOutput {
    const { committeeId, elections } = committee;
    const timeZone = zoneOf(committee);
    switch (report) {
      case 'fec-schedule-a':
        return output(
          scheduleA({ committee: { committeeId, elections, timeZone, filerCommitteeId: params.filerCommitteeId }, rows, donors, from: params.from ?? '', to: params.to ?? '', conduitsByCampaign: params.conduits, linkedDonors: params.linkedDonors }),
          scheduleATable,
        );
      case 'fec-report':
        return fecReportOutput(fecReport({ committee: { committeeId, elections, timeZone, filerCommitteeId: params.filerCommitteeId, name: committee.name }, rows, donors, from: params.from ?? '', to: params.to ?? '', treasurerName: params.treasurerName ?? '', signedOn: params.signedOn, reportCode: params.reportCode, conduitsByCampaign: params.conduits, linkedDonors: params.linkedDonors }));
      case 'fec-48-hour-notices':
        return noticesOutput(fortyEightHourNotices({ committeeId, elections: elections.filter((e) => params.electionId === undefined || e.electionId === params.electionId), rows, donors, timeZone }), committee, params);
      case 'ppera-quarterly': {
        const level = params.level ?? (committee.jurisdiction === 'UK-PPERA-ACCOUNTING-UNIT' ? 'accounting_unit' : 'central');
        const units = (committee.accountingUnits ?? []).map((id) => ({ committeeId: id, name: committee.accountingUnitNames?.get(id) ?? id }));
        const result =
          level === 'central' && units.length > 0 && committee.jurisdiction === 'UK-PPERA-PARTY'
            ? pperaPartyQuarterlyReport({ committeeId, units, rows, donors, benefits, year: params.year ?? 0, quarter: params.quarter ?? 0 })
            : pperaQuarterlyReport({ committeeId, rows, donors, benefits, year: params.year ?? 0, quarter: params.quarter ?? 0, level });
        return withUkReturn(output(result, pperaTable), result, { periodName: ukQuarterName(result), accountingUnitName: level === 'central' ? 'Central Party' : (committee.name ?? committeeId), prePoll: false });
      }
      case 'ppera-weekly': {
        const period = weeklyPeriodOf(committee, params.weekStarting ?? '');
        const result = pperaWeeklyReport({ committeeId, rows, donors, benefits, weekStarting: period.from, period });
        return withUkReturn(output(result, pperaTable), result, { periodName: ukWeekName(result), accountingUnitName: 'Central Party', prePoll: true });
      }
      case 'cea-contributions':
        return output(ceaYear(() => ceaContributionsReport({ committeeId, rows, donors, year: params.year ?? 0, timeZone }), params.year), ceaContributionsTable);
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
      // The partners a partnership's gift is attributed to, each opened with their own key.
      for (const share of row.attribution?.shares ?? []) {
        const key = partnerViewKey(row.donationId, share.donorId);
        if (!disclose || this.vault === null) views.set(key, { status: 'withheld' });
        else {
          const opened = await this.vault.open(share.donorId, share.sealedPii);
          views.set(key, opened.status === 'open' ? disclosed(opened.data) : { status: 'erased' });
        }
      }
    }
    return views;
  }
}

function output<T>(result: T, table: (result: T) => Tabular): ReportOutput {
  return { json: toJsonValue(result), table: table(result) };
}

/** The notices, each window's Form 6 beside them; the file of one Form 6 once the signer is named and the window is one. */
function noticesOutput(notices: FortyEightHourNotices, committee: ReportCommittee, params: ReportParams): ReportOutput {
  const forms = form6Notices(notices, { filerCommitteeId: params.filerCommitteeId ?? committee.committeeId, committeeName: committee.name ?? committee.committeeId, signerName: params.treasurerName ?? '', signedOn: params.signedOn });
  const result = output({ ...notices, forms: forms.map(({ file: _file, ...form }) => form) }, fortyEightHourNoticesTable);
  if (params.treasurerName === undefined || params.filerCommitteeId === undefined) return { ...result, fileUnavailable: 'a Form 6 is filed under an FEC id and signed: give filerCommitteeId and treasurerName' };
  if (forms.length !== 1) return { ...result, fileUnavailable: `${forms.length} notice windows hold contributions: choose one with electionId` };
  return { ...result, file: { name: forms[0].fileName, contentType: 'text/plain; charset=us-ascii', text: forms[0].file } };
}

/** The return to upload to the Electoral Commission, beside the report. */
function withUkReturn(result: ReportOutput, report: { committeeId: string; lines: readonly PperaLine[] }, input: UkReturnInput): ReportOutput {
  try {
    const file = ukReturnFile(report, input);
    return { ...result, file: { name: file.name, contentType: 'text/csv; charset=utf-8', text: file.text } };
  } catch (error) {
    // A value the Commission's formats refuse (an unnamed donor, say) leaves the report and says why there is no file.
    if (error instanceof UkReturnInvalid) return { ...result, fileUnavailable: error.message };
    throw error;
  }
}

/** The JSON names the file; the file itself is served on its own (`format=file`), ASCII as the FEC reads it. */
function fecReportOutput(report: FecReport): ReportOutput {
  const { file, ...json } = report;
  return { json: toJsonValue(json), table: fecReportTable(report), file: { name: report.fileName, contentType: 'text/plain; charset=us-ascii', text: file } };
}

/** The donations a report shows: every `donationId` in its lines, entries or items, at any depth (a filing nests its schedules). */
function donationIdsOf(json: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.donationId === 'string') ids.add(record.donationId);
      Object.values(record).forEach(visit);
    }
  };
  visit(json);
  return ids;
}
