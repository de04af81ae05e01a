import { createHash } from 'node:crypto';
import { fecContributorKindOf, FEC_RECEIPT_TYPES, type FecTransactionType } from '#compliance-rules';
import { toMajorString, type DonorType, type Election, type ElectionKind } from '#contracts';
import { splitPersonName } from '#domain';
import { isPerson } from './fec-transactions.js';
import { displayName, type DonorView } from '../reports/report-donor.js';

/**
 * The field order of the FEC electronic filing format's Schedule A record (SA11AI, itemized
 * receipts from individuals), format versions 8.0–8.3: "FEC File Format v8.x, Schedule A",
 * https://www.fec.gov/help-candidates-and-committees/filing-reports/electronic-filing-software/
 * (the .fec specification), as also mapped field by field in the open-source parser
 * esonderegger/fecfile (fecfile/mappings.json, key "^sa", versions "^8.3|8.2|8.1|8.0").
 * Our CSV writes exactly these columns in this order; fields we never fill stay empty.
 */
export const FEC_SA_FIELDS = Object.freeze([
  'form_type',
  'filer_committee_id_number',
  'transaction_id',
  'back_reference_tran_id_number',
  'back_reference_sched_name',
  'entity_type',
  'contributor_organization_name',
  'contributor_last_name',
  'contributor_first_name',
  'contributor_middle_name',
  'contributor_prefix',
  'contributor_suffix',
  'contributor_street_1',
  'contributor_street_2',
  'contributor_city',
  'contributor_state',
  'contributor_zip_code',
  'election_code',
  'election_other_description',
  'contribution_date',
  'contribution_amount',
  'contribution_aggregate',
  'contribution_purpose_descrip',
  'contributor_employer',
  'contributor_occupation',
  'donor_committee_fec_id',
  'donor_committee_name',
  'donor_candidate_fec_id',
  'donor_candidate_last_name',
  'donor_candidate_first_name',
  'donor_candidate_middle_name',
  'donor_candidate_prefix',
  'donor_candidate_suffix',
  'donor_candidate_office',
  'donor_candidate_state',
  'donor_candidate_district',
  'conduit_name',
  'conduit_street1',
  'conduit_street2',
  'conduit_city',
  'conduit_state',
  'conduit_zip_code',
  'memo_code',
  'memo_text_description',
  'reference_code',
] as const);
export type FecSaField = (typeof FEC_SA_FIELDS)[number];
export type FecSaRecord = Record<FecSaField, string>;

const ELECTION_CODE_LETTER: Readonly<Record<ElectionKind, string>> = { primary: 'P', general: 'G', runoff: 'R', special: 'S', convention: 'C' };

/** FEC election code: the kind's letter and the election's year (P2026, G2026); O for none known. */
export function fecElectionCode(elections: readonly Election[], electionId: string | null): { code: string; other: string } {
  const election = elections.find((e) => e.electionId === electionId);
  if (!election) return { code: 'O', other: electionId ?? 'undesignated' };
  return { code: `${ELECTION_CODE_LETTER[election.kind]}${election.date.slice(0, 4)}`, other: '' };
}

/** FEC transaction ids are at most 20 characters: a stable digest of the donation and its line. */
export const fecTransactionId = (donationId: string, line: number): string =>
  `A${createHash('sha256').update(`${donationId}#${line}`).digest('hex').slice(0, 19).toUpperCase()}`;

/** IND for a person; ORG for anyone else (FEC entity type codes). */
/** The FEC entity a donor type files as, from its contributor kind (FEC_CONTRIBUTOR_KIND_OF_DONOR); a type with none is an organisation. */
export const fecEntityType = (type: DonorType): FecTransactionType['entityType'] => {
  const kind = fecContributorKindOf(type);
  return kind === null ? 'ORG' : FEC_RECEIPT_TYPES[kind].entityType;
};


/** The contributor columns of an FEC record from a donor view: blank, with the reason in the name, when not disclosed. */
export function contributorFields(view: DonorView, entityType: FecTransactionType['entityType']): Partial<FecSaRecord> {
  if (view.status !== 'disclosed') return { contributor_last_name: displayName(view), memo_text_description: `contributor ${view.status}` };
  const a = view.address;
  // A person (an individual, the candidate) by the parts of their name; anyone else by name whole.
  const person = isPerson(entityType);
  const names = person ? splitPersonName(view.name) : { first: '', middle: '', last: '', prefix: '', suffix: '' };
  return {
    contributor_organization_name: person ? '' : view.name,
    contributor_last_name: names.last,
    contributor_first_name: names.first,
    contributor_middle_name: names.middle,
    contributor_prefix: names.prefix,
    contributor_suffix: names.suffix,
    contributor_street_1: a?.line1 ?? '',
    contributor_street_2: a?.line2 ?? '',
    contributor_city: a?.city ?? '',
    contributor_state: a?.region ?? '',
    contributor_zip_code: a?.postalCode ?? '',
    contributor_employer: view.employer ?? '',
    contributor_occupation: view.occupation ?? '',
  };
}

export function emptySaRecord(): FecSaRecord {
  return Object.fromEntries(FEC_SA_FIELDS.map((f) => [f, ''])) as FecSaRecord;
}

export const fecAmount = (amountMinor: bigint): string => toMajorString(amountMinor, 'USD');
