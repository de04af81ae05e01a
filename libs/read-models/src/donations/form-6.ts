import { createHash } from 'node:crypto';
import { splitPersonName } from '#domain';
import { FEC_VERSION, fecFileText, fecRecord, HDR_COLUMNS } from './fec-file.js';
import { fecEntityType } from './fec-records.js';
import { fecDollars, fecJsonDate, fecPartyOf, fecText, isPerson, type FecTransaction } from './fec-transactions.js';
import type { FortyEightHourNotices, NoticeLine } from './forty-eight-hour-notices.report.js';

/**
 * Form 6, the 48-hour notice of contributions (11 CFR 104.5(f)), in the .fec format 8.3: the F6
 * record and one F65 record per contribution. The FEC publishes no JSON Schema for them in
 * fecfile-validate, so their columns are those of the FEC's format 8.x as the open-source
 * parser esonderegger/fecfile maps them (fecfile/mappings.json, keys "(^f6$)|(^f6[an])" and
 * "^f65", versions 8.0-8.5).
 */
export const F6_COLUMNS = [
  'form_type', 'filer_committee_id_number', 'original_amendment_date', 'committee_name', 'street_1', 'street_2', 'city', 'state', 'zip', 'candidate_id_number',
  'candidate_last_name', 'candidate_first_name', 'candidate_middle_name', 'candidate_prefix', 'candidate_suffix', 'candidate_office', 'candidate_state', 'candidate_district',
  'signer_last_name', 'signer_first_name', 'signer_middle_name', 'signer_prefix', 'signer_suffix', 'date_signed',
] as const;
export const F65_COLUMNS = [
  'form_type', 'filer_committee_id_number', 'transaction_id', 'entity_type', 'contributor_organization_name', 'contributor_last_name', 'contributor_first_name',
  'contributor_middle_name', 'contributor_prefix', 'contributor_suffix', 'contributor_street_1', 'contributor_street_2', 'contributor_city', 'contributor_state',
  'contributor_zip', 'contributor_fec_id', 'contribution_date', 'contribution_amount', 'contributor_employer', 'contributor_occupation',
] as const;

export interface Form6Input {
  filerCommitteeId: string;
  committeeName: string;
  /** Who signs: the treasurer (or the candidate). */
  signerName: string;
  /** The day it is signed; the day of the last contribution it lists unless given, so the same cut gives the same file. */
  signedOn?: string;
}

/** One notice: the contributions of one election's notice window. */
export interface Form6 {
  electionId: string;
  electionCode: string;
  fileName: string;
  /** The earliest deadline of the contributions it lists: 48 hours after the first. */
  dueBy: string;
  form: FecTransaction;
  contributions: FecTransaction[];
  /** Contributions whose contributor is not disclosed to the caller: the notice cannot name them. */
  undisclosed: string[];
  file: string;
}

const noticeTransactionId = (donationId: string): string => `N${createHash('sha256').update(`${donationId}#48h`).digest('hex').slice(0, 19).toUpperCase()}`;

function f65(line: NoticeLine, filer: string, timeZone: string): FecTransaction | null {
  const entityType = fecEntityType(line.donorType);
  const party = fecPartyOf(line.donor, entityType);
  if (party === null) return null;
  return {
    form_type: 'F65', filer_committee_id_number: filer, transaction_id: noticeTransactionId(line.donationId), entity_type: entityType,
    contributor_organization_name: party.organizationName, contributor_last_name: party.last, contributor_first_name: party.first, contributor_middle_name: party.middle,
    contributor_prefix: party.prefix, contributor_suffix: party.suffix, contributor_street_1: party.street1, contributor_street_2: party.street2, contributor_city: party.city,
    contributor_state: party.state, contributor_zip: party.zip, contributor_fec_id: party.committeeFecId, contribution_date: fecJsonDate(line.receivedAt, timeZone),
    contribution_amount: fecDollars(line.amountMinor), contributor_employer: isPerson(entityType) ? party.employer : '', contributor_occupation: isPerson(entityType) ? party.occupation : '',
  };
}

/**
 * A Form 6 per notice window that holds a qualifying contribution, each its own .fec file, listing
 * exactly those contributions, dated on the committee's local days as its windows are counted
 * (a $1,000 gift at 23:30 in New York on 31 May is dated 31 May, not 1 June).
 */
export function form6Notices(notices: FortyEightHourNotices, input: Form6Input): Form6[] {
  const signer = splitPersonName(input.signerName);
  return notices.windows.flatMap((window) => {
    const lines = notices.lines.filter((l) => l.electionId === window.electionId);
    if (lines.length === 0) return [];
    const contributions = lines.map((l) => f65(l, input.filerCommitteeId, notices.timeZone));
    const signedOn = input.signedOn ?? fecJsonDate(lines[lines.length - 1].receivedAt, notices.timeZone);
    const form: FecTransaction = {
      form_type: 'F6N', filer_committee_id_number: input.filerCommitteeId, committee_name: fecText(input.committeeName, 200),
      signer_last_name: fecText(signer.last, 30), signer_first_name: fecText(signer.first, 20), signer_middle_name: fecText(signer.middle, 20),
      signer_prefix: fecText(signer.prefix, 10), signer_suffix: fecText(signer.suffix, 10), date_signed: signedOn,
    };
    const named = contributions.filter((c): c is FecTransaction => c !== null);
    const header: FecTransaction = { record_type: 'HDR', ef_type: 'FEC', fec_version: FEC_VERSION, soft_name: 'Hustings', soft_ver: '0.1.0', rpt_id: '', rpt_number: '0', hdrcomment: '' };
    const file = fecFileText([fecRecord(HDR_COLUMNS, header), fecRecord(F6_COLUMNS, form), ...named.map((c) => fecRecord(F65_COLUMNS, c))]);
    return [{
      electionId: window.electionId,
      electionCode: window.electionCode,
      fileName: `${input.filerCommitteeId}_F6N_${window.electionCode}_${signedOn.replaceAll('-', '')}.fec`,
      dueBy: lines.map((l) => l.dueBy).sort()[0],
      form,
      contributions: named,
      undisclosed: lines.filter((_l, i) => contributions[i] === null).map((l) => l.donationId),
      file,
    }];
  });
}
