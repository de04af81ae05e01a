import { dayInZone, type FecTransactionType } from '#compliance-rules';
import { splitPersonName } from '#domain';
import type { DonorView } from '../reports/report-donor.js';

/**
 * Transactions as the FEC's electronic filing defines them in JSON (FECfile+,
 * fecgov/fecfile-validate `schema/<TRANSACTION_TYPE>.json`): dates YYYY-MM-DD, amounts as
 * numbers of dollars, `memo_code` a boolean, every text field printable ASCII within the
 * field's length. One object per itemized receipt, refund or memo; the .fec file writes the
 * same values in the FEC's column order.
 */
export type FecValue = string | number | boolean | null;
export type FecTransaction = Record<string, FecValue>;

/** Letters the FEC's ASCII cannot hold, spelled as English writes them. */
const SPELLED: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'Th', ı: 'i' };

/**
 * A text field as the FEC's pattern `^[ -~]{0,n}$` allows: accents dropped ("Núñez" is
 * "Nunez"), a few letters spelled out, anything else printed as "?" so that its place shows,
 * spaces collapsed and the field cut at its length (the schema's maxLength).
 */
export function fecText(value: string | null | undefined, maxLength: number): string {
  if (!value) return '';
  const ascii = [...value.normalize('NFKD').replace(/\p{M}/gu, '')].map((c) => SPELLED[c] ?? c).join('');
  return ascii.replace(/[^ -~]/g, (c) => (/\s/.test(c) ? ' ' : '?')).replace(/\s+/g, ' ').trim().slice(0, maxLength).trim();
}

/** Dollars as the FEC's JSON writes them: a number with at most two decimals, exact for any safe number of cents. */
export const fecDollars = (amountMinor: bigint): number => Number(amountMinor) / 100;

/** YYYY-MM-DD of an instant's UTC day. */
/** YYYY-MM-DD of an instant's calendar day in the committee's zone (UTC when none is given). */
export const fecJsonDate = (at: string, timeZone = 'UTC'): string => dayInZone(at, timeZone) ?? at.slice(0, 10);

/** Who a line names, in the FEC's fields: a person's name split into its parts, an organisation's name whole. */
export interface FecParty {
  organizationName: string;
  last: string;
  first: string;
  middle: string;
  prefix: string;
  suffix: string;
  street1: string;
  street2: string;
  city: string;
  state: string;
  zip: string;
  employer: string;
  occupation: string;
  /** A committee contributor's FEC id (C00…): the extension point of committee receipts. */
  committeeFecId: string;
}

/** "Information requested": what the FEC asks a committee to write where best efforts did not obtain a detail (11 CFR 104.7(b)). */
export const INFORMATION_REQUESTED = 'INFORMATION REQUESTED';

/** An individual or the candidate: named by the parts of a person's name, with employer and occupation. */
export const isPerson = (entityType: FecTransactionType['entityType']): boolean => entityType === 'IND' || entityType === 'CAN';

/**
 * The party of a line from a donor view; null when the person is not disclosed (a filing needs
 * them). A committee's FEC id is the registration number intake took for it (public, unsealed).
 */
export function fecPartyOf(view: DonorView, entityType: FecTransactionType['entityType'], registrationNumber: string | null = null): FecParty | null {
  if (view.status !== 'disclosed') return null;
  const a = view.address;
  const person = isPerson(entityType) ? splitPersonName(view.name) : { last: '', first: '', middle: '', prefix: '', suffix: '' };
  return {
    organizationName: isPerson(entityType) ? '' : fecText(view.name, 200),
    last: fecText(person.last, 30),
    first: fecText(person.first, 20),
    middle: fecText(person.middle, 20),
    prefix: fecText(person.prefix, 10),
    suffix: fecText(person.suffix, 10),
    street1: fecText(a?.line1, 34),
    street2: fecText(a?.line2, 34),
    city: fecText(a?.city, 30),
    state: fecText(a?.region, 2).toUpperCase(),
    zip: fecText(a?.postalCode?.replace(/[\s-]/g, ''), 9),
    employer: fecText(view.employer, 38) || INFORMATION_REQUESTED,
    occupation: fecText(view.occupation, 38) || INFORMATION_REQUESTED,
    committeeFecId: entityType === 'COM' ? fecText(registrationNumber ?? view.companyNumber, 9) : '',
  };
}

