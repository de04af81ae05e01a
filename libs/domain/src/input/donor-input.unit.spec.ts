import { InputError } from './fields.js';
import { parseDonationRequest, type DonorInput } from './intake-input.js';

/* The donor part of a donation request: who gave, as the law asks to know them. */

const bodyWith = (donor: unknown): Record<string, unknown> => ({ amountMinor: 2500, currency: 'USD', donor, payment: { method: 'card' } });
const donorOf = (donor: unknown): DonorInput => parseDonationRequest(bodyWith(donor)).donor;

function refusal(donor: unknown): { field: string; message: string } {
  try {
    donorOf(donor);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { field: error.field, message: error.message };
  }
  throw new Error('expected an InputError');
}

const full = {
  type: 'individual',
  name: ' Jane Q. Smith ',
  address: { line1: '12 Elm Street', line2: 'Apt 4', city: 'Springfield', region: 'IL', postalCode: '62701-1234', country: 'us' },
  email: 'Jane.Smith+gifts@Example.ORG',
  occupation: 'Teacher',
  employer: 'Springfield School District',
  attestations: { usCitizenOrPermanentResident: true },
};

describe('the donor of a donation request', () => {
  it('takes a full donor: type, name, address, email, occupation, employer and attestations', () => {
    expect(donorOf(full)).toStrictEqual({
      type: 'individual',
      name: 'Jane Q. Smith',
      address: { line1: '12 Elm Street', line2: 'Apt 4', city: 'Springfield', region: 'IL', postalCode: '62701-1234', country: 'US' },
      email: 'Jane.Smith+gifts@example.org',
      occupation: 'Teacher',
      employer: 'Springfield School District',
      attestations: { usCitizenOrPermanentResident: true },
      registrationNumber: null,
    });
  });

  it.each(['company', 'trade_union', 'other', 'registered_party', 'building_society', 'llp', 'friendly_society', 'registered_society', 'unincorporated_association'])(
    'takes a donor of type %s',
    (type) => {
      expect(donorOf({ type, name: 'Acme Widgets Ltd' }).type).toBe(type);
    },
  );

  it('takes the PPERA attestations and an organisation registration number, upper-cased without spaces', () => {
    const company = { type: 'company', name: 'Acme Widgets Ltd', registrationNumber: 'sc 123456', attestations: { carriesOnBusinessInUk: true, listedTradeUnion: false } };
    expect(donorOf(company)).toMatchObject({ registrationNumber: 'SC123456', attestations: { carriesOnBusinessInUk: true, listedTradeUnion: false } });
    expect(donorOf({ type: 'individual', name: 'Jane', attestations: { onUkElectoralRegister: true } }).attestations).toEqual({ onUkElectoralRegister: true });
  });

  it('refuses a registration number for an individual, or one with other than letters and digits', () => {
    expect(() => donorOf({ type: 'individual', name: 'Jane', registrationNumber: '01234567' })).toThrow('donor.registrationNumber: is for organisations, not individuals');
    expect(() => donorOf({ type: 'company', name: 'Acme', registrationNumber: '0123-4567' })).toThrow('donor.registrationNumber: may hold only letters and digits');
    expect(() => donorOf({ type: 'company', name: 'Acme', attestations: { onUkElectoralRegister: 'yes' } })).toThrow('donor.attestations.onUkElectoralRegister: must be true or false');
  });

  it('treats an address with nothing in it as no address, and keeps a partial one', () => {
    expect(donorOf({ type: 'individual', address: {} }).address).toBeNull();
    expect(donorOf({ type: 'individual', address: { city: '  ', postalCode: null } }).address).toBeNull();
    expect(donorOf({ type: 'individual', address: { postalCode: 'SW1A 1AA', country: 'GB' } }).address).toEqual({
      line1: null,
      line2: null,
      city: null,
      region: null,
      postalCode: 'SW1A 1AA',
      country: 'GB',
    });
  });

  it.each(['jane@example.org', 'j.o-e_1+x@mail.example.co.uk', 'ana@bücher.de', 'x@a.io'])('takes the email %s', (email) => {
    expect(donorOf({ type: 'individual', email }).email).toBe(email);
  });

  it.each([
    ['no @', 'jane.example.org'],
    ['nothing before the @', '@example.org'],
    ['no domain', 'jane@'],
    ['a domain without a top-level name', 'jane@localhost'],
    ['a space', 'jane smith@example.org'],
    ['two @', 'jane@smith@example.org'],
    ['a dot at the start of the local part', '.jane@example.org'],
    ['two dots in a row', 'jane..smith@example.org'],
    ['a label starting with a hyphen', 'jane@-example.org'],
    ['a numeric top-level name', 'jane@example.123'],
    ['a quoted local part', '"jane"@example.org'],
    ['a local part of 65 characters', `${'j'.repeat(65)}@example.org`],
  ])('refuses an email with %s, without echoing it', (_what, email) => {
    expect(refusal({ type: 'individual', email })).toEqual({ field: 'donor.email', message: 'donor.email: is not an email address' });
  });

  it.each<[string, unknown, string, string]>([
    ['an address that is not an object', 'Elm Street', 'donor.address', 'donor.address: must be an object'],
    ['a street line of 101 characters', { line1: 'x'.repeat(101) }, 'donor.address.line1', 'donor.address.line1: is longer than 100 characters'],
    ['a city with a control character', { city: 'Spring\u0007field' }, 'donor.address.city', 'donor.address.city: contains control, line-break or private-use characters'],
    ['a region that is not text', { region: 17 }, 'donor.address.region', 'donor.address.region: must be a string'],
    ['a postal code with punctuation', { postalCode: '627;01' }, 'donor.address.postalCode', 'donor.address.postalCode: may hold only letters, digits, spaces and hyphens'],
    ['a postal code of 17 characters', { postalCode: '1'.repeat(17) }, 'donor.address.postalCode', 'donor.address.postalCode: is longer than 16 characters'],
    ['a country name', { country: 'United States' }, 'donor.address.country', 'donor.address.country: is longer than 2 characters'],
    ['an alpha-3 code', { country: 'USA' }, 'donor.address.country', 'donor.address.country: is longer than 2 characters'],
    ['a code no country has', { country: 'ZZ' }, 'donor.address.country', 'donor.address.country: must be an ISO 3166-1 alpha-2 code'],
    ['the United Kingdom as UK', { country: 'UK' }, 'donor.address.country', 'donor.address.country: must be an ISO 3166-1 alpha-2 code'],
  ])('refuses %s', (_what, address, field, message) => {
    expect(refusal({ type: 'individual', name: 'Jane', address })).toEqual({ field, message });
  });

  it.each([
    ['occupation', 'donor.occupation: is longer than 100 characters'],
    ['employer', 'donor.employer: is longer than 100 characters'],
  ])('limits the %s to 100 characters', (field, message) => {
    expect(donorOf({ type: 'individual', [field]: 'x'.repeat(100) })[field as 'occupation' | 'employer']).toHaveLength(100);
    expect(refusal({ type: 'individual', [field]: 'x'.repeat(101) })).toEqual({ field: `donor.${field}`, message });
  });

  it('refuses an unknown donor type', () => {
    expect(refusal({ type: 'corporation' }).field).toBe('donor.type');
  });
});
