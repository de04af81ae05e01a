import type { Election } from '#contracts';
import { cycleOfDay, dayInZone, fecReceiptTypeOf, type FecTransactionType } from '#compliance-rules';
import { countedOf, type DonationRow } from './donation-row.js';
import { contributorFields, emptySaRecord, fecAmount, fecElectionCode, fecTransactionId, FEC_SA_FIELDS, type FecSaRecord } from './fec-records.js';
import { fecJsonDate, fecPartyOf, fecReceiptTransaction, fecText, type FecTransaction } from './fec-transactions.js';
import { fecDate, inPeriod, type Tabular } from '../reports/report-format.js';
import { donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';

export interface FecCommittee {
  committeeId: string;
  /** The FEC's id of the committee (C00…); our committee id when not given. */
  filerCommitteeId?: string | null;
  elections: readonly Election[];
  /** The committee's IANA zone: contribution dates are its local days. UTC when not given. */
  timeZone?: string;
}

export interface ScheduleAInput {
  committee: FecCommittee;
  rows: readonly DonationRow[];
  donors: DonorViews;
  /** The reporting period [from, to), ISO instants. */
  from: string;
  to: string;
  /** Itemize contributors whose cycle aggregate passes this (52 U.S.C. 30104(b)(3)(A)): $200. */
  itemizationThresholdMinor?: bigint;
  /**
   * The conduits whose campaigns brought earmarked contributions, by campaign id: their lines
   * name the conduit (11 CFR 110.6(c)(2)) and say so in a memo. None: no line names one.
   */
  conduitsByCampaign?: ReadonlyMap<string, { name: string; fecId: string }>;
}

export interface ScheduleALine {
  donationId: string;
  donorId: string;
  receivedAt: string;
  electionId: string | null;
  /** Money accepted for this election: a redesignated part is a line of its own. */
  amountMinor: bigint;
  /** The contributor's counted money in the election cycle up to and including this receipt. */
  aggregateMinor: bigint;
  donor: DonorView;
  /** The line in the .fec file's Schedule A columns (dates YYYYMMDD, amounts as decimal text). */
  record: FecSaRecord;
  /**
   * The line as the FEC's JSON transaction (its schema: `transaction_type_identifier`); null while
   * the contributor is not disclosed. The FEC defines no JSON type for a candidate's own
   * contributions (line 11(d), SA11D): theirs has a null identifier and serves the .fec record.
   */
  transaction: FecTransaction | null;
}

export interface ScheduleA {
  committeeId: string;
  from: string;
  to: string;
  itemizationThresholdMinor: bigint;
  lineCount: number;
  totalMinor: bigint;
  lines: ScheduleALine[];
}

interface Allocation {
  row: DonationRow;
  type: FecTransactionType;
  index: number;
  electionId: string | null;
  acceptedMinor: bigint;
  countedMinor: bigint;
  cycle: number;
}

function allocationsOf(row: DonationRow, elections: readonly Election[], timeZone: string): Allocation[] {
  const counted = countedOf(row).byElection;
  const type = fecReceiptTypeOf(row.donorType, row.paymentMethod === 'in_kind');
  if (type === null) return [];
  return row.allocations.map((a, index) => {
    const election = elections.find((e) => e.electionId === a.electionId);
    return { row, type, index, electionId: a.electionId, acceptedMinor: a.amountMinor, countedMinor: counted[index].amountMinor, cycle: cycleOfDay(election?.date ?? dayInZone(row.receivedAt, timeZone) ?? row.receivedAt.slice(0, 10)) };
  });
}

const byReceipt = (a: Allocation, b: Allocation): number =>
  Date.parse(a.row.receivedAt) - Date.parse(b.row.receivedAt) || a.row.donationId.localeCompare(b.row.donationId) || a.index - b.index;

/**
 * Schedule A: the receipts of every contributor kind the FEC itemizes (FEC_RECEIPT_TYPES; today
 * line 11(a)(i), receipts from individuals) in the period whose contributor's
 * aggregate for the election cycle passes $200 by the period's end, or that compliance marked
 * itemized when it accepted them. Amounts are what was accepted for each election; refunds and
 * chargebacks lower the aggregate (they are Schedule B's lines), held excess appears once it is
 * redesignated. Lines are in order of receipt.
 */
export function scheduleA(input: ScheduleAInput): ScheduleA {
  const threshold = input.itemizationThresholdMinor ?? 20_000n;
  const { committee } = input;
  const allocations = input.rows
    .filter((r) => r.committeeId === committee.committeeId && Date.parse(r.receivedAt) < Date.parse(input.to))
    .flatMap((r) => allocationsOf(r, committee.elections, committee.timeZone ?? 'UTC'))
    .sort(byReceipt);
  const running = new Map<string, bigint>();
  const toDate = new Map<Allocation, bigint>();
  for (const a of allocations) {
    const key = `${a.row.donorId}|${a.cycle}`;
    running.set(key, (running.get(key) ?? 0n) + a.countedMinor);
    toDate.set(a, running.get(key) ?? 0n);
  }
  const lines = allocations
    .filter((a) => inPeriod(a.row.receivedAt, input.from, input.to) && a.acceptedMinor > 0n)
    .filter((a) => a.row.itemized === true || (running.get(`${a.row.donorId}|${a.cycle}`) ?? 0n) > threshold)
    .map((a) => lineOf(a, toDate.get(a) ?? 0n, input));
  return {
    committeeId: committee.committeeId,
    from: input.from,
    to: input.to,
    itemizationThresholdMinor: threshold,
    lineCount: lines.length,
    totalMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0n),
    lines,
  };
}

