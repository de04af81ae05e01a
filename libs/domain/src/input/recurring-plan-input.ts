import { PLAN_CHANGE_REQUESTERS, type PlanChangeRequester } from '#contracts';
import { asObject, InputError, text } from './fields.js';
import { calendarDay, identifierField, instant, parseDonationRequest, type DonationInput } from './intake-input.js';

/**
 * Request bodies of the recurring-plan API. What a plan shares with a donation (amount,
 * currency, donor, payment, election) is parsed by parseDonationRequest itself, so a donor
 * field added there is taken, checked and named the same way for plans.
 */

/** The members of a plan request that describe each instalment, exactly as a donation request has them. */
const DONATION_MEMBERS = ['amountMinor', 'currency', 'donor', 'payment', 'electionId'] as const;

export interface RecurringPlanInput extends Omit<DonationInput, 'donationId' | 'receivedAt' | 'publicAcknowledgement'> {
  planId: string | null;
  dayOfMonth: number;
  startsOn: string | null;
  /** True only when the body said `"consent": true`; absent, false, "true" or 1 are all no. */
  consent: boolean;
  consentText: string | null;
  consentVersion: string | null;
  consentedAt: string | null;
}

const invalid = (field: string, detail: string): never => {
  throw new InputError('invalid_request', field, `${field}: ${detail}`);
};

function dayOfMonth(body: Record<string, unknown>): number {
  const value = body.dayOfMonth;
  if (value === undefined || value === null) return invalid('dayOfMonth', 'is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 31) {
    return invalid('dayOfMonth', 'must be an integer from 1 to 31');
  }
  return value;
}

export function parseRecurringPlanRequest(raw: unknown): RecurringPlanInput {
  const body = asObject(raw, 'body');
  const donationPart = Object.fromEntries(DONATION_MEMBERS.filter((key) => Object.hasOwn(body, key)).map((key) => [key, body[key]]));
  // A plan keeps no device or instrument fingerprint (its instalments carry no match keys) and
  // records no consent to the donor wall (its instalments name nobody there).
  const { donationId: _none, receivedAt: _notYet, deviceFingerprint: _device, publicAcknowledgement: _noWall, payment: fullPayment, ...gift } = parseDonationRequest(donationPart);
  const { instrumentFingerprint: _instrument, ...payment } = fullPayment;
  return {
    planId: identifierField(body, 'planId', true),
    ...gift,
    payment,
    dayOfMonth: dayOfMonth(body),
    startsOn: body.startsOn === undefined || body.startsOn === null ? null : calendarDay(body, 'startsOn'),
    consent: body.consent === true,
    consentText: text(body, 'consentText', { max: 2000, optional: true }),
    consentVersion: text(body, 'consentVersion', { max: 64, optional: true }),
    consentedAt: instant(body, 'consentedAt', true),
  };
}

export interface PlanChangeInput {
  requestedBy: PlanChangeRequester;
  reason: string | null;
}

/** Pause, resume and cancel take an optional body: one call with none is enough. */
export function parsePlanChangeRequest(raw: unknown): PlanChangeInput {
  const body = raw === undefined || raw === null ? {} : asObject(raw, 'body');
  const requestedBy = body.requestedBy ?? 'donor';
  if (typeof requestedBy !== 'string' || !(PLAN_CHANGE_REQUESTERS as readonly string[]).includes(requestedBy)) {
    invalid('requestedBy', `must be one of ${PLAN_CHANGE_REQUESTERS.join(', ')}`);
  }
  return { requestedBy: requestedBy as PlanChangeRequester, reason: text(body, 'reason', { max: 500, optional: true }) };
}
