import { toMajorString, type DonorType, type InKindGift } from '#contracts';
import { amountOf, countedValueMinor, dayInZone, rulePackFor, UK_TIME_ZONE } from '#compliance-rules';
import { mannerOfRefund } from '#domain';
import { countedOf, type DonationRow } from './donation-row.js';
import { displayName, donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';
import type { Tabular } from '../reports/report-format.js';

export type PperaLevel = 'central' | 'accounting_unit';

/**
 * PPERA's reporting figures, read from the rule pack in force for the calendar year (one place:
 * libs/compliance-rules ppera-packs.ts): a payment whose value is £500 or less is not a donation
 * (s.52(2)); a central party reports a source once its donations in a calendar year pass the
 * reporting threshold (£11,180 from 2024), then each further £2,230; an accounting unit reports
 * at £2,230 each time.
 */
export function pperaThresholds(level: PperaLevel, year: number): { minimumMinor: bigint; initialMinor: bigint; subsequentMinor: bigint; rulePackVersion: string } {
  const pack = rulePackFor(level === 'central' ? 'UK-PPERA-PARTY' : 'UK-PPERA-ACCOUNTING-UNIT', `${year}-07-01T12:00:00.000Z`);
  const figure = (id: Parameters<typeof amountOf>[1]): bigint => {
    const value = amountOf(pack, id);
    if (value === null) throw new Error(`rule pack ${pack.version} sets no ${id}`);
    return value;
  };
  return { minimumMinor: figure('permissibilityThreshold'), initialMinor: figure('reportingThreshold'), subsequentMinor: figure('subsequentReportingThreshold'), rulePackVersion: pack.version };
}

/** Market value of the benefits each donation's donor received for it (PPERA s.50, s.53), by donation id. */
export type BenefitsByDonation = ReadonlyMap<string, bigint>;

/** What a donation is worth to PPERA now: what is still held less its benefits, nothing at £500 or less (the value compliance counted). */
export function netValueOf(row: DonationRow, benefits: BenefitsByDonation | undefined, minimumMinor: bigint): bigint {
  return countedValueMinor({ keptMinor: countedOf(row).countedMinor, benefitsMinor: benefits?.get(row.donationId) ?? 0n, disregardAtOrBelowMinor: minimumMinor });
}

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
  // The register has no status of its own for a co-operative or community benefit society: PPERA
  // s.54(2)(f) names it with friendly societies, and the register lists both as Friendly Society.
  registered_society: 'Friendly Society',
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

/**
 * The UK day a donation was accepted (its receipt while undecided). PPERA s.62(3) makes a
 * donation accepted during a year a relevant donation of that year: the calendar year of the
 * aggregate thresholds is the year of this day, not of receipt (they differ only at New Year).
 */
export const acceptedDayOf = (row: DonationRow): string => ukDayOf(row.acceptedAt ?? row.receivedAt);
const yearOf = (day: string): number => Number(day.slice(0, 4));

/** Why a line is reported; party_aggregate_over_threshold: a source's donations across the central party and its units passed £11,180 (s.62(12)). */
export type ReportedBecause = 'single_over_threshold' | 'aggregate_over_threshold' | 'further_over_threshold' | 'party_aggregate_over_threshold';

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
  /** What a non-cash donation was (its nature, description, valuation basis); null for money and for a gift whose details were not recorded. */
  inKind: InKindGift | null;
  reportedBecause: ReportedBecause;
  /** Sch.6 para 5(1)(b): in a party's report covering its accounting units, who the donation was made to (the central party or the unit's name). */
  madeTo?: string;
  /** Sch.6 para 5(1)(b)(ii): a donation reported because s.62(12) treats it as made to the party. */
  treatedAsMadeToParty?: boolean;
}

interface Relevant {
  row: DonationRow;
  day: string;
  valueMinor: bigint;
}

export interface PperaMark {
  year: number;
  quarter: number;
  because: ReportedBecause;
  aggregate: bigint;
  day: string;
  value: bigint;
}

/**
 * When each donation becomes reportable: a source's donations aggregate per calendar year in
 * which they were accepted (UK time, s.62(3)), at their net value; once its unreported ones pass the threshold in force
 * (the initial one, then the subsequent one), they are reported in the quarter the donation
 * that passed it was ACCEPTED (PPERA Sch.6 para 5: a donation is reported in the quarter the
 * party accepted it), not the quarter it arrived.
 */