/**
 * What a gift in kind says on its line: the FEC's "In-Kind: <what was given>" purpose where its
 * type is an in-kind one (IN_KIND_RECEIPT, PARTY_/PAC_IN_KIND_RECEIPT), otherwise (a partnership's,
 * the candidate's) the same words in the memo. A gift recorded before its description was kept
 * says it was not described rather than guess.
 */
function inKindOf(a: Allocation): { purpose?: string; memo?: string } | null {
  if (a.row.paymentMethod !== 'in_kind') return null;
  const words = `In-Kind: ${fecText(a.row.inKind?.description, 91) || 'not described'}`;
  return a.type.inKind ? { purpose: words } : { memo: words };
}

function lineOf(a: Allocation, aggregateMinor: bigint, input: ScheduleAInput): ScheduleALine {
  const donor = donorViewOf(input.donors, a.row.donationId);
  const election = fecElectionCode(input.committee.elections, a.electionId);
  const record: FecSaRecord = {
    ...emptySaRecord(),
    form_type: a.type.formType,
    filer_committee_id_number: input.committee.filerCommitteeId ?? input.committee.committeeId,
    transaction_id: fecTransactionId(a.row.donationId, a.index),
    entity_type: a.type.entityType,
    ...contributorFields(donor, a.type.entityType),
    election_code: election.code,
    election_other_description: election.other,
    contribution_date: fecDate(a.row.receivedAt, input.committee.timeZone),
    contribution_amount: fecAmount(a.acceptedMinor),
    contribution_aggregate: fecAmount(aggregateMinor),
  };
  const gift = inKindOf(a);
  if (gift?.purpose) record.contribution_purpose_descrip = gift.purpose;
  if (gift?.memo) record.memo_text_description = gift.memo;
  if (a.index > 0) record.memo_text_description = [record.memo_text_description, `redesignated to ${election.code}`].filter(Boolean).join('; ');
  const conduit = input.conduitsByCampaign?.get(a.row.campaignId);
  if (conduit !== undefined) {
    record.conduit_name = conduit.name;
    record.memo_text_description = [record.memo_text_description, `earmarked through ${conduit.name} (${conduit.fecId})`].filter(Boolean).join('; ');
  }
  const party = fecPartyOf(donor, a.type.entityType, a.row.registrationNumber ?? null);
  const transaction =
    party &&
    fecReceiptTransaction({
      type: a.type, filerCommitteeId: record.filer_committee_id_number, transactionId: record.transaction_id, party, date: fecJsonDate(a.row.receivedAt, input.committee.timeZone),
      amountMinor: a.acceptedMinor, aggregateMinor, electionCode: election.code, electionOther: election.other, memoText: record.memo_text_description, purpose: gift?.purpose,
    });
  return { donationId: a.row.donationId, donorId: a.row.donorId, receivedAt: a.row.receivedAt, electionId: a.electionId, amountMinor: a.acceptedMinor, aggregateMinor, donor, record, transaction };
}

/** The CSV of Schedule A: one column per SA field, in the FEC's order. */
export function scheduleATable(report: ScheduleA): Tabular {
  return { header: FEC_SA_FIELDS, rows: report.lines.map((l) => FEC_SA_FIELDS.map((f) => l.record[f])) };
}
