import {
  parseMinor,
  type BestEffortsRequestOpenedV1,
  type DonationFlaggedV2,
  type DonationReceivedV3,
  type DonationReturnRequiredV1,
  type ExcessiveContributionHeldV1,
  type RecordedEvent,
} from '#contracts';

export type ObligationKind = 'excess_remedy' | 'flag_deadline' | 'best_efforts_request' | 'return_required';

/** Something the committee must do about one donation by the end of `dueOn` (UTC). */
export interface Obligation {
  kind: ObligationKind;
  /** e.g. 'refund_redesignate_or_reattribute', 'deposit_or_return', 'request_missing_details'. */
  action: string;
  dueOn: string;
  /** Money at stake where there is any (the excess), else null. */
  amountMinor: bigint | null;
  /** What the law lets the committee do, or what is missing. */
  options: string[];
  /** Open until a later fact meets it; `metBy` names that fact's type. */
  metBy: string | null;
}

/** An officer's decision on a flagged donation (events of the review work fold into this). */
export interface CaseReviewDecision {
  decision: string;
  decidedBy: string;
  decidedAt: string;
  reason: string | null;
}

/**
 * One donation's compliance case: the flags an officer must review and the obligations with
 * legal deadlines. Feeds the review queue and the remedies-due report.
 */
export interface ComplianceCaseRow {
  donationId: string;
  committeeId: string;
  campaignId: string;
  donorId: string;
  currency: string;
  receivedAt: string;
  receivedMinor: bigint;
  excessHeldMinor: bigint;
  /** Money gone back by refund or chargeback: it comes out of the excess first. */
  returnedMinor: bigint;
  flags: { code: string; detail: string }[];
  review: CaseReviewDecision | null;
  obligations: Obligation[];
  lastPosition: number;
}

type Handler = (row: ComplianceCaseRow, event: RecordedEvent) => ComplianceCaseRow;

/** Marks open obligations met once the excess is returned in full. */
function settleExcess(row: ComplianceCaseRow, by: string): ComplianceCaseRow {
  if (row.excessHeldMinor === 0n || row.returnedMinor < row.excessHeldMinor) return row;
  return { ...row, obligations: row.obligations.map((o) => (o.kind === 'excess_remedy' && o.metBy === null ? { ...o, metBy: by } : o)) };
}

/** Closes the flag's deadlines: the committee decided, or returned the money. */
export function closeFlagDeadlines(row: ComplianceCaseRow, by: string): ComplianceCaseRow {
  return { ...row, obligations: row.obligations.map((o) => (o.kind === 'flag_deadline' && o.metBy === null ? { ...o, metBy: by } : o)) };
}

/** Records an officer's decision on the flags; the review work's decision events call this. */
export function decided(row: ComplianceCaseRow, decision: CaseReviewDecision, eventType: string): ComplianceCaseRow {
  return closeFlagDeadlines({ ...row, review: decision }, eventType);
}

const returned: Handler = (row, event) => {
  const next = { ...row, returnedMinor: row.returnedMinor + parseMinor((event.payload as { amountMinor: string }).amountMinor) };
  const settled = settleExcess(next, event.type);
  if (settled.returnedMinor < settled.receivedMinor) return settled;
  // A flagged donation returned in full needs no more evidence (11 CFR 103.3(b)(1)); a required return is made (PPERA s.56(2)).
  const closed = settled.flags.length > 0 ? closeFlagDeadlines(settled, event.type) : settled;
  return { ...closed, obligations: closed.obligations.map((o) => (o.kind === 'return_required' && o.metBy === null ? { ...o, metBy: event.type } : o)) };
};

/**
 * The facts a case folds, by event type. The review work's officer decisions (approve, reject,
 * refund, redesignate, reattribute, request information) are one line each here, calling
 * `decided`, `closeFlagDeadlines` or marking an obligation met.
 */
