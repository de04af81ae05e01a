import { dueOnInZone } from './calendar-zone.js';
import { amountOf, daysOf, type RulePack } from './rule-pack.js';

/**
 * `authorized_committee`: a candidate's committee; `political_committee`: any other (a party
 * committee, a PAC). The contracts name the same two (RECIPIENT_COMMITTEE_TYPES).
 */
export type EarmarkRecipientType = 'authorized_committee' | 'political_committee';

export interface EarmarkForwardingDeadline {
  /** The last day the conduit may forward the contribution on. */
  dueOn: string;
  days: number;
  citation: string;
}

/**
 * When a conduit must have forwarded an earmarked contribution (11 CFR 110.6(b)(2)(iii), which
 * sends the conduit to 102.8): within 10 days of receipt, counted from the day received; one to
 * a political committee that is not a candidate's, of the small amount or less, within 30 days
 * (102.8(b)(1)). The periods and the amount are the pack's, dated; the days are the pack's
 * calendar (a committee's pack counts its local days).
 */
export function earmarkForwardingDeadline(pack: RulePack, share: { receivedAt: string; amountMinor: bigint; recipientType: EarmarkRecipientType }): EarmarkForwardingDeadline {
  const small = amountOf(pack, 'earmarkSmallContribution');
  const period = share.recipientType === 'political_committee' && small !== null && share.amountMinor <= small ? 'earmarkForwardingSmall' : 'earmarkForwarding';
  const days = daysOf(pack, period);
  return { dueOn: dueOnInZone(share.receivedAt, days, pack.timeZone), days, citation: pack.periods[period]?.citation ?? '' };
}
