import { InputError } from './fields.js';
import { parseImpermissibleDisposalRequest } from './impermissible-disposal-input.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof InputError ? error.code : 'not an input error';
  }
  return undefined;
};

const body = { manner: 'paid_to_electoral_commission', dealtWithOn: '2026-04-10', reference: 'EC/2026/0410', reason: 'transferor unknown' };

describe('the body of POST /v1/donations/{id}/dealt-with', () => {
  it('given every field, then it reads them; given no reference, then the reference is null', () => {
    expect(parseImpermissibleDisposalRequest(body)).toEqual(body);
    expect(parseImpermissibleDisposalRequest({ ...body, reference: undefined })).toEqual({ ...body, reference: null });
  });

  it('given a manner the statute does not name, then it is a bad request', () => {
    expect(codeOf(() => parseImpermissibleDisposalRequest({ ...body, manner: 'kept' }))).toBe('invalid_request');
    expect(codeOf(() => parseImpermissibleDisposalRequest({ ...body, manner: 'return_to_transferor_or_pay_electoral_commission' }))).toBe('invalid_request');
  });

  it('given a day the calendar does not have, no reason, a blank reference or no object, then each is refused', () => {
    expect(codeOf(() => parseImpermissibleDisposalRequest({ ...body, dealtWithOn: '2026-02-30' }))).toBe('date_invalid');
    expect(codeOf(() => parseImpermissibleDisposalRequest({ ...body, reason: undefined }))).toBe('invalid_request');
    expect(codeOf(() => parseImpermissibleDisposalRequest({ ...body, reference: ' ' }))).toBe('invalid_request');
    expect(codeOf(() => parseImpermissibleDisposalRequest([]))).toBe('invalid_request');
  });
});
