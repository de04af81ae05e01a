import type { NewEvent } from '../shared/envelope.js';
import type { PaymentMethod } from '../donation/donation.events.js';
import type { ExcessCounted } from '../review/review.events.js';

/**
 * Facts on a donor's aggregate stream: what compliance counted towards a limit, and what
 * it took back. The stream is appended with an expected revision so two donations from one
 * donor can never both use the same headroom.
 */
export interface ContributionCountedV1 {
  donationId: string;
  donorId: string;
  electionId: string;
  amountMinor: string;
  currency: string;
  aggregateAfterMinor: string;
}

/**
 * v2: what a repeated decision needs to say again exactly what was decided, whatever the
 * donor gave since: how it was paid (cash counts towards its own limit), whether it was
 * itemized and the figures compared. `amountMinor` is the part counted, which for an
 * excessive contribution is less than was received.
 */
export interface ContributionCountedV2 extends ContributionCountedV1 {
  /** null for a v1 contribution, which did not record it. */
  paymentMethod: PaymentMethod | null;
  /** null for a v1 contribution. */
  itemized: boolean | null;
  /** Empty for a v1 contribution. */
  figures: Record<string, string>;
  /** The rules the decision applied; empty for a v1 contribution. */
  ruleIds: string[];
}

export interface ContributionReversedV1 {
  donationId: string;
  donorId: string;
  electionId: string;
  amountMinor: string;
  currency: string;
  reason: 'refund' | 'chargeback';
}

/**
 * Under PPERA the value of a donation is what was paid above the market value of goods or
 * services the donor received in return (s.50, s.53): a reward granted for a counted donation
 * lowers what it counts for, and one revoked restores it. `countedBeforeMinor` and
 * `countedAfterMinor` are what the donation counted for towards the donor's year on either
 * side, for the auditor; the aggregate itself follows from the facts (see evolveDonorAggregate).
 */
export interface ContributionBenefitRecordedV1 {
  donationId: string;
  donorId: string;
  electionId: string;
  grantId: string;
  change: 'granted' | 'revoked';
  fairMarketValueMinor: string;
  currency: string;
  countedBeforeMinor: string;
  countedAfterMinor: string;
  rulePackVersion: string;
}

/**
 * An officer found two donor ids to be one person (issue 14, item 12: a near match such as an
 * initial or a second address) and linked them: from this fact on, compliance judges each
 * donation of either against what both have given. Appended to both donors' aggregate
 * streams, each naming its own donor first; it carries ids only, never the names the
 * officer compared (those stay sealed in the vault).
 */
export interface DonorIdentitiesLinkedV1 {
  committeeId: string;
  /** The donor whose aggregate stream holds this fact. */
  donorId: string;
  /** The donor now counted together with it. */
  linkedDonorId: string;
  /** `api-key:<key id>` of the officer who linked them. */
  officer: string;
  reason: string;
}

/**
 * An officer undid a link between two donor identities that was made in error (issue 14, item
 * 12): from this fact on, compliance judges each donation of either against its own aggregate
 * again, and the FEC reports count them as two contributors. Appended to both donors' aggregate
 * streams, each naming its own donor first; ids only.
 */
export interface DonorIdentitiesUnlinkedV1 {
  committeeId: string;
  /** The link undone: the id its DonorIdentitiesLinked facts were caused by. */
  linkId: string;
  /** The donor whose aggregate stream holds this fact. */
  donorId: string;
  /** The donor no longer counted together with it. */
  linkedDonorId: string;
  /** `api-key:<key id>` of the officer who undid the link. */
  officer: string;
  reason: string;
}

export type ContributionCounted = NewEvent<'ContributionCounted', ContributionCountedV2>;
export type ContributionReversed = NewEvent<'ContributionReversed', ContributionReversedV1>;
export type ContributionBenefitRecorded = NewEvent<'ContributionBenefitRecorded', ContributionBenefitRecordedV1>;
export type DonorIdentitiesLinked = NewEvent<'DonorIdentitiesLinked', DonorIdentitiesLinkedV1>;
export type DonorIdentitiesUnlinked = NewEvent<'DonorIdentitiesUnlinked', DonorIdentitiesUnlinkedV1>;
export type DonorAggregateEvent = ContributionCounted | ContributionReversed | ContributionBenefitRecorded | ExcessCounted | DonorIdentitiesLinked | DonorIdentitiesUnlinked;

export const donorAggregateStreamId = (committeeId: string, donorId: string): string =>
  `donor-${committeeId}-${donorId}`;
