import { DONATION_DATE_KINDS, type DonationDateKind } from '#contracts';
import { asObject, invalid, text } from './fields.js';
import { calendarDay, instant } from './intake-input.js';

/** POST /v1/donations/{id}/deposit: the committee-local day it was deposited. */
export function parseDepositRequest(raw: unknown): { depositedOn: string } {
  return { depositedOn: calendarDay(asObject(raw, 'body'), 'depositedOn') };
}

export interface DateCorrectionInput {
  date: DonationDateKind;
  corrected: string;
  reason: string;
}

/**
 * POST /v1/donations/{id}/date-corrections: which date, what it should be and why. A receipt or
 * acceptance is an instant with its zone (a bare day would leave the hour, and so perhaps the
 * committee's day, to a guess); a deposit is a committee-local day.
 */
export function parseDateCorrectionRequest(raw: unknown): DateCorrectionInput {
  const body = asObject(raw, 'body');
  const date = body.date;
  if (typeof date !== 'string' || !(DONATION_DATE_KINDS as readonly string[]).includes(date)) invalid('date', `must be one of ${DONATION_DATE_KINDS.join(', ')}`);
  const kind = date as DonationDateKind;
  const corrected = kind === 'deposited' ? calendarDay(body, 'corrected') : (instant(body, 'corrected') as string);
  return { date: kind, corrected, reason: text(body, 'reason', { max: 500 }) as string };
}