export function reportable(rows: readonly DonationRow[], level: PperaLevel, benefits: BenefitsByDonation | undefined): Map<DonationRow, PperaMark> {
  const out = new Map<DonationRow, PperaMark>();
  const years = new Set(rows.map((row) => yearOf(acceptedDayOf(row))));
  for (const year of years) {
    const thresholds = pperaThresholds(level, year);
    const relevant: Relevant[] = rows
      .map((row) => ({ row, day: ukDayOf(row.receivedAt), valueMinor: netValueOf(row, benefits, thresholds.minimumMinor) }))
      .filter((r) => r.row.acceptedMinor > 0n && yearOf(acceptedDayOf(r.row)) === year && r.valueMinor > 0n)
      .sort((a, b) => Date.parse(a.row.acceptedAt ?? a.row.receivedAt) - Date.parse(b.row.acceptedAt ?? b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId));
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
      const acceptedDay = acceptedDayOf(r.row);
      let running = source.yearMinor - source.pendingMinor;
      for (const p of source.pending) {
        running += p.valueMinor;
        out.set(p.row, { year: Number(acceptedDay.slice(0, 4)), quarter: ukQuarterOf(acceptedDay), because, aggregate: running, day: p.day, value: p.valueMinor });
      }
      Object.assign(source, { reported: true, pending: [], pendingMinor: 0n });
    }
  }
  return out;
}

export function lineOf(row: DonationRow, mark: { because: ReportedBecause; aggregate: bigint; day: string; value: bigint }, donors: DonorViews): PperaLine {
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
    inKind: row.inKind ?? null,
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
  /** Impermissible or unidentifiable donations received in the quarter, with how and when they went back. */
  returned: PperaReturnLine[];
}

/**
 * A donation over £500 the party could not keep (PPERA s.54, s.56), as the Electoral
 * Commission's quarterly return lists it: when it came, why it was not kept, the manner it was
 * dealt with (returned to the donor or the transferor, paid to the Commission, forfeited; while
 * still due, what the law requires) and the day it was dealt with (null while still due).
 */
export interface PperaReturnLine {
  donationId: string;
  donorId: string;
  donorStatus: string;
  receivedOn: string;
  valueMinor: bigint;
  reason: string;
  manner: string;
  dueOn: string | null;
  /** The UK day it was dealt with (returned, paid to the Commission, forfeited); null while due. */
  returnedOn: string | null;
  /** The payment, receipt or court order an officer recorded it under; null otherwise. */
  reference: string | null;
}

/**
 * Impermissible or unidentifiable donations (PPERA s.54(1)) for the quarter's report. s.62(9)
 * records such a donation in the report of the period in which it was dealt with under s.56(2)
 * (s.62A(2)(b), (4) name the same period), with the date received and the date and manner it was
 * dealt with (Sch.6 para 6, 7): a donation sent back is listed in the quarter (UK day) of its
 * return, not of its receipt. One not yet dealt with is listed, still due, in the quarter it was
 * received, so the treasurer sees it before its deadline.
 */
export function returnedIn(rows: readonly DonationRow[], year: number, quarter: number, minimumMinor: bigint): PperaReturnLine[] {
  return rows
    .filter((row) => row.receivedMinor > minimumMinor)
    .filter((row) => (row.returnRequired ?? null) !== null || (row.decision === 'flagged' && row.refundedMinor + row.chargedBackMinor >= row.receivedMinor))
    .map((row) => ({ row, day: ukDayOf(row.receivedAt), disposal: disposalOf(row) }))
    .filter(({ day, disposal }) => Number((disposal?.on ?? day).slice(0, 4)) === year && ukQuarterOf(disposal?.on ?? day) === quarter)
    .sort((a, b) => Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId))
    .map(({ row, day, disposal }) => {
      const required = row.returnRequired ?? null;
      return {
        donationId: row.donationId,
        donorId: row.donorId,
        donorStatus: DONOR_STATUS[row.donorType],
        receivedOn: day,
        valueMinor: row.receivedMinor,
        reason: required?.code ?? row.flags.map((f) => f.code).join(' '),
        manner: disposal?.manner ?? required?.action ?? 'return_to_donor',
        dueOn: required?.dueOn ?? null,
        returnedOn: disposal?.on ?? null,
        reference: disposal?.reference ?? null,
      };
    });
}

