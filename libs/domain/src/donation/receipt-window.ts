import { reject } from '../shared/rejection.js';

/** How far ahead of our clock a client's receipt time may be: clocks drift, receipts do not come from the future. */
export const RECEIPT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How long after a campaign closes a receipt from inside its window may still be posted: a
 * cheque or cash taken at the last event, entered the next week. The law counts a donation
 * on the day it was received, so that is the time judged against the window; past this grace
 * the campaign's books are closed and a late receipt needs a correction, not an intake.
 */
export const LATE_POSTING_GRACE_MS = 10 * 24 * 60 * 60_000;

export interface ReceiptTimes {
  /** When the committee received the donation (the client's, or our clock when it gave none). */
  receivedAt: string;
  /** Our clock when the request arrived. */
  now: string;
  opensAt: string;
  closesAt: string | null;
}

/** Whether a donation received at `receivedAt`, posted `now`, falls within the campaign's window. */
export function checkReceiptWindow(times: ReceiptTimes): void {
  const received = Date.parse(times.receivedAt);
  const now = Date.parse(times.now);
  if (received > now + RECEIPT_CLOCK_SKEW_MS) {
    reject('received_at_in_future', `receivedAt is more than ${RECEIPT_CLOCK_SKEW_MS / 60_000} minutes ahead of the server's clock`);
  }
  if (received < Date.parse(times.opensAt)) reject('campaign_not_open', `campaign opens at ${times.opensAt}`);
  if (times.closesAt === null) return;
  const closes = Date.parse(times.closesAt);
  if (received >= closes) reject('campaign_closed', `campaign closed at ${times.closesAt}`);
  if (now >= closes + LATE_POSTING_GRACE_MS) {
    reject('campaign_closed', `campaign closed at ${times.closesAt}; receipts from its window were taken for ${LATE_POSTING_GRACE_MS / 86_400_000} days after`);
  }
}
