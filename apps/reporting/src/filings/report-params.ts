import { parseDayOrInstant } from '#domain';
import { ReportParamsError, type CommitteeReport, type ReportParams } from '#read-models';
import { auditPeriodOf } from '../audit-request.js';

export type ReportFormat = 'json' | 'csv' | 'file';

type Query = Record<string, unknown>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FEC_ID = /^C\d{8}$/;

/**
 * A report period. A bound given as a bare day is kept as the day: the report reads it as the
 * start of that day in the committee's zone (the runner knows the committee), never UTC midnight.
 */
function period(query: Query): { from: string; to: string } {
  const p = auditPeriodOf(query.from, query.to);
  if ('problem' in p) throw new ReportParamsError(p.problem);
  const bare = (raw: unknown, parsed: string): string => (typeof raw === 'string' && DAY.test(raw) ? raw : parsed);
  return { from: bare(query.from, p.from), to: bare(query.to, p.to) };
}

function integer(query: Query, name: string, min: number, max: number): number {
  const raw = query[name];
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ReportParamsError(`${name} must be an integer from ${min} to ${max}`);
  return Number(raw);
}

/** An instant, or a bare day kept as the day (the committee's local day, not a UTC midnight). */
function asOf(query: Query, now: string): string {
  if (query.asOf === undefined) return now;
  const at = parseDayOrInstant(query.asOf);
  if ('problem' in at) throw new ReportParamsError('asOf must be a real ISO 8601 date or instant');
  // A bare day stays the day: the committee's local day, not the UTC midnight the instant would be.
  if (typeof query.asOf === 'string' && DAY.test(query.asOf)) return query.asOf;
  return at.iso;
}

/** The large-donation threshold in minor units: a positive integer, default the PPERA/FEC-neutral 1,000.00. */
function threshold(query: Query): bigint {
  const raw = query.thresholdMinor ?? '100000';
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) throw new ReportParamsError('thresholdMinor must be a positive integer of minor units');
  return BigInt(raw);
}

function fecFiler(query: Query): { filerCommitteeId: string | undefined } {
  const filer = query.filerCommitteeId;
  if (filer !== undefined && (typeof filer !== 'string' || !FEC_ID.test(filer))) throw new ReportParamsError('filerCommitteeId must be an FEC committee id (C and 8 digits)');
  return { filerCommitteeId: filer as string | undefined };
}

/** Who signs a filing and when: the treasurer's name is required; the day defaults to the period's last, so a cut gives the same file. */
function filingSignature(query: Query): { treasurerName: string; signedOn?: string; reportCode?: string } {
  const { treasurerName, signedOn, reportCode } = query;
  if (typeof treasurerName !== 'string' || !/\p{L}.*\s+.*\p{L}/u.test(treasurerName) || treasurerName.length > 100) throw new ReportParamsError('treasurerName must be the treasurer\'s first and last name');
  if (signedOn !== undefined && (typeof signedOn !== 'string' || !DAY.test(signedOn))) throw new ReportParamsError('signedOn must be a day, YYYY-MM-DD');
  if (reportCode !== undefined && (typeof reportCode !== 'string' || !/^[0-9A-Z]{2,3}$/.test(reportCode))) throw new ReportParamsError('reportCode must be an FEC report code (Q1, Q2, Q3, YE, 12G, 30G, …)');
  return { treasurerName, signedOn: signedOn as string | undefined, reportCode: reportCode as string | undefined };
}

export function reportParamsOf(report: CommitteeReport, query: Query, now: string): ReportParams {
  switch (report) {
    case 'fec-schedule-a':
      return { ...period(query), ...fecFiler(query) };
    case 'fec-report': {
      // A report is filed under the committee's FEC id; our committee id is no FEC id.
      if (query.filerCommitteeId === undefined) throw new ReportParamsError('filerCommitteeId is required: the FEC id (C and 8 digits) the report is filed under');
      return { ...fecFiler(query), ...period(query), ...filingSignature(query) };
    }
    case 'fec-48-hour-notices': {
      const electionId = query.electionId;
      if (electionId !== undefined && (typeof electionId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(electionId))) throw new ReportParamsError('electionId must be one of the committee\'s election ids');
      return { ...fecFiler(query), electionId: electionId as string | undefined, ...(query.treasurerName === undefined ? {} : filingSignature(query)) };
    }
    case 'ppera-quarterly': {
      // Unset: the committee's own profile says (an accounting unit's, or the central party's).
      const level = query.level;
      if (level !== undefined && level !== 'central' && level !== 'accounting_unit') throw new ReportParamsError('level must be central or accounting_unit');
      return { year: integer(query, 'year', 2000, 2099), quarter: integer(query, 'quarter', 1, 4), level };
    }
    case 'ppera-weekly': {
      const week = query.weekStarting;
      if (typeof week !== 'string' || !DAY.test(week) || 'problem' in parseDayOrInstant(week)) throw new ReportParamsError('weekStarting must be a real day, YYYY-MM-DD');
      return { weekStarting: week };
    }
    case 'cea-contributions':
      return { year: integer(query, 'year', 2015, 2099) };
    case 'large-donations':
      return { ...period(query), thresholdMinor: threshold(query) };
    case 'remedies-due':
    case 'review-queue':
      return { asOf: asOf(query, now) };
    case 'rewards-granted':
      return period(query);
  }
}

export function formatOf(query: Query, accept: string | undefined): ReportFormat {
  const format = query.format;
  if (format === 'csv' || format === 'json' || format === 'file') return format;
  if (format !== undefined) throw new ReportParamsError('format must be json, csv or file');
  return accept?.includes('text/csv') ? 'csv' : 'json';
}

/** A report period alone (`from`, `to`), as the conduit's earmark report takes it. */
export const periodParamsOf = (query: Query): ReportParams => period(query);
