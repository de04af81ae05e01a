import type { Election } from '#contracts';
import { linkedContributors, partnerPartsCounted, type DonorLinkPair } from '#domain';
import { cycleOfDay, dayInZone, FEC_PARTNERSHIP_ATTRIBUTION_TYPE, FEC_PARTNERSHIP_PURPOSES, fecReceiptTypeOf, type FecTransactionType } from '#compliance-rules';
import { countedOf, type DonationRow } from './donation-row.js';
import { contributorFields, emptySaRecord, fecAmount, fecElectionCode, fecTransactionId, FEC_SA_FIELDS, type FecSaRecord } from './fec-records.js';
import { fecJsonDate, fecPartyOf, fecReceiptTransaction, fecText, type FecTransaction } from './fec-transactions.js';
import { fecDate, inPeriod, type Tabular } from '../reports/report-format.js';
import { donorViewOf, partnerViewKey, type DonorView, type DonorViews } from '../reports/report-donor.js';

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
  /**
   * The committee's donor links in force (issue 14, item 12): linked identities are one
   * contributor, whose aggregate adds the gifts of all of them. None: each donor id is its own.
   */
  linkedDonors?: readonly DonorLinkPair[];
}

export interface ScheduleALine {
  donationId: string;
  donorId: string;
  receivedAt: string;
  electionId: string | null;
  /** Money accepted for this election: a redesignated part is a line of its own. */
  amountMinor: bigint;
  /**
   * The contributor's counted money in the election cycle up to and including this receipt: the
   * gifts of every donor identity linked to theirs count with their own.
   */
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
  /** A memo line (a partner's attribution under its partnership's line): it adds to no total. */
  memo?: true;
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

/**
 * What a partnership's gift counts for each partner it is attributed to (11 CFR 110.1(e)): what
 * each was counted when it was accepted, less their part of any refund or chargeback since, as
 * compliance gives it back on their aggregates (partnerPartsCounted). None for any other gift.
 */
function partnerSharesOf(a: Allocation): { donorId: string; amountMinor: bigint }[] {
  if (a.index !== 0 || a.row.donorType === 'single_member_llc') return [];
  const shares = a.row.attribution?.shares ?? [];
  const parts = partnerPartsCounted(countedOf(a.row).countedMinor, shares.map((s) => s.countedMinor ?? s.amountMinor));
  return shares.map((s, i) => ({ donorId: s.donorId, amountMinor: parts[i] })).filter((s) => s.amountMinor > 0n);
}

/** Whose gift a line is: a single-member LLC's is its member's (11 CFR 110.1(g)(4)), so it aggregates with the member's own. */
const contributorOf = (row: DonationRow): string => (row.donorType === 'single_member_llc' ? (row.attribution?.shares[0]?.donorId ?? row.donorId) : row.donorId);

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
  // Each contributor's running aggregate for the cycle; a partner's includes the shares of
  // partnerships' gifts attributed to them, beside what they gave in their own name (110.1(e)),
  // and every contributor's adds the gifts of the donor identities linked to theirs.
  const contributor = linkedContributors(input.linkedDonors ?? []);
  const running = new Map<string, bigint>();
  const toDate = new Map<string, bigint>();
  const keyOf = (donorId: string, a: Allocation) => `${contributor(donorId)}|${a.cycle}`;
  const add = (donorId: string, a: Allocation, amountMinor: bigint, at: string) => {
    const key = keyOf(donorId, a);
    running.set(key, (running.get(key) ?? 0n) + amountMinor);
    toDate.set(at, running.get(key) ?? 0n);
  };
  const at = (a: Allocation, partner = '') => `${a.row.donationId}#${a.index}#${partner}`;
  for (const a of allocations) {
    add(contributorOf(a.row), a, a.countedMinor, at(a));
    for (const share of partnerSharesOf(a)) add(share.donorId, a, share.amountMinor, at(a, share.donorId));
  }
  const over = (donorId: string, a: Allocation) => (running.get(keyOf(donorId, a)) ?? 0n) > threshold;
  const lines = allocations
    .filter((a) => inPeriod(a.row.receivedAt, input.from, input.to) && a.acceptedMinor > 0n)
    .flatMap((a) => {
      const memos = partnerSharesOf(a).filter((share) => over(share.donorId, a));
      if (!(a.row.itemized === true || over(contributorOf(a.row), a) || memos.length > 0)) return [];
      const purpose = a.row.attribution && partnerSharesOf(a).length > 0 ? (memos.length > 0 ? FEC_PARTNERSHIP_PURPOSES.attributionsBelow : FEC_PARTNERSHIP_PURPOSES.attributionsUnitemized) : undefined;
      const line = lineOf(a, toDate.get(at(a)) ?? 0n, input, purpose);
      return [line, ...memos.map((share) => attributionLineOf(a, share, toDate.get(at(a, share.donorId)) ?? 0n, line, input))];
    });
  return {
    committeeId: committee.committeeId,
    from: input.from,
    to: input.to,
    itemizationThresholdMinor: threshold,
    lineCount: lines.length,
    totalMinor: lines.reduce((sum, l) => (l.memo ? sum : sum + l.amountMinor), 0n),
    lines,
  };
}

