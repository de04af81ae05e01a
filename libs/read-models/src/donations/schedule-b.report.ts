import { createHash } from 'node:crypto';
import { linkedContributors, type DonorLinkPair } from '#domain';
import { cycleOfDay, dayInZone, fecRefundTypeOf, type FecTransactionType } from '#compliance-rules';
import { reversalsOf, type DonationRow, type MoneyReversal } from './donation-row.js';
import { fecElectionCode } from './fec-records.js';
import { fecJsonDate, fecPartyOf, fecRefundTransaction, type FecTransaction } from './fec-transactions.js';
import type { FecCommittee } from './schedule-a.report.js';
import { inPeriod } from '../reports/report-format.js';
import { donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';

export interface ScheduleBInput {
  committee: FecCommittee;
  rows: readonly DonationRow[];
  donors: DonorViews;
  from: string;
  to: string;
  /** Itemize a person whose refunds in the election cycle pass this (11 CFR 104.3(b)(4)(vi)): $200. */
  itemizationThresholdMinor?: bigint;
  /** The committee's donor links in force: linked identities are one payee, their refunds one aggregate (issue 14, item 12). */
  linkedDonors?: readonly DonorLinkPair[];
}

/** Money that went back to a contributor in the period, as far as it took back accepted (counted) money. */
export interface RefundLine {
  donationId: string;
  donorId: string;
  kind: MoneyReversal['kind'];
  at: string;
  electionId: string | null;
  amountMinor: bigint;
  /** The contributor's refunds in the election cycle up to and including this one. */
  aggregateMinor: bigint;
  itemized: boolean;
  donor: DonorView;
  type: FecTransactionType;
  transactionId: string;
  /** The FEC's JSON transaction of an itemized line (SB28A); null when unitemized or the payee is not disclosed. */
  transaction: FecTransaction | null;
}

export interface ScheduleB {
  committeeId: string;
  from: string;
  to: string;
  itemizationThresholdMinor: bigint;
  /** Line 20(a) of the period: every refund and chargeback of accepted money to a person. */
  refundsMinor: bigint;
  itemizedMinor: bigint;
  unitemizedMinor: bigint;
  /** Itemized lines, in order of date (the unitemized ones only add up on the summary). */
  lines: RefundLine[];
  /** Every line of the period, itemized or not: the summary and the reconciliation read it. */
  all: RefundLine[];
}

export const fecRefundTransactionId = (donationId: string, index: number): string =>
  `B${createHash('sha256').update(`${donationId}#refund#${index}`).digest('hex').slice(0, 19).toUpperCase()}`;

interface Reversal {
  row: DonationRow;
  index: number;
  reversal: MoneyReversal;
  amountMinor: bigint;
  type: FecTransactionType;
  cycle: number;
}

function reversalsOfRow(row: DonationRow, timeZone: string): Reversal[] {
  const type = fecRefundTypeOf(row.donorType);
  if (type === null) return [];
  return reversalsOf(row)
    .map((r, index) => ({ row, index, reversal: r, amountMinor: r.reversedAcceptedMinor, type, cycle: cycleOfDay(dayInZone(r.at, timeZone) ?? r.at.slice(0, 10)) }))
    .filter((r) => r.amountMinor > 0n);
}

/**
 * Schedule B, line 20(a): contribution refunds to individuals and other persons. A refund the
 * committee made and a chargeback the card network took both return a contribution, so both
 * are here, each for the part of it that took back accepted money (returned excess was never a
 * receipt). Line 20(a) adds up all of them; the payee of refunds passing $200 in the cycle is
 * itemized. Dates and cycles are the committee's local days (its zone; UTC when none is given).
 */
export function scheduleB(input: ScheduleBInput): ScheduleB {
  const threshold = input.itemizationThresholdMinor ?? 20_000n;
  const timeZone = input.committee.timeZone ?? 'UTC';
  const reversals = input.rows
    .filter((r) => r.committeeId === input.committee.committeeId)
    .flatMap((row) => reversalsOfRow(row, timeZone))
    .filter((r) => Date.parse(r.reversal.at) < Date.parse(input.to))
    .sort((a, b) => Date.parse(a.reversal.at) - Date.parse(b.reversal.at) || a.row.donationId.localeCompare(b.row.donationId) || a.index - b.index);
  const contributor = linkedContributors(input.linkedDonors ?? []);
  const keyOf = (r: Reversal): string => `${contributor(r.row.donorId)}|${r.cycle}`;
  const running = new Map<string, bigint>();
  const toDate = new Map<Reversal, bigint>();
  for (const r of reversals) {
    const key = keyOf(r);
    running.set(key, (running.get(key) ?? 0n) + r.amountMinor);
    toDate.set(r, running.get(key) ?? 0n);
  }
  const all = reversals
    .filter((r) => inPeriod(r.reversal.at, input.from, input.to))
    .map((r) => lineOf(r, toDate.get(r) ?? 0n, (running.get(keyOf(r)) ?? 0n) > threshold, input));
  const sum = (lines: RefundLine[]): bigint => lines.reduce((total, l) => total + l.amountMinor, 0n);
  const lines = all.filter((l) => l.itemized);
  return { committeeId: input.committee.committeeId, from: input.from, to: input.to, itemizationThresholdMinor: threshold, refundsMinor: sum(all), itemizedMinor: sum(lines), unitemizedMinor: sum(all) - sum(lines), lines, all };
}

function lineOf(r: Reversal, aggregateMinor: bigint, itemized: boolean, input: ScheduleBInput): RefundLine {
  const { row } = r;
  const donor = donorViewOf(input.donors, row.donationId);
  const electionId = row.allocations.at(-1)?.electionId ?? row.electionId;
  const election = fecElectionCode(input.committee.elections, electionId);
  const transactionId = fecRefundTransactionId(row.donationId, r.index);
  const party = itemized ? fecPartyOf(donor, r.type.entityType, row.registrationNumber ?? null) : null;
  const transaction =
    party &&
    fecRefundTransaction({
      type: r.type, filerCommitteeId: input.committee.filerCommitteeId ?? input.committee.committeeId, transactionId, party, date: fecJsonDate(r.reversal.at, input.committee.timeZone),
      amountMinor: r.amountMinor, electionCode: election.code, electionOther: election.other, memoText: '',
      purpose: r.reversal.kind === 'refund' ? 'Contribution refund' : 'Contribution returned: card chargeback',
    });
  // An unitemized payee is only a figure on the summary: the report does not name them.
  const shown: DonorView = itemized ? donor : { status: 'withheld' };
  return { donationId: row.donationId, donorId: row.donorId, kind: r.reversal.kind, at: r.reversal.at, electionId, amountMinor: r.amountMinor, aggregateMinor, itemized, donor: shown, type: r.type, transactionId, transaction };
}
