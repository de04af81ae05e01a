import type { DonorAddress } from '#contracts';
import { detailsGivenOf } from './donor-details.js';

const address = (changes: Partial<DonorAddress> = {}): DonorAddress => ({
  line1: '1 Main St',
  line2: null,
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
  ...changes,
});

describe('detailsGivenOf', () => {
  it('given a full address, an occupation and an employer, then all are given', () => {
    expect(detailsGivenOf({ address: address(), occupation: 'Teacher', employer: 'Springfield School District' })).toEqual({
      mailingAddress: true,
      occupation: true,
      employer: true,
    });
  });

  it.each([
    ['no address at all', null],
    ['a postal code alone', address({ line1: null, city: null })],
    ['no first line', address({ line1: null })],
    ['no city', address({ city: null })],
    ['no postal code', address({ postalCode: null })],
  ])('given %s, then the mailing address is not given', (_case, given) => {
    expect(detailsGivenOf({ address: given, occupation: 'Teacher', employer: 'Self' }).mailingAddress).toBe(false);
  });

  it('given no region, line 2 or country, then the mailing address is still given', () => {
    expect(detailsGivenOf({ address: address({ region: null, line2: null, country: null }), occupation: null, employer: null })).toEqual({
      mailingAddress: true,
      occupation: false,
      employer: false,
    });
  });
});
