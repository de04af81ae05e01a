import { donorIdOf } from './donor-identity.js';
import { matchDonors, type DonorIdentityFacts } from './donor-match.js';
import { matchKeysOf } from './match-keys.js';

const KEY = 'unit-test-donor-id-key-of-at-least-32-chars';
const at = (name: string, postalCode = 'NW1 6XE', paymentInstrument: string | null = null): DonorIdentityFacts => ({ type: 'individual', name, postalCode, paymentInstrument });
const ada = at('Ada Lovelace');

describe('matching donors for aggregation (issue 14, item 12)', () => {
  describe('given "Ada Lovelace" at NW1 6XE', () => {
    it.each([
      ['Lovelace, Ada', 'the surname first with a comma'],
      ['Ádá Lovelace', 'diacritics'],
      ['ADA   lovelace', 'case and spacing'],
      ['Ada Lovelace.', 'punctuation'],
      ['Lovelace Ada', 'the words in another order'],
    ])('when "%s" gives at the same postal code (%s), then it is the same donor, with the same donor id', (name) => {
      expect(matchDonors(ada, at(name))).toEqual({ verdict: 'same' });
      expect(donorIdOf(KEY, 'party-a', at(name))).toBe(donorIdOf(KEY, 'party-a', ada));
    });

    it('when the postal code is written another way (spacing, case), then it is the same donor', () => {
      expect(matchDonors(ada, at('Ada Lovelace', 'nw16xe'))).toEqual({ verdict: 'same' });
    });

    it('when "A. Lovelace" gives at the same postal code, then it is a near match for an initial, not the same donor', () => {
      expect(matchDonors(ada, at('A. Lovelace'))).toEqual({ verdict: 'near', evidence: ['initial_for_given_name'] });
      expect(matchDonors(at('Lovelace, A.'), ada)).toEqual({ verdict: 'near', evidence: ['initial_for_given_name'] });
      expect(donorIdOf(KEY, 'party-a', at('A. Lovelace'))).not.toBe(donorIdOf(KEY, 'party-a', ada));
    });

    it('when "Ada Lovelace" gives at another postal code with another card, then it is a different donor', () => {
      expect(matchDonors(at('Ada Lovelace', 'NW1 6XE', 'fp_1'), at('Ada Lovelace', 'W1 1AA', 'fp_2'))).toEqual({ verdict: 'different' });
      expect(matchDonors(ada, at('Ada Lovelace', 'W1 1AA'))).toEqual({ verdict: 'different' });
    });

    it('when "Ada Lovelace" gives at another postal code with the same card, then it is a near match with that evidence', () => {
      expect(matchDonors(at('Ada Lovelace', 'NW1 6XE', 'fp_1'), at('Lovelace, Ada', 'W1 1AA', 'fp_1'))).toEqual({ verdict: 'near', evidence: ['same_card_other_postal_code'] });
    });

    it('when "A. Lovelace" gives at another postal code, then it is a different donor', () => {
      expect(matchDonors(ada, at('A. Lovelace', 'W1 1AA'))).toEqual({ verdict: 'different' });
    });

    it.each([
      ['Dr. Ada Lovelace', 'title_differs'],
      ['Ada Byron Lovelace', 'given_names_differ'],
    ])('when "%s" gives at the same postal code, then it is a near match (%s)', (name, evidence) => {
      expect(matchDonors(ada, at(name))).toEqual({ verdict: 'near', evidence: [evidence] });
    });

    it('when "Alan Lovelace" gives at the same postal code, then it is a different donor: two full given names that differ', () => {
      expect(matchDonors(ada, at('Alan Lovelace'))).toEqual({ verdict: 'different' });
    });

    it('when a company of the same name gives, then it is a different donor', () => {
      expect(matchDonors(ada, { ...ada, type: 'company' })).toEqual({ verdict: 'different' });
    });
  });

  describe('given "John Smith Jr." at 20002', () => {
    const jr = at('John Smith Jr.', '20002');

    it.each([
      ['John Smith Sr.'],
      ['John Smith'],
      ['Smith, John, Sr.'],
      ['John Smith III'],
    ])('when "%s" gives at the same postal code, then it is a near match for the suffix, never the same donor', (name) => {
      expect(matchDonors(jr, at(name, '20002'))).toEqual({ verdict: 'near', evidence: ['generational_suffix_differs'] });
      expect(donorIdOf(KEY, 'party-a', at(name, '20002'))).not.toBe(donorIdOf(KEY, 'party-a', jr));
    });

    it('when "JOHN SMITH, JR" gives at 20002-1234, then it is the same donor', () => {
      expect(matchDonors(jr, at('JOHN SMITH JR', '20002-1234'))).toEqual({ verdict: 'same' });
    });

    it('when "J. Smith Sr." gives, then both the initial and the suffix are the evidence', () => {
      expect(matchDonors(jr, at('J. Smith Sr.', '20002'))).toEqual({ verdict: 'near', evidence: ['initial_for_given_name', 'generational_suffix_differs'] });
    });
  });

  describe('given "John Q. Smith" at 20002', () => {
    it('when "John Smith" gives at the same postal code, then it is a near match for the middle initial', () => {
      expect(matchDonors(at('John Q. Smith', '20002'), at('John Smith', '20002'))).toEqual({ verdict: 'near', evidence: ['middle_name_differs'] });
    });
  });

  describe('given no name', () => {
    it('when compared with anyone, then it is never the same donor nor a near match', () => {
      expect(matchDonors(at(''), at(''))).toEqual({ verdict: 'different' });
      expect(matchDonors(at(' - '), ada)).toEqual({ verdict: 'different' });
    });
  });
});

