import { InputError } from './fields.js';
import { parsePlanChangeRequest, parseRecurringPlanRequest } from './recurring-plan-input.js';

const refusal = (parse: () => unknown): { code: string; field: string } => {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { code: error.code, field: error.field };
  }
  throw new Error('expected an InputError');
};

const planBody = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  planId: 'plan-1',
  amountMinor: 1000,
  currency: 'GBP',
  donor: { type: 'individual', name: ' Ada Lovelace ', address: { postalCode: 'SW1A 1AA' } },
  payment: { method: 'bank_transfer', pspReference: 'mandate-77' },
  dayOfMonth: 31,
  startsOn: '2026-01-31',
  consent: true,
  consentText: 'I give £10.00 every month until I cancel.',
  consentVersion: 'monthly-v3',
  ...changes,
});

describe('parseRecurringPlanRequest', () => {
  it('parses the instalment the way a donation is parsed, plus the schedule and the consent', () => {
    expect(parseRecurringPlanRequest(planBody())).toStrictEqual({
      planId: 'plan-1',
      amountMinor: 1_000n,
      currency: 'GBP',
      donor: {
        type: 'individual',
        name: 'Ada Lovelace',
        address: { line1: null, line2: null, city: null, region: null, postalCode: 'SW1A 1AA', country: null },
        email: null,
        occupation: null,
        employer: null,
        attestations: {},
        registrationNumber: null,
      },
      payment: { method: 'bank_transfer', pspReference: 'mandate-77', inKind: null },
      electionId: null,
      dayOfMonth: 31,
      startsOn: '2026-01-31',
      consent: true,
      consentText: 'I give £10.00 every month until I cancel.',
      consentVersion: 'monthly-v3',
      consentedAt: null,
    });
  });

  it.each([undefined, false, 'true', 1, {}])('never reads consent %j as a yes', (consent) => {
    expect(parseRecurringPlanRequest(planBody({ consent })).consent).toBe(false);
  });

  it('leaves the plan id, start and consent time to the server when absent', () => {
    const parsed = parseRecurringPlanRequest(planBody({ planId: undefined, startsOn: undefined, consentedAt: undefined }));
    expect(parsed).toMatchObject({ planId: null, startsOn: null, consentedAt: null });
  });

  it('normalises consentedAt to a UTC instant', () => {
    expect(parseRecurringPlanRequest(planBody({ consentedAt: '2026-01-10T10:29:00+01:00' })).consentedAt).toBe('2026-01-10T09:29:00.000Z');
  });

  it('ignores donation-only members: a plan names its instalments itself', () => {
    const parsed = parseRecurringPlanRequest(planBody({ donationId: 'd-9', receivedAt: 'whenever' }));
    expect(parsed).not.toHaveProperty('donationId');
    expect(parsed).not.toHaveProperty('receivedAt');
  });

  it.each<[string, Record<string, unknown>, { code: string; field: string }]>([
    ['a missing day of month', { dayOfMonth: undefined }, { code: 'invalid_request', field: 'dayOfMonth' }],
    ['day 0', { dayOfMonth: 0 }, { code: 'invalid_request', field: 'dayOfMonth' }],
    ['day 32', { dayOfMonth: 32 }, { code: 'invalid_request', field: 'dayOfMonth' }],
    ['a day as a string', { dayOfMonth: '15' }, { code: 'invalid_request', field: 'dayOfMonth' }],
    ['a start that is not a day', { startsOn: '2026-02-30' }, { code: 'date_invalid', field: 'startsOn' }],
    ['a start with a time', { startsOn: '2026-02-01T00:00Z' }, { code: 'date_invalid', field: 'startsOn' }],
    ['an amount as a float, as for donations', { amountMinor: 10.5 }, { code: 'amount_must_be_integer', field: 'amountMinor' }],
    ['no donor, as for donations', { donor: undefined }, { code: 'invalid_request', field: 'donor' }],
    ['a bad plan id', { planId: 'no spaces' }, { code: 'invalid_request', field: 'planId' }],
    ['consent time without a zone', { consentedAt: '2026-01-10T10:29:00' }, { code: 'date_invalid', field: 'consentedAt' }],
  ])('refuses %s', (_case, changes, expected) => {
    expect(refusal(() => parseRecurringPlanRequest(planBody(changes)))).toEqual(expected);
  });
});

describe('parsePlanChangeRequest', () => {
  it('takes no body at all: the donor asked, for no stated reason', () => {
    expect(parsePlanChangeRequest(undefined)).toEqual({ requestedBy: 'donor', reason: null });
    expect(parsePlanChangeRequest({})).toEqual({ requestedBy: 'donor', reason: null });
  });

  it('records who asked and why', () => {
    expect(parsePlanChangeRequest({ requestedBy: 'psp', reason: ' mandate revoked ' })).toEqual({ requestedBy: 'psp', reason: 'mandate revoked' });
  });

  it('refuses a requester outside the list', () => {
    expect(refusal(() => parsePlanChangeRequest({ requestedBy: 'bot' }))).toEqual({ code: 'invalid_request', field: 'requestedBy' });
  });
});
