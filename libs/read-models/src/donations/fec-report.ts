import { cycleOfDay, dayInZone, fecReceiptTypeOf, startOfDayInZone, type FecTransactionType } from '#compliance-rules';
import { splitPersonName } from '#domain';
import type { DonationRow } from './donation-row.js';
import { F3_COLUMNS, FEC_VERSION, fecFileText, fecRecord, fecScheduleRecord, HDR_COLUMNS } from './fec-file.js';
import { fecDollars, fecText, type FecTransaction } from './fec-transactions.js';
import { scheduleA, type FecCommittee, type ScheduleA, type ScheduleAInput } from './schedule-a.report.js';
import { scheduleB, type ScheduleB } from './schedule-b.report.js';
import { inPeriod, type Tabular } from '../reports/report-format.js';
import type { DonorViews } from '../reports/report-donor.js';

export interface FecReportInput {
  committee: FecCommittee & { name?: string };
  rows: readonly DonationRow[];
  donors: DonorViews;
  /** The coverage period [from, to), ISO instants at the committee's local midnights. */
  from: string;
  to: string;
  treasurerName: string;
  /** The day the treasurer signs, YYYY-MM-DD; the coverage's last day unless given, so the same cut gives the same file. */
  signedOn?: string;
  /** Q1, Q2, Q3, YE, 12G, 30G…: the FEC's report code; derived for a calendar quarter when not given. */
  reportCode?: string;
  itemizationThresholdMinor?: bigint;
  /** The conduits behind earmarked lines, by campaign id (ScheduleAInput.conduitsByCampaign). */
  conduitsByCampaign?: ScheduleAInput['conduitsByCampaign'];
  /** The committee's donor links in force: linked identities are one contributor (ScheduleAInput.linkedDonors). */
  linkedDonors?: ScheduleAInput['linkedDonors'];
}

/** The Form 3 figures Hustings holds, in minor units: receipts by line, refunds by line; null where the ledger does not know. */
export interface FecSummaryFigures {
  L11ai: bigint;
  L11aii: bigint;
  L11aiii: bigint;
  L11b: bigint;
  L11c: bigint;
  L11d: bigint;
  L11e: bigint;
  L16: bigint;
  L20a: bigint;
  L20b: bigint;
  L20c: bigint;
  L20d: bigint;
  L6a: bigint;
  L6b: bigint;
  L6c: bigint;
}

export interface FecReport {
  committeeId: string;
  fileName: string;
  period: FecSummaryFigures;
  cycleToDate: FecSummaryFigures;
  scheduleA: ScheduleA;
  scheduleB: ScheduleB;
  /** The FECfile+-style JSON of the same report: header, Form 3 and every transaction. */
  export: { header: FecTransaction; report: FecTransaction; transactions: FecTransaction[] };
  /** The .fec file, byte for byte. */
  file: string;
}

/** Accepted money received in [from, to) per Form 3 line, whatever its itemization. */
function receiptsByLine(rows: readonly DonationRow[], committeeId: string, from: string, to: string): Map<FecTransactionType['summaryLine'], bigint> {
  const lines = new Map<FecTransactionType['summaryLine'], bigint>();
  for (const row of rows) {
    const type = fecReceiptTypeOf(row.donorType, row.paymentMethod === 'in_kind');
    if (row.committeeId !== committeeId || type === null || !inPeriod(row.receivedAt, from, to)) continue;
    const line = type.summaryLine;
    lines.set(line, (lines.get(line) ?? 0n) + row.allocations.reduce((sum, a) => sum + a.amountMinor, 0n));
  }
  return lines;
}

/**
 * The Form 3 lines of a span (the period, or the cycle to date, which is the span from the
 * cycle's start: its 11(a)(i) is what is itemized as of the period's end, so a contributor who
 * passed $200 this period counts there with earlier receipts too): 11(a)(i) is what Schedule A itemizes, 11(a)(ii) the rest of the
 * individuals' receipts, 20(a) every refund and chargeback of accepted money (Schedule B
 * itemizes its part), and 6(a)-(c) the contributions, their refunds and the net. So the net of
 * a whole cycle is the campaign totals' net.
 */
