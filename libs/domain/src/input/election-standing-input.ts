import { CANDIDACY_END_CAUSES, type CandidacyEndCause } from '#contracts';
import { asObject, invalid, text } from './fields.js';
import { amountMinor, calendarDay } from './intake-input.js';

export interface NetDebtsInput {
  netDebtsMinor: bigint;
  asOf: string;
  reason: string;
}

/** POST /v1/committees/{id}/elections/{electionId}/net-debts: the figure, the committee-local day it is stated as of, and why. */
export function parseNetDebtsRequest(raw: unknown): NetDebtsInput {
  const body = asObject(raw, 'body');
  return { netDebtsMinor: amountMinor(body, 'netDebtsMinor'), asOf: calendarDay(body, 'asOf'), reason: text(body, 'reason', { max: 500 }) as string };
}

export interface CandidacyEndInput {
  cause: CandidacyEndCause;
  endedOn: string;
  reason: string;
}

/** POST /v1/committees/{id}/elections/{electionId}/candidacy-end: lost the primary or withdrew, on which committee-local day, and why. */
export function parseCandidacyEndRequest(raw: unknown): CandidacyEndInput {
  const body = asObject(raw, 'body');
  const cause = body.cause;
  if (typeof cause !== 'string' || !(CANDIDACY_END_CAUSES as readonly string[]).includes(cause)) invalid('cause', `must be one of ${CANDIDACY_END_CAUSES.join(', ')}`);
  return { cause: cause as CandidacyEndCause, endedOn: calendarDay(body, 'endedOn'), reason: text(body, 'reason', { max: 500 }) as string };
}
