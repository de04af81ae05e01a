import { toMajorString, type DonorType } from '#contracts';
import { dayInZone, UK_TIME_ZONE } from '#compliance-rules';
import { countedOf, type DonationRow } from './donation-row.js';
import { displayName, donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';
import type { Tabular } from '../reports/report-format.js';

/**
 * PPERA's reporting figures (s.62 and s.63 as varied from 1 January 2024 by the Elections Act
 * 2022 and SI 2023/1372): a payment of £500 or less is not a donation (s.52(2), Sch.7 para 2);
 * a central party reports a source once its donations in a calendar year pass £11,180, and
 * then each further £2,230; an accounting unit reports at £2,230 each time.
 */
export const PPERA_MINIMUM_MINOR = 50_000n;
export const PPERA_THRESHOLDS = Object.freeze({
  central: { initialMinor: 1_118_000n, subsequentMinor: 223_000n },
  accounting_unit: { initialMinor: 223_000n, subsequentMinor: 223_000n },
});
export type PperaLevel = keyof typeof PPERA_THRESHOLDS;

/** The donor categories of the Electoral Commission's donation returns. */
const DONOR_STATUS: Readonly<Record<DonorType, string>> = {
  individual: 'Individual',
  company: 'Company',
  trade_union: 'Trade Union',
  other: 'Other',
  registered_party: 'Registered Political Party',
  building_society: 'Building Society',
  llp: 'Limited Liability Partnership',
  friendly_society: 'Friendly Society',
  registered_society: 'Registered Society',
  unincorporated_association: 'Unincorporated Association',
  candidate: 'Individual',
  candidate_committee: 'Other',
  multicandidate_pac: 'Other',
  pac: 'Other',
  party_committee: 'Other',
  partnership: 'Other',
  llc: 'Other',
  single_member_llc: 'Other',
};

/** The UK calendar day of an instant: quarters and years of PPERA run on UK time (BST in summer), as compliance counts them. */
export function ukDayOf(at: string): string {
  const day = dayInZone(at, UK_TIME_ZONE);
  if (day === null) throw new RangeError(`${at} is not an instant with a time zone`);
  return day;
}
export const ukQuarterOf = (day: string): number => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;

export type ReportedBecause = 'single_over_threshold' | 'aggregate_over_threshold' | 'further_over_threshold';

export interface PperaLine {
  donationId: string;
  donorId: string;
  donorStatus: string;
  /** Company, party or society registration number: public register data, shown to every reader. */
  registrationNumber: string | null;
  donor: DonorView;
  receivedOn: string;
  acceptedOn: string | null;
  /** The value still held: accepted less anything returned. */
  valueMinor: bigint;
  /** The source's donations (over £500) in the calendar year so far, this one included. */
  aggregateInYearMinor: bigint;
  nature: 'cash' | 'non_cash';
  reportedBecause: ReportedBecause;
}

interface Relevant {
  row: DonationRow;
  day: string;
  valueMinor: bigint;
}

/**
 * When each of a year's donations becomes reportable: in the quarter where its source's
 * unreported donations pass the threshold in force (the initial one, then the subsequent one).
 */
function reportable(rows: readonly DonationRow[], year: number, level: PperaLevel): Map<DonationRow, { quarter: number; because: ReportedBecause; aggregate: bigint; day: string; value: bigint }> {
  const thresholds = PPERA_THRESHOLDS[level];
  const relevant: Relevant[] = rows
    .map((row) => ({ row, day: ukDayOf(row.receivedAt), valueMinor: countedOf(row).countedMinor }))
    .filter((r) => r.row.acceptedMinor > 0n && Number(r.day.slice(0, 4)) === year && r.valueMinor > PPERA_MINIMUM_MINOR)
    .sort((a, b) => Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId));
  const out = new Map<DonationRow, { quarter: number; because: ReportedBecause; aggregate: bigint; day: string; value: bigint }>();
  const bySource = new Map<string, { reported: boolean; pending: Relevant[]; pendingMinor: bigint; yearMinor: bigint }>();
  for (const r of relevant) {
    const source = bySource.get(r.row.donorId) ?? { reported: false, pending: [], pendingMinor: 0n, yearMinor: 0n };
    bySource.set(r.row.donorId, source);
    source.pending.push(r);
    source.pendingMinor += r.valueMinor;
    source.yearMinor += r.valueMinor;
    const threshold = source.reported ? thresholds.subsequentMinor : thresholds.initialMinor;
    if (source.pendingMinor <= threshold) continue;
    const because: ReportedBecause = source.reported ? 'further_over_threshold' : source.pending.length === 1 ? 'single_over_threshold' : 'aggregate_over_threshold';
    let running = source.yearMinor - source.pendingMinor;
    for (const p of source.pending) {
      running += p.valueMinor;
      out.set(p.row, { quarter: ukQuarterOf(r.day), because, aggregate: running, day: p.day, value: p.valueMinor });
    }
    Object.assign(source, { reported: true, pending: [], pendingMinor: 0n });
  }
  return out;
}