describe('the keyed near-match keys', () => {
  const keysOf = (donor: DonorIdentityFacts, tenant = 'party-a') =>
    matchKeysOf(KEY, tenant, { paymentInstrument: donor.paymentInstrument ?? null, address: null, email: null, device: null, donor });

  it('given an initial, a suffix or a full name of one person at one postal code, then the near names agree and hold no plaintext', () => {
    const key = keysOf(ada).nearName;
    expect(key).toMatch(/^mk_[0-9a-f]{32}$/);
    expect(keysOf(at('A. Lovelace')).nearName).toBe(key);
    expect(keysOf(at('Lovelace, Ádá, Jr.')).nearName).toBe(key);
    expect(JSON.stringify(keysOf(ada))).not.toMatch(/lovelace|nw1/i);
  });

  it('given another postal code, another tenant or no surname, then the near name differs or is absent', () => {
    const key = keysOf(ada).nearName;
    expect(keysOf(at('Ada Lovelace', 'W1 1AA')).nearName).not.toBe(key);
    expect(keysOf(ada, 'party-b').nearName).not.toBe(key);
    expect(keysOf(at('')).nearName).toBeUndefined();
  });

  it('given one name and card at two postal codes, then the name-and-card keys agree; another card or name differs', () => {
    const key = keysOf(at('Ada Lovelace', 'NW1 6XE', 'fp_1')).nameCard;
    expect(key).toMatch(/^mk_[0-9a-f]{32}$/);
    expect(keysOf(at('Lovelace, Ada', 'W1 1AA', 'fp_1')).nameCard).toBe(key);
    expect(keysOf(at('Ada Lovelace', 'W1 1AA', 'fp_2')).nameCard).not.toBe(key);
    expect(keysOf(at('Alan Lovelace', 'W1 1AA', 'fp_1')).nameCard).not.toBe(key);
    expect(keysOf(at('Ada Lovelace', 'W1 1AA', null)).nameCard).toBeUndefined();
  });

  it('given no donor, then there are no near-match keys at all (an instalment keyed before)', () => {
    expect(matchKeysOf(KEY, 'party-a', { paymentInstrument: 'fp_1', address: null, email: null, device: null })).not.toHaveProperty('nearName');
  });
});
