import { donorIdOf } from '../identity/donor-identity.js';
import { InputError } from './fields.js';
import { parseDonorLookupRequest } from './donor-lookup-input.js';

/** The field and code a body is refused with, or a failure of the test if it is not. */
function refusal(body: unknown): { code: string; field: string } {
  try {
    parseDonorLookupRequest(body);
  } catch (error) {
    if (error instanceof InputError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseDonorLookupRequest', () => {
  describe('given the donor object a donation carried', () => {
    const donor = {
      type: 'individual',
      name: '  Jane Q. Smith ',
      address: { line1: '1 Main St', postalCode: '20002-1234', country: 'US' },
      email: 'jane@example.org',
      occupation: 'Teacher',
    };

    it('when parsed, then it keeps only what the donor id is made of', () => {
      expect(parseDonorLookupRequest({ donor })).toStrictEqual({ type: 'individual', name: 'Jane Q. Smith', postalCode: '20002-1234' });
    });

    it('when its id is taken, then it is the id intake gave the same donor', () => {
      const looked = parseDonorLookupRequest({ donor });
      expect(donorIdOf('k', 'party-a', looked)).toBe(donorIdOf('k', 'party-a', { type: 'individual', name: 'Jane Q Smith', postalCode: '20002' }));
    });

    it('when it has no address, then the postal code is missing, as at intake', () => {
      expect(parseDonorLookupRequest({ donor: { type: 'company', name: 'Acme Ltd' } })).toStrictEqual({ type: 'company', name: 'Acme Ltd', postalCode: null });
    });
  });

  describe('given a body that cannot name a donor', () => {
    it.each([
      ['no body', undefined, 'body'],
      ['no donor', {}, 'donor'],
      ['an anonymous donor', { donor: { type: 'individual', address: { postalCode: '20002' } } }, 'donor.name'],
      ['a blank name', { donor: { type: 'individual', name: '   ' } }, 'donor.name'],
      ['an unknown donor type', { donor: { type: 'alien', name: 'Zork' } }, 'donor.type'],
      ['a postal code with symbols', { donor: { type: 'individual', name: 'Jane', address: { postalCode: '20002;--' } } }, 'donor.address.postalCode'],
    ])('when it has %s, then it is refused naming the field', (_what, body, field) => {
      expect(refusal(body)).toEqual({ code: 'invalid_request', field });
    });
  });
});