function figures(input: FecReportInput, from: string, to: string): { figures: FecSummaryFigures; a: ScheduleA; b: ScheduleB } {
  const { committee, rows, donors } = input;
  const a = scheduleA({ committee, rows, donors, from, to, itemizationThresholdMinor: input.itemizationThresholdMinor, conduitsByCampaign: input.conduitsByCampaign, linkedDonors: input.linkedDonors });
  const b = scheduleB({ committee, rows, donors, from, to, itemizationThresholdMinor: input.itemizationThresholdMinor, linkedDonors: input.linkedDonors });
  const received = receiptsByLine(rows, committee.committeeId, from, to);
  const itemized = (line: string): bigint => a.lines.filter((l) => !l.memo && l.record.form_type === formOf(line)).reduce((sum, l) => sum + l.amountMinor, 0n);
  const L11aiii = received.get('11ai') ?? 0n;
  const L11ai = itemized('11ai');
  const [L11b, L11c, L11d] = [received.get('11b') ?? 0n, received.get('11c') ?? 0n, received.get('11d') ?? 0n];
  const L11e = L11aiii + L11b + L11c + L11d;
  const refunded = (line: FecTransactionType['summaryLine']): bigint => b.all.filter((l) => l.type.summaryLine === line).reduce((sum, l) => sum + l.amountMinor, 0n);
  const [L20a, L20b, L20c] = [refunded('20a'), refunded('20b'), refunded('20c')];
  const L20d = L20a + L20b + L20c;
  return { a, b, figures: { L11ai, L11aii: L11aiii - L11ai, L11aiii, L11b, L11c, L11d, L11e, L16: L11e, L20a, L20b, L20c, L20d, L6a: L11e, L6b: L20d, L6c: L11e - L20d } };
}

const formOf = (line: string): string => ({ '11ai': 'SA11AI', '11b': 'SA11B', '11c': 'SA11C', '11d': 'SA11D' })[line] ?? '';

/** The committee-local day of an instant (its zone from the committee; UTC when none is given). */
const localDay = (at: string, timeZone: string): string => dayInZone(at, timeZone) ?? at.slice(0, 10);

/**
 * The coverage of [from, to) as the committee's calendar days: the day of its first instant and
 * the day of its last (a period ending at New York's midnight of 1 April, 04:00Z, covers 31
 * March; one ending at 00:00Z, 20:00 in New York on 31 March, covers 31 March too).
 */
export function coverageDays(from: string, to: string, timeZone = 'UTC'): { from: string; through: string } {
  return { from: localDay(from, timeZone), through: localDay(new Date(Date.parse(to) - 1).toISOString(), timeZone) };
}

/** The FEC's quarterly report codes, for a period that is exactly a calendar quarter of the committee's days. */
export function quarterCode(from: string, to: string, timeZone = 'UTC'): string | null {
  const first = localDay(from, timeZone);
  const [year, month, day] = first.split('-').map(Number);
  const quarter = (month - 1) / 3;
  const next = month === 10 ? `${year + 1}-01-01` : `${year}-${String(month + 3).padStart(2, '0')}-01`;
  const exact = Date.parse(from) === Date.parse(startOfDayInZone(first, timeZone)) && Date.parse(to) === Date.parse(startOfDayInZone(next, timeZone));
  if (!Number.isInteger(quarter) || day !== 1 || !exact) return null;
  return ['Q1', 'Q2', 'Q3', 'YE'][quarter];
}

/** The first instant of the election cycle the period starts in: local midnight of 1 January of its odd year. */
const cycleStart = (from: string, timeZone: string): string => startOfDayInZone(`${cycleOfDay(localDay(from, timeZone)) - 1}-01-01`, timeZone);

/**
 * A complete Form 3 report for a period: the header record, the summary page computed from the
 * ledger for the period and the cycle to date, Schedule A and Schedule B, as the .fec file and as
 * the FECfile+-style JSON. Every line of a filing names its contributor, so a report whose lines
 * hold a withheld or erased donor is filed from the JSON only (the file keeps the amounts and
 * the JSON transactions are null for them).
 */
