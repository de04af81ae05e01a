import type { DonorType } from '#contracts';

/**
 * How the FEC files a receipt or a refund: its schedule line (form type), the transaction type
 * that names the FEC's JSON Schema for it (fecgov/fecfile-validate, schema/<type>.json), its
 * entity type, and the Form 3 summary line it adds up on (11 CFR 104.3(a) receipts, 104.3(b)
 * disbursements; Form 3 lines 11(a)-(d) and 20(a)-(c)).
 */
export interface FecTransactionType {
  /**
   * The schema's file name (without .json) in the FEC's schema folder; null where the FEC
   * publishes none (its JSON schemas are FECfile+'s, which files Form 3X: a candidate's own
   * contributions, Form 3 line 11(d), have none), so the line is in the .fec file only.
   */
  schema: string | null;
  /** The FEC's transaction type identifier; null with the schema. */
  transactionTypeIdentifier: string | null;
  formType: string;
  entityType: 'IND' | 'ORG' | 'COM' | 'CAN';
  /** The Form 3 line the amount adds up on. */
  summaryLine: '11ai' | '11b' | '11c' | '11d' | '20a' | '20b' | '20c';
  /** The purpose the FEC requires this type to state, in its own words where its schema fixes them. */
  purpose?: string;
  /** An in-kind type: its purpose is "In-Kind: " and what was given (the schema's pattern). */
  inKind?: true;
}

/** A type the FEC defines in JSON: what the transaction builders take. */
export type FecJsonTransactionType = FecTransactionType & { schema: string; transactionTypeIdentifier: string };
export const hasFecSchema = (type: FecTransactionType): type is FecJsonTransactionType => type.schema !== null && type.transactionTypeIdentifier !== null;

/**
 * The kinds of contributor a candidate committee's receipts come from, as the FEC tells them
 * apart; each donor type maps to one in FEC_CONTRIBUTOR_KIND_OF_DONOR (the one place to change
 * when a donor type is added), and an earmarked receipt (the conduit work) takes `earmark`.
 */
export type FecContributorKind = 'individual' | 'partnership' | 'party_committee' | 'pac' | 'earmark' | 'candidate';

export const FEC_RECEIPT_TYPES: Readonly<Record<FecContributorKind, FecTransactionType>> = Object.freeze({
  individual: { schema: 'INDIVIDUAL_RECEIPT', transactionTypeIdentifier: 'INDIVIDUAL_RECEIPT', formType: 'SA11AI', entityType: 'IND', summaryLine: '11ai' },
  partnership: { schema: 'PARTNERSHIP_RECEIPT', transactionTypeIdentifier: 'PARTNERSHIP_RECEIPT', formType: 'SA11AI', entityType: 'ORG', summaryLine: '11ai', purpose: 'Partnership attributions do not meet itemization threshold' },
  party_committee: { schema: 'PARTY_RECEIPT', transactionTypeIdentifier: 'PARTY_RECEIPT', formType: 'SA11B', entityType: 'COM', summaryLine: '11b' },
  pac: { schema: 'PAC_RECEIPT', transactionTypeIdentifier: 'PAC_RECEIPT', formType: 'SA11C', entityType: 'COM', summaryLine: '11c' },
  earmark: { schema: 'EARMARK_RECEIPT', transactionTypeIdentifier: 'EARMARK_RECEIPT', formType: 'SA11AI', entityType: 'IND', summaryLine: '11ai' },
  candidate: { schema: null, transactionTypeIdentifier: null, formType: 'SA11D', entityType: 'CAN', summaryLine: '11d' },
});

/**
 * Goods and services given instead of money, where the FEC has a type of their own: an
 * individual's (IN_KIND_RECEIPT), a party's and a PAC's (COM_IN_KIND_RECEIPTS). They add up on
 * the same line as money from the same kind of contributor. A partnership's, an earmark's and
 * the candidate's in-kind gifts have no type of their own and are filed as their receipts,
 * with what was given in the memo.
 */
export const FEC_IN_KIND_RECEIPT_TYPES: Readonly<Partial<Record<FecContributorKind, FecTransactionType>>> = Object.freeze({
  individual: { schema: 'IN_KIND_RECEIPT', transactionTypeIdentifier: 'IN_KIND_RECEIPT', formType: 'SA11AI', entityType: 'IND', summaryLine: '11ai', inKind: true },
  party_committee: { schema: 'COM_IN_KIND_RECEIPTS', transactionTypeIdentifier: 'PARTY_IN_KIND_RECEIPT', formType: 'SA11B', entityType: 'COM', summaryLine: '11b', inKind: true },
  pac: { schema: 'COM_IN_KIND_RECEIPTS', transactionTypeIdentifier: 'PAC_IN_KIND_RECEIPT', formType: 'SA11C', entityType: 'COM', summaryLine: '11c', inKind: true },
});