/**
 * How and on which UK day a donation the party could not keep was dealt with, or null while it
 * is still due: what the officer recorded (ImpermissibleDonationDealtWith, a committee-local day,
 * London for a UK party), otherwise a refund in full, on the day of its last part, in the manner
 * a refund returns money (mannerOfRefund).
 */
function disposalOf(row: DonationRow): { manner: string; on: string; reference: string | null } | null {
  const recorded = row.dealtWith ?? null;
  if (recorded !== null) return { manner: recorded.manner, on: recorded.dealtWithOn, reference: recorded.reference };
  const lastBack = (row.reversals ?? []).at(-1)?.at ?? null;
  if (row.refundedMinor + row.chargedBackMinor < row.receivedMinor || lastBack === null) return null;
  const required = row.returnRequired ?? null;
  return { manner: mannerOfRefund(required?.action ?? 'return_to_donor'), on: ukDayOf(lastBack), reference: null };
}

/** The quarterly donation report (PPERA s.62) of a committee, for one calendar quarter in UK time. */
export function pperaQuarterlyReport(input: { committeeId: string; rows: readonly DonationRow[]; donors: DonorViews; year: number; quarter: number; level?: PperaLevel; benefits?: BenefitsByDonation }): PperaQuarterlyReport {
  const level = input.level ?? 'central';
  const marks = reportable(input.rows.filter((r) => r.committeeId === input.committeeId), level, input.benefits);
  const lines = [...marks]
    .filter(([, m]) => m.year === input.year && m.quarter === input.quarter)
    .sort(([a], [b]) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId))
    .map(([row, m]) => lineOf(row, m, input.donors));
  const returned = returnedIn(input.rows.filter((r) => r.committeeId === input.committeeId), input.year, input.quarter, pperaThresholds(level, input.year).minimumMinor);
  return { committeeId: input.committeeId, year: input.year, quarter: input.quarter, level, totalMinor: lines.reduce((s, l) => s + l.valueMinor, 0n), lines, returned };
}

export interface PperaWeeklyReport {
  committeeId: string;
  /** The general election period and its week (s.63(1)); absent in a report run on a bare week. */
  periodId?: string;
  week?: number;
  weekStarting: string;
  /** The week's last day: six days on, or the poll for a final shorter period (s.63(1)(c)). */
  weekEnding: string;
  /** A week with nothing to report still needs a (nil) return during the election period. */
  nil: boolean;
  totalMinor: bigint;
  lines: PperaLine[];
}

/**
 * The weekly pre-poll report (PPERA s.63): each donation over the central reporting threshold
 * (£11,180, from the pack in force) RECEIVED in the week (UK days), accepted or still pending a
 * decision; one refused is not the party's. Its value is the net value (less benefits), or,
 * while pending, what was received.
 */
export function pperaWeeklyReport(input: {
  committeeId: string;
  rows: readonly DonationRow[];
  donors: DonorViews;
  weekStarting: string;
  /** The reporting period (WeeklyReportingPeriod of compliance-rules); without it, seven days from weekStarting. */
  period?: { periodId: string; week: number; to: string };
  benefits?: BenefitsByDonation;
}): PperaWeeklyReport {
  const start = Date.parse(`${input.weekStarting}T00:00:00Z`);
  const weekEnding = input.period?.to ?? new Date(start + 6 * 86_400_000).toISOString().slice(0, 10);
  const thresholds = pperaThresholds('central', Number(input.weekStarting.slice(0, 4)));
  const pending = (row: DonationRow): boolean => row.decision === null || row.decision === 'flagged';
  const lines = input.rows
    .filter((r) => r.committeeId === input.committeeId && (r.acceptedMinor > 0n || pending(r)))
    .map((row) => ({ row, day: ukDayOf(row.receivedAt), value: pending(row) ? netValueOf({ ...row, acceptedMinor: row.receivedMinor }, input.benefits, thresholds.minimumMinor) : netValueOf(row, input.benefits, thresholds.minimumMinor) }))
    .filter((r) => r.day >= input.weekStarting && r.day <= weekEnding && r.value > thresholds.initialMinor)
    .sort((a, b) => Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt))
    .map((r) => lineOf(r.row, { because: 'single_over_threshold', aggregate: r.value, day: r.day, value: r.value }, input.donors));
  const named = input.period ? { periodId: input.period.periodId, week: input.period.week } : {};
  return { committeeId: input.committeeId, ...named, weekStarting: input.weekStarting, weekEnding, nil: lines.length === 0, totalMinor: lines.reduce((s, l) => s + l.valueMinor, 0n), lines };
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