export function fecReport(input: FecReportInput): FecReport {
  const { committee } = input;
  const filer = committee.filerCommitteeId ?? committee.committeeId;
  const period = figures(input, input.from, input.to);
  const timeZone = committee.timeZone ?? 'UTC';
  const cycle = figures(input, cycleStart(input.from, timeZone), input.to);
  const { from: coverageFrom, through } = coverageDays(input.from, input.to, timeZone);
  const treasurer = splitPersonName(input.treasurerName);
  const dollars = (f: FecSummaryFigures, suffix: string): FecTransaction => ({
    [`L6a_total_contributions_${suffix}`]: fecDollars(f.L6a), [`L6b_total_contribution_refunds_${suffix}`]: fecDollars(f.L6b), [`L6c_net_contributions_${suffix}`]: fecDollars(f.L6c),
    [`L11ai_individuals_itemized_${suffix}`]: fecDollars(f.L11ai), [`L11aii_individuals_unitemized_${suffix}`]: fecDollars(f.L11aii), [`L11aiii_total_individual_${suffix}`]: fecDollars(f.L11aiii),
    [`L11b_political_party_committees_${suffix}`]: fecDollars(f.L11b), [`L11c_other_political_committees_${suffix}`]: fecDollars(f.L11c), [`L11d_the_candidate_${suffix}`]: fecDollars(f.L11d),
    [`L11e_total_contributions_${suffix}`]: fecDollars(f.L11e), [`L16_total_receipts_${suffix}`]: fecDollars(f.L16), [`L20a_refunds_to_individuals_${suffix}`]: fecDollars(f.L20a),
    [`L20b_refunds_to_political_party_committees_${suffix}`]: fecDollars(f.L20b), [`L20c_refunds_to_other_political_committees_${suffix}`]: fecDollars(f.L20c),
    [`L20d_total_contribution_refunds_${suffix}`]: fecDollars(f.L20d),
  });
  const header: FecTransaction = { record_type: 'HDR', ef_type: 'FEC', fec_version: FEC_VERSION, soft_name: 'Hustings', soft_ver: '0.1.0', rpt_id: '', rpt_number: '0', hdrcomment: '' };
  const report: FecTransaction = {
    form_type: 'F3N', filer_committee_id_number: filer, committee_name: fecText(committee.name ?? committee.committeeId, 200), change_of_address: false,
    report_code: input.reportCode ?? quarterCode(input.from, input.to, timeZone), coverage_from_date: coverageFrom, coverage_through_date: through,
    treasurer_last_name: fecText(treasurer.last, 30), treasurer_first_name: fecText(treasurer.first, 20), treasurer_middle_name: fecText(treasurer.middle, 20) || null,
    treasurer_prefix: fecText(treasurer.prefix, 10) || null, treasurer_suffix: fecText(treasurer.suffix, 10) || null, date_signed: input.signedOn ?? through,
    ...dollars(period.figures, 'period'), L24_total_receipts_period: fecDollars(period.figures.L16), ...dollars(cycle.figures, 'ytd'),
  };
  const transactions = [...period.a.lines.map((l) => l.transaction), ...period.b.lines.map((l) => l.transaction)].filter((t): t is FecTransaction => t !== null);
  const records = [fecRecord(HDR_COLUMNS, header), fecRecord(F3_COLUMNS, report), ...transactions.map(fecScheduleRecord)];
  return {
    committeeId: committee.committeeId,
    fileName: `${filer}_F3N_${coverageFrom.replaceAll('-', '')}_${through.replaceAll('-', '')}.fec`,
    period: period.figures,
    cycleToDate: cycle.figures,
    scheduleA: period.a,
    scheduleB: period.b,
    export: { header, report, transactions },
    file: fecFileText(records),
  };
}

/** The CSV of the summary page: each line's figure for the period and the cycle to date, in minor units. */
export function fecReportTable(report: FecReport): Tabular {
  return { header: ['line', 'period_minor', 'cycle_to_date_minor'], rows: Object.keys(report.period).map((line) => [line, String(report.period[line as keyof FecSummaryFigures]), String(report.cycleToDate[line as keyof FecSummaryFigures])]) };
}
