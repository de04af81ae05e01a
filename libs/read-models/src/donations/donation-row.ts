import {
  parseMinor,
  type DonationAcceptedV2,
  type DonationDateCorrectedV1,
  type DonationDepositedV1,
  type DonationFlaggedV2,
  type DonationReceivedV5,
  type InKindGift,
  type DonationRejectedV1,
  type DonationReturnRequiredV1,
  type ImpermissibleDonationDealtWithV1,
  type AttributionBasis,
  type DonorType,
  type PaymentMethod,
  type RecordedEvent,
} from '#contracts';
import { countedAmounts, statusOf, type ComplianceDecision, type DonationRecord, type DonationStatus } from '#domain';

export interface RowAttribution {
  basis: AttributionBasis;
  shares: { donorId: string; sealedPii: string; amountMinor: bigint; countedMinor: bigint | null }[];
}

/** The partners' counts an acceptance names in its figures (partnerNDonorId, partnerNCountedMinor). */
function withPartnerCounts(attribution: RowAttribution | undefined, figures: Readonly<Record<string, string>>): { attribution?: RowAttribution } {
  if (attribution === undefined) return {};
  const counted = new Map<string, bigint>();
  for (let i = 1; figures[`partner${i}DonorId`] !== undefined; i++) counted.set(figures[`partner${i}DonorId`], BigInt(figures[`partner${i}CountedMinor`] ?? '0'));
  return { attribution: { ...attribution, shares: attribution.shares.map((s) => ({ ...s, countedMinor: counted.get(s.donorId) ?? null })) } };
}

/** Accepted money of a donation that counts towards one election (null: no designation). */
export interface ElectionAllocation {
  electionId: string | null;
  amountMinor: bigint;
}

/**
 * Reporting's row of one donation: who gave (sealed), when, how, for which election, and
 * where its money stands. Money fields end in `Minor` and are bigint (the row codec relies on it).
 */
export interface DonationRow {
  donationId: string;
  committeeId: string;
  campaignId: string;
  donorId: string;
  donorType: DonorType;
  /**
   * An organisation's UK registration number (Companies House, the Electoral Commission, the
   * FCA), public register data carried unsealed by DonationReceived v4; null when none was given
   * (and on rows folded before it was kept: absent reads as none).
   */
  registrationNumber?: string | null;
  /** The donor's personal data as the ledger holds it: sealed with the donor's key, or null (anonymous). */
  sealedPii: string | null;
  /**
   * A partnership's or LLC's gift: the partners or members it is attributed to (11 CFR 110.1(e),
   * (g)), each with their share as instructed and, once accepted, what compliance counted toward
   * their own limit; their details sealed with their own keys. Absent for every other gift.
   */
  attribution?: RowAttribution;
  currency: string;
  paymentMethod: PaymentMethod;
  /**
   * What a gift in kind was (DonationReceived v5): its nature, description and valuation basis;
   * null for money, for a gift recorded before v5, and absent on rows folded before it was kept.
   */
  inKind?: InKindGift | null;
  /** When it was received, as last corrected (DonationDateCorrected): every report dates it by this. */
  receivedAt: string;
  /** When compliance accepted it (the acceptance's occurredAt, or an officer's correction of it); null until then. */
  acceptedAt: string | null;
  /**
   * The committee-local day it was deposited, and the deposit's standing against 11 CFR 103.3(a)
   * (issue 14, item 2); absent or null until recorded.
   */
  deposit?: { depositedOn: string; dueOn: string | null; late: boolean } | null;
  /** How many of its dates an officer corrected: a report can say its dates are corrected ones. Absent: none. */
  dateCorrections?: number;
  /** An officer corrected the date of acceptance: a later acceptance does not re-date it. */
  acceptedCorrected?: boolean;
  /** The designation the donation was received with. */
  electionId: string | null;
  receivedMinor: bigint;
  /** Total accepted, over every allocation. */
  acceptedMinor: bigint;
  refundedMinor: bigint;
  chargedBackMinor: bigint;
  /**
   * Each refund and chargeback as it happened, in ledger order: Schedule B lists refunds by
   * date. Absent on rows folded before it was kept (read as none).
   */
  reversals?: MoneyReversal[];
  /** Accepted money per election, in the order it was allocated (a redesignation appends). */
  allocations: ElectionAllocation[];
  /** Received money compliance held back as excessive, not yet remedied by redesignation. */
  excessHeldMinor: bigint;
  decision: ComplianceDecision | null;
  status: DonationStatus;
  itemized: boolean | null;
  flags: { code: string; detail: string }[];
  rejectionCode: string | null;
  /**
   * PPERA s.56: the money must go back (to the donor, or to whoever transferred it or the
   * Electoral Commission) by `dueOn`. Absent or null when not required (rows folded before it
   * was kept read as none).
   */
  returnRequired?: { action: DonationReturnRequiredV1['action']; dueOn: string; code: string } | null;
  /**
   * How and on which committee-local day such a donation was dealt with, as an officer recorded it
   * (ImpermissibleDonationDealtWith: returned, paid to the Electoral Commission, forfeited).
   * Absent or null until recorded.
   */
  dealtWith?: { manner: ImpermissibleDonationDealtWithV1['manner']; dealtWithOn: string; reference: string | null } | null;
  /** Ledger position of the last fact applied: replays of older facts change nothing. */
  lastPosition: number;
}

