import { DISPOSAL_MANNERS, type DisposalManner } from '#contracts';
import { asObject, invalid, text } from './fields.js';
import { calendarDay } from './intake-input.js';

export interface ImpermissibleDisposalInput {
  manner: DisposalManner;
  dealtWithOn: string;
  reference: string | null;
  reason: string;
}

/**
 * POST /v1/donations/{id}/dealt-with: how a donation the party may not keep was dealt with
 * (PPERA s.56(2), s.58), on which committee-local day, under which payment, receipt or court
 * order, and why.
 */
export function parseImpermissibleDisposalRequest(raw: unknown): ImpermissibleDisposalInput {
  const body = asObject(raw, 'body');
  const manner = body.manner;
  if (typeof manner !== 'string' || !(DISPOSAL_MANNERS as readonly string[]).includes(manner)) invalid('manner', `must be one of ${DISPOSAL_MANNERS.join(', ')}`);
  return {
    manner: manner as DisposalManner,
    dealtWithOn: calendarDay(body, 'dealtWithOn'),
    reference: text(body, 'reference', { max: 200, optional: true }),
    reason: text(body, 'reason', { max: 500 }) as string,
  };
}
