import { InputError } from './fields.js';
import { parseDateCorrectionRequest, parseDepositRequest } from './donation-dates-input.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof InputError ? error.code : 'not an input error';
  }
  return undefined;
};

describe('the donation dates request bodies', () => {
  it('reads a deposit day, and refuses one the calendar does not have', () => {
    expect(parseDepositRequest({ depositedOn: '2026-04-10' })).toEqual({ depositedOn: '2026-04-10' });
    expect(codeOf(() => parseDepositRequest({ depositedOn: '2026-02-30' }))).toBe('date_invalid');
    expect(codeOf(() => parseDepositRequest({}))).toBeDefined();
  });

  it('reads a receipt correction as an instant in UTC, and a deposit correction as a day', () => {
    expect(parseDateCorrectionRequest({ date: 'received', corrected: '2026-03-31T23:30:00-04:00', reason: 'postmark' })).toEqual({ date: 'received', corrected: '2026-04-01T03:30:00.000Z', reason: 'postmark' });
    expect(parseDateCorrectionRequest({ date: 'deposited', corrected: '2026-04-09', reason: 'bank slip' })).toEqual({ date: 'deposited', corrected: '2026-04-09', reason: 'bank slip' });
  });

  it('refuses an unknown date, a receipt without its zone, and a missing reason', () => {
    expect(codeOf(() => parseDateCorrectionRequest({ date: 'posted', corrected: '2026-04-09', reason: 'r' }))).toBe('invalid_request');
    expect(codeOf(() => parseDateCorrectionRequest({ date: 'received', corrected: '2026-03-31T23:30:00', reason: 'r' }))).toBe('date_invalid');
    expect(codeOf(() => parseDateCorrectionRequest({ date: 'accepted', corrected: '2026-03-31T23:30:00Z' }))).toBeDefined();
  });
});
