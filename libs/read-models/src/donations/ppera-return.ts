import { toMajorString } from '#contracts';
import { splitPersonName } from '#domain';
import type { PperaLine, PperaQuarterlyReport, PperaWeeklyReport } from './ppera.report.js';
import { displayName } from '../reports/report-donor.js';
import { toCsv, type Tabular } from '../reports/report-format.js';

/**
 * A donation return as a file for the Electoral Commission's online reporting system (PEF
 * Online), one row per reportable donation. Sources, as published by the Commission:
 * - what a return must give for each donation: PPERA 2000 Sch.6 para 2 (a donor's name and
 *   address, a company's registration number, value, nature, dates received and accepted) and
 *   "Political parties: reporting donations and loans" (electoralcommission.org.uk, party
 *   guidance, "What details do you need to report?");
 * - the column names and the codes of donor status, donation type and nature of donation:
 *   the Commission's register of donations as it publishes each reported donation
 *   (search.electoralcommission.org.uk, Donations, "Export results": DonorStatus, DonationType,
 *   NatureOfDonation, IsAggregation, IsSponsorship, IsBequest, IsReportedPrePoll, dates as
 *   DD/MM/YYYY, values in pounds).
 * The Commission's own bulk-upload template could not be consulted when this was written: the
 * columns the return needs beyond the register's (the donor's name parts and address) are named
 * in the register's style, and UK_RETURN_COLUMNS is the one list to change if the template
 * names them otherwise. Columns the Commission fills in itself (ECRef, ReportedDate, ids) are
 * not in the file.
 */
export const UK_RETURN_COLUMNS = [
  'ReportingPeriodName', 'AccountingUnitName', 'DonorStatus', 'DonorName', 'DonorTitle', 'DonorFirstName', 'DonorMiddleName', 'DonorLastName',
  'CompanyRegistrationNumber', 'AddressLine1', 'AddressLine2', 'Town', 'Postcode', 'Country', 'Value', 'DonationType', 'NatureOfDonation',
  'ReceivedDate', 'AcceptedDate', 'IsAggregation', 'IsSponsorship', 'IsBequest', 'IsReportedPrePoll', 'DonationAction',
] as const;

/** DonationType: money is "Cash" whatever paid it (card, transfer, cheque); goods, services and property are "Non Cash". */
export const UK_DONATION_TYPE: Readonly<Record<PperaLine['nature'], string>> = Object.freeze({ cash: 'Cash', non_cash: 'Non Cash' });

/**
 * NatureOfDonation is given for non-cash donations only; the ledger records that a donation was
 * in kind but not yet what it was, so it is "Other" until an in-kind description is kept.
 */
export const UK_NON_CASH_NATURE_UNRECORDED = 'Other';

const ukDate = (day: string | null): string => (day === null ? '' : `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`);
const yesNo = (value: boolean): string => (value ? 'True' : 'False');

export interface UkReturnInput {
  /** "Q1 2026", or the pre-poll week. */
  periodName: string;
  accountingUnitName: string;
  prePoll: boolean;
}

function rowOf(line: PperaLine, input: UkReturnInput): string[] {
  const donor = line.donor;
  // DonorStatus comes from ppera.report.ts, which names each donor type as the register does.
  const person = line.donorStatus === 'Individual';
  const name = donor.status === 'disclosed' && person ? splitPersonName(donor.name) : null;
  const address = donor.status === 'disclosed' ? donor.address : null;
  const company = line.registrationNumber ?? (donor.status === 'disclosed' ? (donor.companyNumber ?? '') : '');
  const values: Record<(typeof UK_RETURN_COLUMNS)[number], string> = {
    ReportingPeriodName: input.periodName,
    AccountingUnitName: input.accountingUnitName,
    DonorStatus: line.donorStatus,
    DonorName: displayName(donor),
    DonorTitle: name?.prefix ?? '',
    DonorFirstName: name?.first ?? '',
    DonorMiddleName: name?.middle ?? '',
    DonorLastName: name ? [name.last, name.suffix].filter(Boolean).join(' ') : '',
    CompanyRegistrationNumber: company,
    AddressLine1: address?.line1 ?? '',
    AddressLine2: address?.line2 ?? '',
    Town: address?.city ?? '',
    Postcode: address?.postalCode ?? '',
    Country: address?.country ?? '',
    Value: toMajorString(line.valueMinor, 'GBP'),
    DonationType: UK_DONATION_TYPE[line.nature],
    NatureOfDonation: line.nature === 'non_cash' ? UK_NON_CASH_NATURE_UNRECORDED : '',
    ReceivedDate: ukDate(line.receivedOn),
    AcceptedDate: ukDate(line.acceptedOn),
    IsAggregation: yesNo(line.reportedBecause !== 'single_over_threshold'),
    IsSponsorship: 'False',
    IsBequest: 'False',
    IsReportedPrePoll: yesNo(input.prePoll),
    DonationAction: 'Accepted',
  };
  return UK_RETURN_COLUMNS.map((c) => values[c]);
}

export const ukQuarterName = (report: PperaQuarterlyReport): string => `Q${report.quarter} ${report.year}`;
export const ukWeekName = (report: PperaWeeklyReport): string => `Pre-poll ${ukDate(report.weekStarting)} - ${ukDate(report.weekEnding)}`;

/** The return's table: the Commission's columns, one row per reportable donation, in order of receipt. */
export function ukReturnTable(report: { lines: readonly PperaLine[] }, input: UkReturnInput): Tabular {
  return { header: UK_RETURN_COLUMNS, rows: report.lines.map((l) => rowOf(l, input)) };
}

/** The return as the CSV file to upload (RFC 4180, CRLF), and the name the Commission's periods suggest. */
export function ukReturnFile(report: { committeeId: string; lines: readonly PperaLine[] }, input: UkReturnInput): { name: string; text: string } {
  return { name: `${report.committeeId}_donations_${input.periodName.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}.csv`, text: toCsv(ukReturnTable(report, input)) };
}
