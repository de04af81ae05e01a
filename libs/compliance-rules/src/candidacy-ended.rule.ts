import type { ExcessRemedy } from '#contracts';
import { addDays, dayInZone } from './calendar-zone.js';
import { daysOf, type RulePack } from './rule-pack.js';

/** A gift for an election the candidate will not run in: all of it goes back. */
export interface CandidacyEndedRefund {
  endedOn: string;
  dueOn: string;
  remedies: readonly ExcessRemedy[];
  citation: string;
}

const REFUND_ONLY: readonly ExcessRemedy[] = Object.freeze(['refund']);

/**
 * 11 CFR 102.9(e)(3): once the candidate will not be a candidate in an election (lost the
 * primary, or withdrew), the committee keeps nothing given for it: every gift for it is to be
 * refunded within the pack's period (60 days). The period runs from the later of the day the
 * candidacy ended and the committee-local day the gift was received: a gift already in hand
 * when the primary is lost is due 60 days after the primary, one arriving later 60 days after
 * it arrives. Null while the candidacy stands (no end recorded).
 */
export function refundForEndedCandidacy(pack: RulePack, gift: { receivedAt: string; candidacyEndedOn: string | null }): CandidacyEndedRefund | null {
  if (gift.candidacyEndedOn === null) return null;
  const receivedOn = dayInZone(gift.receivedAt, pack.timeZone);
  if (receivedOn === null) throw new RangeError(`receivedAt ${gift.receivedAt} is not an instant with a time zone`);
  const from = receivedOn > gift.candidacyEndedOn ? receivedOn : gift.candidacyEndedOn;
  const period = pack.periods.candidacyEndedRefund;
  return { endedOn: gift.candidacyEndedOn, dueOn: addDays(from, daysOf(pack, 'candidacyEndedRefund')), remedies: REFUND_ONLY, citation: period?.citation ?? '' };
}
