import { InputError } from './fields.js';
import { parseCandidacyEndRequest, parseNetDebtsRequest } from './election-standing-input.js';

const codeOf = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    if (error instanceof InputError) return `${error.code}:${error.field}`;
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('net debts and candidacy-end requests', () => {
  it('given net debts as a JSON integer of minor units with a day and a reason, then they are read as bigint', () => {
    expect(parseNetDebtsRequest({ netDebtsMinor: 60_000, asOf: '2026-11-20', reason: 'printer' })).toEqual({ netDebtsMinor: 60_000n, asOf: '2026-11-20', reason: 'printer' });
  });

  it('given net debts without netDebtsMinor, as a fraction, without a day, or on 30 February, then each is refused at its field', () => {
    expect(codeOf(() => parseNetDebtsRequest({ netDebts: 600, asOf: '2026-11-20', reason: 'r' }))).toBe('invalid_request:netDebtsMinor');
    expect(codeOf(() => parseNetDebtsRequest({ netDebtsMinor: 600.5, asOf: '2026-11-20', reason: 'r' }))).toBe('amount_must_be_integer:netDebtsMinor');
    expect(codeOf(() => parseNetDebtsRequest({ netDebtsMinor: 1, reason: 'r' }))).toBe('invalid_request:asOf');
    expect(codeOf(() => parseNetDebtsRequest({ netDebtsMinor: 1, asOf: '2026-02-30', reason: 'r' }))).toBe('date_invalid:asOf');
  });

  it('given a candidacy end, then its cause must be lost_primary or withdrew and its day a calendar day, not an instant', () => {
    expect(parseCandidacyEndRequest({ cause: 'withdrew', endedOn: '2028-03-01', reason: 'letter' })).toEqual({ cause: 'withdrew', endedOn: '2028-03-01', reason: 'letter' });
    expect(codeOf(() => parseCandidacyEndRequest({ cause: 'lost', endedOn: '2028-03-01', reason: 'r' }))).toBe('invalid_request:cause');
    expect(codeOf(() => parseCandidacyEndRequest({ cause: 'withdrew', endedOn: '2028-03-01T00:00:00Z', reason: 'r' }))).toBe('date_invalid:endedOn');
  });
});
