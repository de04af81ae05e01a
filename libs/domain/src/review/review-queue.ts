import type { ReviewItemKind } from '#contracts';
import { reviewItemsOf, type ReviewState, type ReviewSubject } from './review.decider.js';

export interface QueueEntry {
  donationId: string;
  campaignId: string;
  committeeId: string;
  donorId: string;
  kind: ReviewItemKind;
  dueOn: string;
  /** Past its last day: `today` is after `dueOn`. */
  overdue: boolean;
  amountMinor: bigint;
  currency: string;
}

/**
 * The officer's queue: every open item of the given donations, soonest legal deadline first
 * (then by donation and kind, so the order is stable), each marked overdue once its last day
 * has passed. `today` (YYYY-MM-DD, UTC) comes from the caller's clock, never from here.
 */
export function reviewQueue(donations: readonly { subject: ReviewSubject; review: ReviewState }[], today: string): QueueEntry[] {
  return donations
    .flatMap(({ subject, review }) =>
      reviewItemsOf(subject, review)
        .filter((item) => item.open)
        .map((item) => ({
          donationId: subject.received.donationId,
          campaignId: subject.received.campaignId,
          committeeId: subject.received.committeeId,
          donorId: subject.received.donor.donorId,
          kind: item.kind,
          dueOn: item.dueOn,
          overdue: today > item.dueOn,
          amountMinor: item.amountMinor,
          currency: subject.received.currency,
        })),
    )
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.donationId.localeCompare(b.donationId) || a.kind.localeCompare(b.kind));
}