export const COMPLIANCE_CASE_HANDLERS: Readonly<Record<string, Handler>> = {
  DonationFlagged: (row, event) => {
    const p = event.payload as DonationFlaggedV2;
    const deadlines = p.deadlines.map((d): Obligation => ({ kind: 'flag_deadline', action: d.action, dueOn: d.dueOn, amountMinor: null, options: p.reasons.map((r) => r.code), metBy: null }));
    return { ...row, flags: [...row.flags, ...p.reasons], obligations: [...row.obligations, ...deadlines] };
  },
  ExcessiveContributionHeld: (row, event) => {
    const p = event.payload as ExcessiveContributionHeldV1;
    const excess = parseMinor(p.excessAmountMinor);
    const obligation: Obligation = { kind: 'excess_remedy', action: 'refund_redesignate_or_reattribute', dueOn: p.dueOn, amountMinor: excess, options: [...p.remedies], metBy: null };
    return settleExcess({ ...row, excessHeldMinor: excess, obligations: [...row.obligations, obligation] }, 'DonationRefunded');
  },
  BestEffortsRequestOpened: (row, event) => {
    const p = event.payload as BestEffortsRequestOpenedV1;
    const obligation: Obligation = { kind: 'best_efforts_request', action: 'request_missing_details', dueOn: p.dueOn, amountMinor: null, options: [...p.missingDetails], metBy: null };
    return { ...row, obligations: [...row.obligations, obligation] };
  },
  // A flagged donation is accepted only once an officer established what the flag asked (the
  // approval decides it again, PPERA s.56(1)): its deadlines are met. The acceptance travels on
  // the donation's own topic and key, after its flag, so no cross-topic order is assumed.
  DonationAccepted: (row, event) => (row.flags.length > 0 ? closeFlagDeadlines(row, event.type) : row),
  // PPERA s.56(2): an impermissible or unidentifiable donation must go back within 30 days
  // beginning with its receipt. A flagged one refused by an officer already carries that
  // deadline as its flag's, so it is listed once.
  DonationReturnRequired: (row, event) => {
    const p = event.payload as DonationReturnRequiredV1;
    if (row.obligations.some((o) => o.metBy === null && (o.kind === 'flag_deadline' || o.kind === 'return_required'))) return row;
    if (row.returnedMinor >= row.receivedMinor) return row;
    const obligation: Obligation = { kind: 'return_required', action: p.action, dueOn: p.dueOn, amountMinor: parseMinor(p.amountMinor), options: [p.code], metBy: null };
    return { ...row, obligations: [...row.obligations, obligation] };
  },
  DonationRefunded: returned,
  ChargebackReceived: returned,
  // PPERA s.56(2), s.58: an officer recorded how the donation was dealt with (returned, paid to the
  // Electoral Commission, forfeited): its return, and a refused flag's deadline, are met.
  ImpermissibleDonationDealtWith: (row, event) => ({
    ...row,
    obligations: row.obligations.map((o) => ((o.kind === 'return_required' || o.kind === 'flag_deadline') && o.metBy === null ? { ...o, metBy: event.type } : o)),
  }),
};

export const COMPLIANCE_CASE_EVENT_TYPES: readonly string[] = ['DonationReceived', ...Object.keys(COMPLIANCE_CASE_HANDLERS)];

function opened(event: RecordedEvent): ComplianceCaseRow {
  const p = event.payload as DonationReceivedV3;
  return {
    donationId: p.donationId,
    committeeId: p.committeeId,
    campaignId: p.campaignId,
    donorId: p.donor.donorId,
    currency: p.currency,
    receivedAt: p.receivedAt,
    receivedMinor: parseMinor(p.amountMinor),
    excessHeldMinor: 0n,
    returnedMinor: 0n,
    flags: [],
    review: null,
    obligations: [],
    lastPosition: event.position,
  };
}

export function evolveComplianceCaseRow(row: ComplianceCaseRow | null, event: RecordedEvent): ComplianceCaseRow | null {
  if (event.type === 'DonationReceived') return row && row.lastPosition >= event.position ? row : opened(event);
  const handler = COMPLIANCE_CASE_HANDLERS[event.type];
  if (!handler || row === null || event.position <= row.lastPosition) return row;
  return { ...handler(row, event), lastPosition: event.position };
}