/**
 * A partner's attribution as a memo under the partnership's line (PARTNERSHIP_ATTRIBUTION): the
 * partner by name, with occupation and employer, their share and their own aggregate to date.
 */
function attributionLineOf(a: Allocation, share: { donorId: string; amountMinor: bigint }, aggregateMinor: bigint, parent: ScheduleALine, input: ScheduleAInput): ScheduleALine {
  const type = FEC_PARTNERSHIP_ATTRIBUTION_TYPE;
  const donor = donorViewOf(input.donors, partnerViewKey(a.row.donationId, share.donorId));
  const record: FecSaRecord = {
    ...parent.record,
    ...contributorFields(donor, type.entityType),
    form_type: type.formType,
    transaction_id: fecTransactionId(`${a.row.donationId}/partner/${share.donorId}`, a.index),
    back_reference_tran_id_number: parent.record.transaction_id,
    back_reference_sched_name: parent.record.form_type,
    entity_type: type.entityType,
    contributor_organization_name: '',
    contribution_amount: fecAmount(share.amountMinor),
    contribution_aggregate: fecAmount(aggregateMinor),
    contribution_purpose_descrip: type.purpose ?? '',
    memo_code: 'X',
    memo_text_description: '',
  };
  const party = fecPartyOf(donor, type.entityType);
  const transaction =
    party &&
    fecReceiptTransaction({
      type, filerCommitteeId: record.filer_committee_id_number, transactionId: record.transaction_id, party, date: fecJsonDate(a.row.receivedAt, input.committee.timeZone),
      amountMinor: share.amountMinor, aggregateMinor, electionCode: record.election_code, electionOther: record.election_other_description, memoText: '', memo: true,
      backReference: { transactionId: parent.record.transaction_id, formType: parent.record.form_type },
    });
  return { donationId: a.row.donationId, donorId: share.donorId, receivedAt: a.row.receivedAt, electionId: a.electionId, amountMinor: share.amountMinor, aggregateMinor, donor, record, transaction, memo: true };
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

function lineOf(a: Allocation, aggregateMinor: bigint, input: ScheduleAInput, partnershipPurpose?: string): ScheduleALine {
  // A single-member LLC's gift is filed as its member's (11 CFR 110.1(g)(4)), the LLC in the memo.
  const member = a.row.donorType === 'single_member_llc' ? a.row.attribution?.shares[0] : undefined;
  const donor = donorViewOf(input.donors, member ? partnerViewKey(a.row.donationId, member.donorId) : a.row.donationId);
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
  if (partnershipPurpose) record.contribution_purpose_descrip = partnershipPurpose;
  if (member) record.memo_text_description = `via ${fecText(displayOf(donorViewOf(input.donors, a.row.donationId)), 60)}, a single-member LLC`;
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
      amountMinor: a.acceptedMinor, aggregateMinor, electionCode: election.code, electionOther: election.other, memoText: record.memo_text_description, purpose: partnershipPurpose ?? gift?.purpose,
    });
  return { donationId: a.row.donationId, donorId: contributorOf(a.row), receivedAt: a.row.receivedAt, electionId: a.electionId, amountMinor: a.acceptedMinor, aggregateMinor, donor, record, transaction };
}

/** The CSV of Schedule A: one column per SA field, in the FEC's order. */
export function scheduleATable(report: ScheduleA): Tabular {
  return { header: FEC_SA_FIELDS, rows: report.lines.map((l) => FEC_SA_FIELDS.map((f) => l.record[f])) };
}

const displayOf = (view: DonorView): string => (view.status === 'disclosed' ? view.name : `[${view.status}]`);