function lineOf(row: DonationRow, mark: { because: ReportedBecause; aggregate: bigint; day: string; value: bigint }, donors: DonorViews): PperaLine {
  return {
    donationId: row.donationId,
    donorId: row.donorId,
    donorStatus: DONOR_STATUS[row.donorType],
    registrationNumber: row.registrationNumber ?? null,
    donor: donorViewOf(donors, row.donationId),
    receivedOn: mark.day,
    acceptedOn: row.acceptedAt === null ? null : ukDayOf(row.acceptedAt),
    valueMinor: mark.value,
    aggregateInYearMinor: mark.aggregate,
    nature: row.paymentMethod === 'in_kind' ? 'non_cash' : 'cash',
    reportedBecause: mark.because,
  };
}

export interface PperaQuarterlyReport {
  committeeId: string;
  year: number;
  quarter: number;
  level: PperaLevel;
  totalMinor: bigint;
  lines: PperaLine[];
}

/** The quarterly donation report (PPERA s.62) of a committee, for one calendar quarter in UK time. */
export function pperaQuarterlyReport(input: { committeeId: string; rows: readonly DonationRow[]; donors: DonorViews; year: number; quarter: number; level?: PperaLevel }): PperaQuarterlyReport {
  const level = input.level ?? 'central';
  const marks = reportable(input.rows.filter((r) => r.committeeId === input.committeeId), input.year, level);
  const lines = [...marks]
    .filter(([, m]) => m.quarter === input.quarter)
    .sort(([a], [b]) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId))
    .map(([row, m]) => lineOf(row, m, input.donors));
  return { committeeId: input.committeeId, year: input.year, quarter: input.quarter, level, totalMinor: lines.reduce((s, l) => s + l.valueMinor, 0n), lines };
}

export interface PperaWeeklyReport {
  committeeId: string;
  weekStarting: string;
  weekEnding: string;
  /** A week with nothing to report still needs a (nil) return during the election period. */
  nil: boolean;
  totalMinor: bigint;
  lines: PperaLine[];
}

/** The weekly pre-poll report (PPERA s.63): each donation over £11,180 received in the week (UK days). */
export function pperaWeeklyReport(input: { committeeId: string; rows: readonly DonationRow[]; donors: DonorViews; weekStarting: string }): PperaWeeklyReport {
  const start = Date.parse(`${input.weekStarting}T00:00:00Z`);
  const weekEnding = new Date(start + 6 * 86_400_000).toISOString().slice(0, 10);
  const lines = input.rows
    .filter((r) => r.committeeId === input.committeeId && r.acceptedMinor > 0n)
    .map((row) => ({ row, day: ukDayOf(row.receivedAt), value: countedOf(row).countedMinor }))
    .filter((r) => r.day >= input.weekStarting && r.day <= weekEnding && r.value > PPERA_THRESHOLDS.central.initialMinor)
    .sort((a, b) => Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt))
    .map((r) => lineOf(r.row, { because: 'single_over_threshold', aggregate: r.value, day: r.day, value: r.value }, input.donors));
  return { committeeId: input.committeeId, weekStarting: input.weekStarting, weekEnding, nil: lines.length === 0, totalMinor: lines.reduce((s, l) => s + l.valueMinor, 0n), lines };
}

const HEADER = ['donation_id', 'donor_status', 'donor_name', 'address_line_1', 'address_line_2', 'city', 'postal_code', 'company_registration_number', 'date_received', 'date_accepted', 'value', 'aggregate_in_year', 'nature', 'reported_because'];

export function pperaTable(report: { lines: readonly PperaLine[] }): Tabular {
  return {
    header: HEADER,
    rows: report.lines.map((l) => {
      const a = l.donor.status === 'disclosed' ? l.donor.address : null;
      const company = l.registrationNumber ?? (l.donor.status === 'disclosed' ? (l.donor.companyNumber ?? '') : '');
      const money = (m: bigint): string => toMajorString(m, 'GBP');
      return [l.donationId, l.donorStatus, displayName(l.donor), a?.line1 ?? '', a?.line2 ?? '', a?.city ?? '', a?.postalCode ?? '', company, l.receivedOn, l.acceptedOn ?? '', money(l.valueMinor), money(l.aggregateInYearMinor), l.nature, l.reportedBecause];
    }),
  };
}