/**
 * The memo under an earmarked receipt that names the conduit it came through (a memo: it adds
 * to no total, and refers back to the receipt's transaction id). The conduit work files its
 * earmarks with EARMARK_RECEIPT and this memo.
 */
export const FEC_EARMARK_MEMO_TYPE: FecJsonTransactionType = Object.freeze({ schema: 'EARMARK_MEMO', transactionTypeIdentifier: 'EARMARK_MEMO', formType: 'SA11AI', entityType: 'COM', summaryLine: '11ai' });

/**
 * The memo under a partnership's receipt that names a partner its gift is attributed to
 * (11 CFR 110.1(e), 104.8(e)): an individual, a memo (it adds to no total), referring back to the
 * partnership's line, listed when the partner's own aggregate for the cycle passes $200.
 */
export const FEC_PARTNERSHIP_ATTRIBUTION_TYPE: FecJsonTransactionType = Object.freeze({
  schema: 'PARTNERSHIP_ATTRIBUTION',
  transactionTypeIdentifier: 'PARTNERSHIP_ATTRIBUTION',
  formType: 'SA11AI',
  entityType: 'IND',
  summaryLine: '11ai',
  purpose: 'Partnership Attribution',
});

/** What a partnership's receipt says of its partners, in the words the FEC's schema fixes (PARTNERSHIP_RECEIPT). */
export const FEC_PARTNERSHIP_PURPOSES = Object.freeze({
  attributionsBelow: 'See Partnership Attribution(s) below',
  attributionsUnitemized: 'Partnership attributions do not meet itemization threshold',
});

/**
 * Refunds of contributions (Schedule B, line 20): to individuals and other persons (20(a),
 * INDIVIDUAL_REFUNDS, whose entity is IND or ORG; the candidate is a person), to party
 * committees (20(b)) and to other committees (20(c)), both PARTY_PAC_REFUNDS. The form types
 * are those the FEC's schemas fix.
 */
export const FEC_REFUND_TYPES: Readonly<Record<FecContributorKind, FecTransactionType>> = Object.freeze({
  individual: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'IND', summaryLine: '20a' },
  partnership: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'ORG', summaryLine: '20a' },
  earmark: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'IND', summaryLine: '20a' },
  candidate: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'IND', summaryLine: '20a' },
  party_committee: { schema: 'PARTY_PAC_REFUNDS', transactionTypeIdentifier: 'REFUND_PARTY_CONTRIBUTION', formType: 'SB28B', entityType: 'COM', summaryLine: '20b' },
  pac: { schema: 'PARTY_PAC_REFUNDS', transactionTypeIdentifier: 'REFUND_PAC_CONTRIBUTION', formType: 'SB28C', entityType: 'COM', summaryLine: '20c' },
});

/**
 * The FEC kind of each donor type a US candidate committee may accept: the one mapping from
 * donor types to FEC transaction types. Corporations, labour organisations and the UK's other
 * permissible donors are prohibited sources for it (52 U.S.C. 30118), so they have none:
 * compliance refuses them before any report sees them.
 * - Another candidate's authorized committee and any PAC give on line 11(c), "other political
 *   committees" (PAC_RECEIPT); a party committee on 11(b) (PARTY_RECEIPT).
 * - An LLC treated as a partnership gives as a partnership (11 CFR 110.1(g)(2)).
 * - A single-member LLC's gift is its member's (11 CFR 110.1(g)(4)): an individual's receipt,
 *   the member named as the contributor.
 */
export const FEC_CONTRIBUTOR_KIND_OF_DONOR: Readonly<Partial<Record<DonorType, FecContributorKind>>> = Object.freeze({
  individual: 'individual',
  candidate: 'candidate',
  candidate_committee: 'pac',
  multicandidate_pac: 'pac',
  pac: 'pac',
  party_committee: 'party_committee',
  partnership: 'partnership',
  llc: 'partnership',
  single_member_llc: 'individual',
});

export const fecContributorKindOf = (donorType: DonorType): FecContributorKind | null => FEC_CONTRIBUTOR_KIND_OF_DONOR[donorType] ?? null;

/** The type a receipt is filed as: its contributor's kind, and in kind where the FEC has a type for that. */
export function fecReceiptTypeOf(donorType: DonorType, inKind: boolean): FecTransactionType | null {
  const kind = fecContributorKindOf(donorType);
  if (kind === null) return null;
  return (inKind ? FEC_IN_KIND_RECEIPT_TYPES[kind] : undefined) ?? FEC_RECEIPT_TYPES[kind];
}

export function fecRefundTypeOf(donorType: DonorType): FecTransactionType | null {
  const kind = fecContributorKindOf(donorType);
  return kind === null ? null : FEC_REFUND_TYPES[kind];
}
