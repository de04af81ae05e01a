import type { NewEvent } from './envelope.js';

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

export interface ContributionReversedV1 {
  donationId: string;
  donorId: string;
  electionId: string;
  amountMinor: string;
  currency: string;
  reason: 'refund' | 'chargeback';
}

export type ContributionCounted = NewEvent<'ContributionCounted', ContributionCountedV1>;
export type ContributionReversed = NewEvent<'ContributionReversed', ContributionReversedV1>;
export type DonorAggregateEvent = ContributionCounted | ContributionReversed;

export const donorAggregateStreamId = (committeeId: string, donorId: string): string =>
  `donor-${committeeId}-${donorId}`;
