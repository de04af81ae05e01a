import type { DonorType } from '#contracts';

/**
 * How the FEC files a receipt or a refund: its schedule line (form type), the transaction type
 * that names the FEC's JSON Schema for it (fecgov/fecfile-validate, schema/<type>.json), its
 * entity type, and the Form 3 summary line it adds up on (11 CFR 104.3(a) receipts, 104.3(b)
 * disbursements; Form 3 lines 11(a)-(d) and 20(a)-(c)).
 */
export interface FecTransactionType {
  /** The schema's file name (without .json) in the FEC's schema folder. */
  schema: string;
  transactionTypeIdentifier: string;
  formType: string;
  entityType: 'IND' | 'ORG' | 'COM' | 'CAN';
  /** The Form 3 line the amount adds up on. */
  summaryLine: '11ai' | '11b' | '11c' | '11d' | '20a' | '20b' | '20c';
  /** The purpose the FEC requires this type to state, in its own words where its schema fixes them. */
  purpose?: string;
}

/**
 * The kinds of contributor a candidate committee's receipts come from, as the FEC tells them
 * apart. Extension point: a donor type added by the regulatory work (a PAC, a party committee,
 * a partnership, the candidate) maps to one of these in FEC_CONTRIBUTOR_KIND_OF_DONOR, and an
 * earmarked receipt (the conduit work) takes `earmark`.
 */
export type FecContributorKind = 'individual' | 'partnership' | 'party_committee' | 'pac' | 'earmark';

export const FEC_RECEIPT_TYPES: Readonly<Record<FecContributorKind, FecTransactionType>> = Object.freeze({
  individual: { schema: 'INDIVIDUAL_RECEIPT', transactionTypeIdentifier: 'INDIVIDUAL_RECEIPT', formType: 'SA11AI', entityType: 'IND', summaryLine: '11ai' },
  partnership: { schema: 'PARTNERSHIP_RECEIPT', transactionTypeIdentifier: 'PARTNERSHIP_RECEIPT', formType: 'SA11AI', entityType: 'ORG', summaryLine: '11ai', purpose: 'Partnership attributions do not meet itemization threshold' },
  party_committee: { schema: 'PARTY_RECEIPT', transactionTypeIdentifier: 'PARTY_RECEIPT', formType: 'SA11B', entityType: 'COM', summaryLine: '11b' },
  pac: { schema: 'PAC_RECEIPT', transactionTypeIdentifier: 'PAC_RECEIPT', formType: 'SA11C', entityType: 'COM', summaryLine: '11c' },
  earmark: { schema: 'EARMARK_RECEIPT', transactionTypeIdentifier: 'EARMARK_RECEIPT', formType: 'SA11AI', entityType: 'IND', summaryLine: '11ai' },
});

/**
 * The memo under an earmarked receipt that names the conduit it came through (a memo: it adds
 * to no total, and refers back to the receipt's transaction id). The conduit work files its
 * earmarks with EARMARK_RECEIPT and this memo. The candidate's own contributions (line 11(d))
 * have no schema in the FEC's fecfile-validate folder, so no kind files there yet.
 */
export const FEC_EARMARK_MEMO_TYPE: FecTransactionType = Object.freeze({ schema: 'EARMARK_MEMO', transactionTypeIdentifier: 'EARMARK_MEMO', formType: 'SA11AI', entityType: 'COM', summaryLine: '11ai' });

/**
 * Refunds of contributions (Schedule B, line 20): to individuals and other persons (20(a),
 * SB28A, INDIVIDUAL_REFUNDS, whose entity is IND or ORG), to party committees (20(b)) and to
 * other committees (20(c)). Only the first is defined by a schema in the FEC's folder for a
 * candidate committee; committee refunds stay undefined until a donor type needs them.
 */
export const FEC_REFUND_TYPES: Readonly<Partial<Record<FecContributorKind, FecTransactionType>>> = Object.freeze({
  individual: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'IND', summaryLine: '20a' },
  partnership: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'ORG', summaryLine: '20a' },
  earmark: { schema: 'INDIVIDUAL_REFUNDS', transactionTypeIdentifier: 'REFUND_INDIVIDUAL_CONTRIBUTION', formType: 'SB28A', entityType: 'IND', summaryLine: '20a' },
});

/**
 * The FEC kind of each donor type a US candidate committee may accept. Corporations, labour
 * organisations and the UK's other permissible donors are prohibited sources for it (52 U.S.C.
 * 30118), so they have none: compliance refuses them before any report sees them.
 */
export const FEC_CONTRIBUTOR_KIND_OF_DONOR: Readonly<Partial<Record<DonorType, FecContributorKind>>> = Object.freeze({
  individual: 'individual',
});

export const fecContributorKindOf = (donorType: DonorType): FecContributorKind | null => FEC_CONTRIBUTOR_KIND_OF_DONOR[donorType] ?? null;
