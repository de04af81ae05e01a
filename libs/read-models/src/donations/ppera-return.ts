import { toMajorString, type InKindNature } from '#contracts';
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
 *   NatureOfDonation, PurposeOfVisit, IsAggregation, IsSponsorship, IsBequest, IsReportedPrePoll,
 *   dates as DD/MM/YYYY, values in pounds with pence).
 * Not verified: the Commission's own bulk-upload template could not be consulted (it is not
 * public without a PEF Online account, and this was written offline). The columns the return
 * needs beyond the register's (the donor's name parts and address) are named in the register's
 * style, and the value lists below were checked against the register's published exports, not
 * against the template. UK_RETURN_COLUMNS is the one list to change if the template names or
 * orders them otherwise. Columns the Commission fills in itself (ECRef, ReportedDate, ids) are
 * not in the file.
 */
export const UK_RETURN_COLUMNS = [
  'ReportingPeriodName', 'AccountingUnitName', 'DonorStatus', 'DonorName', 'DonorTitle', 'DonorFirstName', 'DonorMiddleName', 'DonorLastName',
  'CompanyRegistrationNumber', 'AddressLine1', 'AddressLine2', 'Town', 'Postcode', 'Country', 'Value', 'DonationType', 'NatureOfDonation',
  'PurposeOfVisit', 'ReceivedDate', 'AcceptedDate', 'IsAggregation', 'IsSponsorship', 'IsBequest', 'IsReportedPrePoll', 'DonationAction',
] as const;
export type UkReturnColumn = (typeof UK_RETURN_COLUMNS)[number];

/** DonorStatus: the register's fixed list (what it shows for every donation it publishes). */
export const UK_DONOR_STATUSES = [
  'Individual', 'Company', 'Registered Political Party', 'Unincorporated Association', 'Trade Union', 'Building Society',
  'Limited Liability Partnership', 'Friendly Society', 'Trust', 'Public Fund', 'Other', 'Impermissible Donor', 'Unidentifiable Donor',
] as const;

/** DonationType: the register's list for accepted donations from a donor (the others name public funds, trusts and impermissible or unidentified donors). */
export const UK_DONATION_TYPES = ['Cash', 'Non Cash', 'Visit', 'Public Funds', 'Exempt Trust', 'Permissible Donor Exempt Trust', 'Impermissible Donor', 'Unidentified Donor'] as const;

/**
 * NatureOfDonation of a non-cash donation, by what the ledger recorded it as: the register's own
 * words where it has them, "Other" for goods and anything else. A visit is a DonationType of its
 * own with its purpose in PurposeOfVisit and no nature. A gift in kind recorded before its
 * details were kept is "Other".
 */
export const UK_NATURE_OF_DONATION: Readonly<Record<InKindNature, string>> = Object.freeze({
  goods: 'Other',
  administration_services: 'Administration services',
  consultancy_services: 'Consultancy services',
  staff_costs: 'Staff costs',
  premises: 'Premises',
  advertising: 'Advertising',
  hospitality: 'Hospitality',
  travel: 'Travel',
  sponsorship: 'Sponsorship',
  auction_prize: 'Auction prizes',
  visit: '',
  other: 'Other',
});

const ukDate = (day: string | null): string => (day === null ? '' : `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`);
const yesNo = (value: boolean): string => (value ? 'True' : 'False');

export interface UkReturnInput {
  /** "Q1 2026", or the pre-poll week. */
  periodName: string;
  accountingUnitName: string;
  prePoll: boolean;
}

/** DonationType, NatureOfDonation and PurposeOfVisit of a line: money is "Cash" whatever paid it (card, transfer, cheque). */
function natureColumns(line: PperaLine): Pick<Record<UkReturnColumn, string>, 'DonationType' | 'NatureOfDonation' | 'PurposeOfVisit' | 'IsSponsorship'> {
  if (line.nature === 'cash') return { DonationType: 'Cash', NatureOfDonation: '', PurposeOfVisit: '', IsSponsorship: 'False' };
  const gift = line.inKind;
  if (gift?.nature === 'visit') return { DonationType: 'Visit', NatureOfDonation: '', PurposeOfVisit: gift.description, IsSponsorship: 'False' };
  return { DonationType: 'Non Cash', NatureOfDonation: UK_NATURE_OF_DONATION[gift?.nature ?? 'other'], PurposeOfVisit: '', IsSponsorship: yesNo(gift?.nature === 'sponsorship') };
}