/** Money that went back to the donor: a refund the committee made, or a chargeback the card network took. */
export interface MoneyReversal {
  kind: 'refund' | 'chargeback';
  /** When it happened (the fact's occurredAt). */
  at: string;
  amountMinor: bigint;
}

const DONATION_STREAM = 'donation-';

/** Whether an event is a fact about one donation that this row folds. */
export const isDonationFact = (event: RecordedEvent): boolean => event.streamId.startsWith(DONATION_STREAM);

/** The donation status rule of the decider, applied to the row's amounts. */
function statusFor(row: Omit<DonationRow, 'status'>): DonationStatus {
  const record = {
    received: { amountMinor: row.receivedMinor.toString() },
    decision: row.decision,
    acceptedAmountMinor: row.acceptedMinor,
    refundedAmountMinor: row.refundedMinor,
    chargedBackAmountMinor: row.chargedBackMinor,
  } as unknown as Omit<DonationRecord, 'status'>;
  return statusOf(record);
}

const withStatus = (row: Omit<DonationRow, 'status'> & { status?: DonationStatus }): DonationRow => ({ ...row, status: statusFor(row) });

function received(event: RecordedEvent): DonationRow {
  const p = event.payload as DonationReceivedV5;
  return withStatus({
    donationId: p.donationId,
    committeeId: p.committeeId,
    campaignId: p.campaignId,
    donorId: p.donor.donorId,
    donorType: p.donor.type,
    registrationNumber: p.donor.registrationNumber ?? null,
    sealedPii: p.donor.sealedPii,
    ...(p.donor.attribution
      ? { attribution: { basis: p.donor.attribution.basis, shares: p.donor.attribution.shares.map((s) => ({ donorId: s.donorId, sealedPii: s.sealedPii, amountMinor: parseMinor(s.amountMinor), countedMinor: null })) } }
      : {}),
    currency: p.currency,
    paymentMethod: p.payment.method,
    inKind: p.payment.inKind ?? null,
    receivedAt: p.receivedAt,
    acceptedAt: null,
    electionId: p.electionId,
    receivedMinor: parseMinor(p.amountMinor),
    acceptedMinor: 0n,
    refundedMinor: 0n,
    chargedBackMinor: 0n,
    allocations: [],
    excessHeldMinor: 0n,
    decision: null,
    itemized: null,
    flags: [],
    rejectionCode: null,
    lastPosition: event.position,
  });
}

/**
 * Moves `amountMinor` of the held excess to another election (11 CFR 110.1(b)(5)): it becomes
 * accepted money of that election. The officer's redesignation event (added by the review
 * work) folds through this, so the figures of every report follow it.
 */
export function redesignated(row: DonationRow, toElectionId: string, amountMinor: bigint): DonationRow {
  const moved = amountMinor < row.excessHeldMinor ? amountMinor : row.excessHeldMinor;
  if (moved <= 0n) return row;
  return withStatus({
    ...row,
    acceptedMinor: row.acceptedMinor + moved,
    excessHeldMinor: row.excessHeldMinor - moved,
    allocations: [...row.allocations, { electionId: toElectionId, amountMinor: moved }],
  });
}

/** Folds one donation fact into its row; facts at or before the row's position change nothing. */
export function evolveDonationRow(row: DonationRow | null, event: RecordedEvent): DonationRow | null {
  if (event.type === 'DonationReceived') return row && row.lastPosition >= event.position ? row : received(event);
  if (row === null || event.position <= row.lastPosition) return row;
  const next = applied(row, event);
  return next === row ? row : withStatus({ ...next, lastPosition: event.position });
}

