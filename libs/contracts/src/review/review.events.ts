import type { NewEvent } from '../shared/envelope.js';
import type { MatchKeyKind, PaymentMethod } from '../donation/donation.events.js';

/*
 * Structuring detection and officers' review. Detection keeps its cross-donor memory in the
 * ledger: one stream per committee and match key (a keyed hash, never plaintext) lists the
 * donations and refunds seen with that key, appended with an expected revision so that
 * replicas deciding at once see each other. A suspicion and every officer's decision live on
 * the donation's review stream, which guards that each item is decided, and each held excess
 * remedied, once.
 */

/** What a sighting was keyed on: one of the donation's match keys, or the donor's own id. */
export const SIGHTING_KEY_KINDS = ['paymentInstrument', 'address', 'email', 'device', 'nearName', 'nameCard', 'donor'] as const;
export type SightingKeyKind = MatchKeyKind | 'donor';

export const SIGHTING_KINDS = ['donation', 'refund'] as const;
export type SightingKind = (typeof SIGHTING_KINDS)[number];

/** A donation (or the refund of one) seen with a match key, on that key's structuring stream. */
export interface StructuringSightingRecordedV1 {
  donationId: string;
  donorId: string;
  keyKind: SightingKeyKind;
  sighting: SightingKind;
  amountMinor: string;
  currency: string;
  /** When the donation was received, or when the refund happened. */
  at: string;
}

export const STRUCTURING_DETECTORS = ['just-under-threshold', 'burst', 'round-trip-refund', 'donor-near-match'] as const;
export type StructuringDetectorId = (typeof STRUCTURING_DETECTORS)[number];

export interface StructuringFinding {
  detector: StructuringDetectorId;
  keyKind: SightingKeyKind;
  /** The other donations of the pattern, the evidence an officer reviews. */
  relatedDonationIds: string[];
  /** The figures the detector compared (decimal strings). */
  figures: Record<string, string>;
}

/**
 * A detector matched: the donation goes to an officer with the evidence. It is never refused
 * for this: the officer approves it, or rejects and refunds it, by `reviewDueOn`.
 */
export interface StructuringSuspectedV1 {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  amountMinor: string;
  currency: string;
  receivedAt: string;
  findings: StructuringFinding[];
  ruleIds: string[];
  rulePackVersion: string;
  /** Last day (UTC) to decide, YYYY-MM-DD. */
  reviewDueOn: string;
}

/** What an officer decides about: a flag of compliance, a structuring suspicion, a held excess, a best-efforts request. */
export const REVIEW_ITEM_KINDS = ['questionable_source', 'structuring', 'excess', 'best_efforts'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

/** The officer kept a flagged donation (evidence of legality obtained, suspicion cleared). */
export interface ReviewItemApprovedV1 {
  donationId: string;
  committeeId: string;
  item: ReviewItemKind;
  /** `api-key:<key id>` of the officer who decided. */
  officer: string;
  reason: string;
}

/** The officer refused the money: it is to be refunded (the PSP's refund records it going back). */
export interface ReviewItemRejectedV1 {
  donationId: string;
  committeeId: string;
  item: ReviewItemKind;
  officer: string;
  reason: string;
  refundAmountMinor: string;
  currency: string;
}

/** Part of a held excess now counts towards another election of the committee (11 CFR 110.1(b)(5)). */
export interface ExcessRedesignatedV1 {
  donationId: string;
  committeeId: string;
  donorId: string;
  fromElectionId: string;
  toElectionId: string;
  amountMinor: string;
  currency: string;
  /** What is left of the excess after this remedy. */
  remainingExcessMinor: string;
  officer: string;
  reason: string;
}

/** Part of a held excess now counts for a joint account holder (11 CFR 110.1(k)(3)). */
export interface ExcessReattributedV1 {
  donationId: string;
  committeeId: string;
  fromDonorId: string;
  toDonorId: string;
  electionId: string;
  amountMinor: string;
  currency: string;
  remainingExcessMinor: string;
  officer: string;
  reason: string;
}

/** The officer asked the donor for information (evidence, missing details); the item stays open unless it was a best-efforts request. */
export interface ReviewInformationRequestedV1 {
  donationId: string;
  committeeId: string;
  item: ReviewItemKind;
  officer: string;
  reason: string;
}

/** On a donor's aggregate: a remedied excess now counted there (redesignated, or reattributed to this donor). */
export interface ExcessCountedV1 {
  donationId: string;
  donorId: string;
  electionId: string;
  amountMinor: string;
  currency: string;
  remedy: 'redesignation' | 'reattribution';
  /** The officer's decision it carries out; its id derives from it. */
  decisionEventId: string;
  paymentMethod: PaymentMethod;
}

export type StructuringSightingRecorded = NewEvent<'StructuringSightingRecorded', StructuringSightingRecordedV1>;
export type StructuringSuspected = NewEvent<'StructuringSuspected', StructuringSuspectedV1>;
export type ReviewItemApproved = NewEvent<'ReviewItemApproved', ReviewItemApprovedV1>;
export type ReviewItemRejected = NewEvent<'ReviewItemRejected', ReviewItemRejectedV1>;
export type ExcessRedesignated = NewEvent<'ExcessRedesignated', ExcessRedesignatedV1>;
export type ExcessReattributed = NewEvent<'ExcessReattributed', ExcessReattributedV1>;
export type ReviewInformationRequested = NewEvent<'ReviewInformationRequested', ReviewInformationRequestedV1>;
export type ExcessCounted = NewEvent<'ExcessCounted', ExcessCountedV1>;

export type StructuringEvent = StructuringSightingRecorded;
export type ReviewDecisionEvent = ReviewItemApproved | ReviewItemRejected | ExcessRedesignated | ExcessReattributed | ReviewInformationRequested;
export type ReviewEvent = StructuringSuspected | ReviewDecisionEvent;

export const structuringKeyStreamId = (committeeId: string, kind: SightingKeyKind, key: string): string => `structuring-${committeeId}-${kind}-${key}`;
export const reviewStreamId = (donationId: string): string => `review-${donationId}`;