function valuesOf(line: PperaLine, input: UkReturnInput): Record<UkReturnColumn, string> {
  const donor = line.donor;
  // DonorStatus comes from ppera.report.ts, which names each donor type as the register does.
  const person = line.donorStatus === 'Individual';
  const name = donor.status === 'disclosed' && person ? splitPersonName(donor.name) : null;
  const address = donor.status === 'disclosed' ? donor.address : null;
  const company = line.registrationNumber ?? (donor.status === 'disclosed' ? (donor.companyNumber ?? '') : '');
  return {
    ReportingPeriodName: input.periodName,
    AccountingUnitName: line.madeTo ?? input.accountingUnitName,
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
    ...natureColumns(line),
    ReceivedDate: ukDate(line.receivedOn),
    AcceptedDate: ukDate(line.acceptedOn),
    IsAggregation: yesNo(line.reportedBecause !== 'single_over_threshold'),
    IsBequest: 'False',
    IsReportedPrePoll: yesNo(input.prePoll),
    DonationAction: 'Accepted',
  };
}

/** A file the Commission would refuse is not made: the report says why instead. */
export class UkReturnInvalid extends Error {}

const DAY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const realDay = (text: string): boolean => {
  const m = DAY.exec(text);
  if (!m) return false;
  const at = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
  return at.getUTCFullYear() === Number(m[3]) && at.getUTCMonth() === Number(m[2]) - 1 && at.getUTCDate() === Number(m[1]);
};
const oneOf = (list: readonly string[]) => (v: string): boolean => list.includes(v);
const BOOLEAN = oneOf(['True', 'False']);

/** Every column's rule, so a value outside the Commission's formats or lists never reaches the file. */
const CHECKS: Readonly<Partial<Record<UkReturnColumn, (value: string, row: Record<UkReturnColumn, string>) => boolean>>> = {
  DonorStatus: oneOf(UK_DONOR_STATUSES),
  DonorName: (v) => v.length > 0,
  Value: (v) => /^\d+\.\d{2}$/.test(v) && v !== '0.00',
  DonationType: oneOf(UK_DONATION_TYPES),
  NatureOfDonation: (v, row) => (row.DonationType === 'Non Cash' ? Object.values(UK_NATURE_OF_DONATION).includes(v) && v !== '' : v === ''),
  PurposeOfVisit: (v, row) => (row.DonationType === 'Visit') === (v !== ''),
  ReceivedDate: realDay,
  AcceptedDate: realDay,
  IsAggregation: BOOLEAN,
  IsSponsorship: BOOLEAN,
  IsBequest: BOOLEAN,
  IsReportedPrePoll: BOOLEAN,
  DonationAction: oneOf(['Accepted']),
};

/** The problems of a row's values, each naming its column; none for a row the Commission's formats take. */
export function ukReturnRowProblems(row: Record<UkReturnColumn, string>): string[] {
  return UK_RETURN_COLUMNS.filter((c) => CHECKS[c] && !CHECKS[c](row[c], row)).map((c) => `${c} ${JSON.stringify(row[c])}`);
}

function rowOf(line: PperaLine, input: UkReturnInput): string[] {
  const values = valuesOf(line, input);
  const problems = ukReturnRowProblems(values);
  if (problems.length) throw new UkReturnInvalid(`donation ${line.donationId} cannot be filed: ${problems.join(', ')}`);
  return UK_RETURN_COLUMNS.map((c) => values[c]);
}

export const ukQuarterName = (report: PperaQuarterlyReport): string => `Q${report.quarter} ${report.year}`;
export const ukWeekName = (report: PperaWeeklyReport): string => `Pre-poll ${ukDate(report.weekStarting)} - ${ukDate(report.weekEnding)}`;

/** The return's table: the Commission's columns, one row per reportable donation, in order of receipt; every value checked (UkReturnInvalid). */
export function ukReturnTable(report: { lines: readonly PperaLine[] }, input: UkReturnInput): Tabular {
  return { header: UK_RETURN_COLUMNS, rows: report.lines.map((l) => rowOf(l, input)) };
}

/** The return as the CSV file to upload (RFC 4180, CRLF), and the name the Commission's periods suggest. */
export function ukReturnFile(report: { committeeId: string; lines: readonly PperaLine[] }, input: UkReturnInput): { name: string; text: string } {
  return { name: `${report.committeeId}_donations_${input.periodName.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}.csv`, text: toCsv(ukReturnTable(report, input)) };
}