function applied(row: DonationRow, event: RecordedEvent): DonationRow {
  const money = (): bigint => parseMinor((event.payload as { amountMinor: string }).amountMinor);
  switch (event.type) {
    case 'DonationAccepted': {
      const p = event.payload as DonationAcceptedV2;
      const amountMinor = parseMinor(p.acceptedAmountMinor);
      return {
        ...row,
        decision: 'accepted',
        acceptedMinor: amountMinor,
        acceptedAt: row.acceptedCorrected ? row.acceptedAt : event.metadata.occurredAt,
        itemized: p.itemized,
        allocations: [{ electionId: p.electionId, amountMinor }],
        ...withPartnerCounts(row.attribution, p.figures ?? {}),
      };
    }
    case 'DonationDeposited': {
      const { depositedOn, dueOn, late } = event.payload as DonationDepositedV1;
      return { ...row, deposit: { depositedOn, dueOn, late } };
    }
    case 'DonationDateCorrected':
      return corrected(row, event.payload as DonationDateCorrectedV1);
    case 'DonationFlagged':
      return { ...row, decision: 'flagged', flags: [...row.flags, ...(event.payload as DonationFlaggedV2).reasons] };
    case 'DonationRejected':
      return { ...row, decision: 'rejected', rejectionCode: (event.payload as DonationRejectedV1).code };
    case 'DonationRefunded':
      return { ...row, refundedMinor: row.refundedMinor + money(), reversals: [...(row.reversals ?? []), { kind: 'refund', at: event.metadata.occurredAt, amountMinor: money() }] };
    case 'ChargebackReceived':
      return { ...row, chargedBackMinor: row.chargedBackMinor + money(), reversals: [...(row.reversals ?? []), { kind: 'chargeback', at: event.metadata.occurredAt, amountMinor: money() }] };
    case 'DonationReturnRequired': {
      const p = event.payload as DonationReturnRequiredV1;
      return { ...row, returnRequired: { action: p.action, dueOn: p.dueOn, code: p.code } };
    }
    case 'ImpermissibleDonationDealtWith': {
      const { manner, dealtWithOn, reference } = event.payload as ImpermissibleDonationDealtWithV1;
      return { ...row, dealtWith: { manner, dealtWithOn, reference } };
    }
    case 'ExcessiveContributionHeld':
      return { ...row, excessHeldMinor: parseMinor((event.payload as { excessAmountMinor: string }).excessAmountMinor) };
    default:
      // Payment captures, best-efforts requests and facts this row does not model leave it as it is.
      return row;
  }
}

/** A date as an officer corrected it; a deposit's standing as the correction states it afresh. */
function corrected(row: DonationRow, p: DonationDateCorrectedV1): DonationRow {
  const next = { ...row, dateCorrections: (row.dateCorrections ?? 0) + 1 };
  const deposit = p.deposit && row.deposit ? { ...row.deposit, dueOn: p.deposit.dueOn, late: p.deposit.late } : row.deposit;
  switch (p.date) {
    case 'received':
      return { ...next, receivedAt: p.corrected, deposit };
    case 'accepted':
      return { ...next, acceptedAt: p.corrected, acceptedCorrected: true };
    case 'deposited':
      return { ...next, deposit: deposit && { ...deposit, depositedOn: p.corrected } };
    default:
      return row;
  }
}

/** What the donation still counts for, in total and per election: reversals take the latest allocation first. */
export function countedOf(row: DonationRow): { countedMinor: bigint; refundedMinor: bigint; chargedBackMinor: bigint; byElection: ElectionAllocation[] } {
  const split = countedAmounts({ receivedMinor: row.receivedMinor, acceptedMinor: row.acceptedMinor, refundedMinor: row.refundedMinor, chargedBackMinor: row.chargedBackMinor });
  let reversed = split.reversedByRefundMinor + split.reversedByChargebackMinor;
  const byElection: ElectionAllocation[] = [];
  for (const allocation of [...row.allocations].reverse()) {
    const taken = reversed < allocation.amountMinor ? reversed : allocation.amountMinor;
    reversed -= taken;
    byElection.unshift({ electionId: allocation.electionId, amountMinor: allocation.amountMinor - taken });
  }
  return { countedMinor: split.countedMinor, refundedMinor: split.reversedByRefundMinor, chargedBackMinor: split.reversedByChargebackMinor, byElection };
}

/** The money counted towards one election. */
export const countedForElection = (row: DonationRow, electionId: string | null): bigint =>
  countedOf(row).byElection.filter((a) => a.electionId === electionId).reduce((sum, a) => sum + a.amountMinor, 0n);

/**
 * Each refund and chargeback with the part of it that took back accepted money (the rest
 * came out of excess that was never accepted): the running figures of `countedOf` after each
 * one, less those before it, so the parts add up exactly to its refunded and charged-back totals.
 */
export function reversalsOf(row: DonationRow): (MoneyReversal & { reversedAcceptedMinor: bigint })[] {
  let refunded = 0n;
  let chargedBack = 0n;
  let before = 0n;
  return (row.reversals ?? []).map((r) => {
    if (r.kind === 'refund') refunded += r.amountMinor;
    else chargedBack += r.amountMinor;
    const split = countedOf({ ...row, refundedMinor: refunded, chargedBackMinor: chargedBack });
    const after = split.refundedMinor + split.chargedBackMinor;
    const part = after - before;
    before = after;
    return { ...r, reversedAcceptedMinor: part };
  });
}