const orNull = (value: string): string | null => (value === '' ? null : value);

export interface FecLineBase {
  /** A type without a schema (the candidate's own money) still gives the .fec file its record; its identifier is null. */
  type: FecTransactionType;
  filerCommitteeId: string;
  transactionId: string;
  party: FecParty;
  date: string;
  amountMinor: bigint;
  electionCode: string;
  electionOther: string;
  memoText: string;
  /** A memo line (not added to the totals): an earmark's memo, a redesignation's. */
  memo?: boolean;
  backReference?: { transactionId: string; formType: string } | null;
}

function common(line: FecLineBase): FecTransaction {
  return {
    report_type: 'F3',
    form_type: line.type.formType,
    filer_committee_id_number: line.filerCommitteeId,
    transaction_type_identifier: line.type.transactionTypeIdentifier,
    transaction_id: line.transactionId,
    // Absent rather than null without a back reference: some of the FEC's schemas (IN_KIND_RECEIPT) allow only a string.
    ...(line.backReference ? { back_reference_tran_id_number: line.backReference.transactionId, back_reference_sched_name: line.backReference.formType } : {}),
    entity_type: line.type.entityType,
    election_code: orNull(line.electionCode),
    election_other_description: orNull(fecText(line.electionOther, 20)),
    aggregation_group: 'GENERAL',
    memo_code: line.memo === true,
    memo_text_description: orNull(fecText(line.memoText, 100)),
  };
}

/** A Schedule A receipt (individual, partnership, committee or earmark) as the FEC's JSON. */
export function fecReceiptTransaction(line: FecLineBase & { aggregateMinor: bigint; purpose?: string }): FecTransaction {
  const p = line.party;
  const person = line.type.entityType === 'IND';
  return {
    ...common(line),
    contributor_organization_name: person ? null : p.organizationName,
    contributor_last_name: person ? p.last : null,
    contributor_first_name: person ? p.first : null,
    contributor_middle_name: person ? orNull(p.middle) : null,
    contributor_prefix: person ? orNull(p.prefix) : null,
    contributor_suffix: person ? orNull(p.suffix) : null,
    contributor_street_1: p.street1,
    contributor_street_2: orNull(p.street2),
    contributor_city: p.city,
    contributor_state: p.state,
    contributor_zip: p.zip,
    contribution_date: line.date,
    contribution_amount: fecDollars(line.amountMinor),
    contribution_aggregate: fecDollars(line.aggregateMinor),
    contribution_purpose_descrip: orNull(fecText(line.purpose ?? line.type.purpose ?? '', 100)),
    contributor_employer: person ? p.employer : null,
    contributor_occupation: person ? p.occupation : null,
    donor_committee_fec_id: line.type.entityType === 'COM' ? p.committeeFecId : null,
    donor_committee_name: line.type.entityType === 'COM' ? p.organizationName : null,
  };
}

/** A Schedule B refund of a contribution (line 20) as the FEC's JSON. */
export function fecRefundTransaction(line: FecLineBase & { purpose: string }): FecTransaction {
  const p = line.party;
  const person = line.type.entityType === 'IND';
  return {
    ...common(line),
    payee_organization_name: person ? null : p.organizationName,
    payee_last_name: person ? p.last : null,
    payee_first_name: person ? p.first : null,
    payee_middle_name: person ? orNull(p.middle) : null,
    payee_prefix: person ? orNull(p.prefix) : null,
    payee_suffix: person ? orNull(p.suffix) : null,
    payee_street_1: p.street1,
    payee_street_2: orNull(p.street2),
    payee_city: p.city,
    payee_state: p.state,
    payee_zip: p.zip,
    expenditure_date: line.date,
    expenditure_amount: fecDollars(line.amountMinor),
    expenditure_purpose_descrip: fecText(line.purpose, 100),
    // A committee refunded is the refund's beneficiary too (PARTY_PAC_REFUNDS requires it).
    ...(line.type.entityType === 'COM' ? { beneficiary_committee_fec_id: p.committeeFecId, beneficiary_committee_name: p.organizationName } : {}),
  };
}
