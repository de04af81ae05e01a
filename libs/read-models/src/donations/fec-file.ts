import type { FecTransaction, FecValue } from './fec-transactions.js';

/**
 * The .fec electronic filing file, format 8.3 as the FEC publishes it: one record per line,
 * fields separated by the ASCII field separator (FS, 0x1C; the format's other choice, the comma,
 * would need quoting rules it does not have), each record's fields in the column order the
 * FEC's schemas number as `fec_spec.COL_SEQ` (HDR.json, F3.json, SchA.json, SchB.json; a spec
 * checks these lists against them). Dates are YYYYMMDD, amounts decimal dollars with two
 * places, a checked box (memo code, change of address) "X".
 */
export const FEC_VERSION = '8.3';
export const FS = '\x1c';

export const HDR_COLUMNS = ['record_type', 'ef_type', 'fec_version', 'soft_name', 'soft_ver', 'rpt_id', 'rpt_number', 'hdrcomment'] as const;

const SUMMARY_LINES = [
  'L6a_total_contributions', 'L6b_total_contribution_refunds', 'L6c_net_contributions', 'L7a_total_operating_expenditures', 'L7b_total_offsets_to_operating_expenditures',
  'L7c_net_operating_expenditures', 'L8_cash_on_hand_at_close', 'L9_debts_owed_to_committee', 'L10_debts_owed_by_committee', 'L11ai_individuals_itemized',
  'L11aii_individuals_unitemized', 'L11aiii_total_individual', 'L11b_political_party_committees', 'L11c_other_political_committees', 'L11d_the_candidate',
  'L11e_total_contributions', 'L12_transfers_from_other_authorized_committees', 'L13a_loans_made_or_guaranteed_by_the_candidate', 'L13b_all_other_loans', 'L13c_total_loans',
  'L14_offsets_to_operating_expenditures', 'L15_other_receipts', 'L16_total_receipts', 'L17_operating_expenditures', 'L18_transfers_to_other_authorized_committees',
  'L19a_loan_repayments_of_loans_made_or_guaranteed_by_candidate', 'L19b_loan_repayments_of_all_other_loans', 'L19c_total_loan_repayments', 'L20a_refunds_to_individuals',
  'L20b_refunds_to_political_party_committees', 'L20c_refunds_to_other_political_committees', 'L20d_total_contribution_refunds', 'L21_other_disbursements', 'L22_total_disbursements',
] as const;
/** Lines 6-22, each once for the period and once for the cycle to date ("ytd" in the FEC's names), except 8-10 and 23-27, period only. */
const PERIOD_ONLY = new Set(['L8_cash_on_hand_at_close', 'L9_debts_owed_to_committee', 'L10_debts_owed_by_committee']);
export const F3_COLUMNS = [
  'form_type', 'filer_committee_id_number', 'committee_name', 'change_of_address', 'street_1', 'street_2', 'city', 'state', 'zip', 'election_state', 'election_district',
  'report_code', 'election_code', 'date_of_election', 'state_of_election', 'coverage_from_date', 'coverage_through_date', 'treasurer_last_name', 'treasurer_first_name',
  'treasurer_middle_name', 'treasurer_prefix', 'treasurer_suffix', 'date_signed',
  ...SUMMARY_LINES.map((l) => `${l}_period`),
  'L23_cash_on_hand_beginning_reporting_period', 'L24_total_receipts_period', 'L25_subtotals_period', 'L26_total_disbursements_period', 'L27_cash_on_hand_at_close_period',
  ...SUMMARY_LINES.filter((l) => !PERIOD_ONLY.has(l)).map((l) => `${l}_ytd`),
] as const;

const PARTY = (who: 'contributor' | 'payee'): string[] => [
  `${who}_organization_name`, `${who}_last_name`, `${who}_first_name`, `${who}_middle_name`, `${who}_prefix`, `${who}_suffix`,
  `${who}_street_1`, `${who}_street_2`, `${who}_city`, `${who}_state`, `${who}_zip`, 'election_code', 'election_other_description',
];
const CANDIDATE = (who: 'donor' | 'beneficiary'): string[] => [
  `${who}_candidate_fec_id`, `${who}_candidate_last_name`, `${who}_candidate_first_name`, `${who}_candidate_middle_name`, `${who}_candidate_prefix`,
  `${who}_candidate_suffix`, `${who}_candidate_office`, `${who}_candidate_state`, `${who}_candidate_district`,
];
const TAIL = ['conduit_name', 'conduit_street_1', 'conduit_street_2', 'conduit_city', 'conduit_state', 'conduit_zip', 'memo_code', 'memo_text_description', 'reference_to_si_or_sl_system_code_that_identifies_the_account'];
const HEAD = ['form_type', 'filer_committee_id_number', 'transaction_id', 'back_reference_tran_id_number', 'back_reference_sched_name', 'entity_type'];

export const SA_COLUMNS: readonly string[] = [
  ...HEAD, ...PARTY('contributor'), 'contribution_date', 'contribution_amount', 'contribution_aggregate', 'contribution_purpose_descrip',
  'contributor_employer', 'contributor_occupation', 'donor_committee_fec_id', 'donor_committee_name', ...CANDIDATE('donor'), ...TAIL,
];
export const SB_COLUMNS: readonly string[] = [
  ...HEAD, ...PARTY('payee'), 'expenditure_date', 'expenditure_amount', 'semi_annual_refunded_bundled_amt', 'expenditure_purpose_descrip', 'category_code',
  'beneficiary_committee_fec_id', 'beneficiary_committee_name', ...CANDIDATE('beneficiary'), ...TAIL,
];

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One JSON value as the .fec file writes it. */
export function fecField(value: FecValue | undefined): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return 'X';
  if (typeof value === 'number') return value.toFixed(2);
  const day = ISO_DAY.exec(value);
  return day ? `${day[1]}${day[2]}${day[3]}` : value;
}

/** One record: the object's values in the given column order. */
export const fecRecord = (columns: readonly string[], value: FecTransaction): string => columns.map((c) => fecField(value[c])).join(FS);

/** A schedule line's columns by its form type: SA… on Schedule A, SB… on Schedule B. */
export function fecScheduleRecord(transaction: FecTransaction): string {
  const form = String(transaction.form_type);
  if (form.startsWith('SA')) return fecRecord(SA_COLUMNS, transaction);
  if (form.startsWith('SB')) return fecRecord(SB_COLUMNS, transaction);
  throw new Error(`no .fec columns for form ${form}`);
}

/** The whole file: records in order, each line ended by a newline. */
export const fecFileText = (records: readonly string[]): string => records.map((r) => `${r}\n`).join('');
