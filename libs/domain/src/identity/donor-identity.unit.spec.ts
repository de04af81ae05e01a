import { DONOR_ID_PATTERN, donorIdOf, foldIdentityText, foldPersonName } from './donor-identity.js';

const KEY = 'test-key';
const TENANT = 'party-a';
const jane = { type: 'individual', name: 'Jane Q. Smith', postalCode: '20002' };

describe('donorIdOf', () => {
  it('is a keyed hash of the identity, stable across releases', () => {
    expect(donorIdOf(KEY, TENANT, jane)).toBe('dn_1e28440faf74bc107c48589eacf55a7a');
  });

  it('has no identity for a donor without a name', () => {
    expect(donorIdOf(KEY, TENANT, { ...jane, name: null })).toBeNull();
    expect(donorIdOf(KEY, TENANT, { ...jane, name: '' })).toBeNull();
  });

  it.each([
    ['case and spacing', { name: '  JANE q.   smith ' }],
    ['punctuation', { name: 'Jane Q Smith' }],
    ['full-width letters (NFKC)', { name: '\uff2a\uff41\uff4e\uff45 Q. Smith' }],
    ['spaces and case in the postal code', { postalCode: ' 200 02 ' }],
  ])('matches the same person despite %s', (_what, changes) => {
    expect(donorIdOf(KEY, TENANT, { ...jane, ...changes })).toBe('dn_1e28440faf74bc107c48589eacf55a7a');
  });

  it('folds apostrophes, hyphens and accents written two ways', () => {
    const id = (name: string): string | null => donorIdOf(KEY, TENANT, { ...jane, name });
    expect(id("Mary-Jane O'Brien")).toBe(id('mary jane o brien'));
    expect(id('Jos\u00e9 Ruiz')).toBe(id('Jose\u0301 Ruiz'));
  });

  it('treats a missing postal code as an empty one', () => {
    expect(donorIdOf(KEY, TENANT, { ...jane, postalCode: null })).toBe(donorIdOf(KEY, TENANT, { ...jane, postalCode: '' }));
  });

  it.each([
    ['another name', { name: 'Jane R. Smith' }],
    ['another postal code', { postalCode: '20003' }],
    ['another donor type', { type: 'company' }],
  ])('tells donors apart by %s', (_what, changes) => {
    const other = donorIdOf(KEY, TENANT, { ...jane, ...changes });
    expect(other).toMatch(/^dn_[0-9a-f]{32}$/);
    expect(other).not.toBe(donorIdOf(KEY, TENANT, jane));
  });

  it('gives another id under another key, so nobody without the key can match donors', () => {
    expect(donorIdOf('other-key', TENANT, jane)).not.toBe(donorIdOf(KEY, TENANT, jane));
    expect(donorIdOf('other-key', TENANT, jane)).toMatch(/^dn_[0-9a-f]{32}$/);
  });

  it('does not separate the name and postal code fields ambiguously', () => {
    // "|" joins the fields and is not folded away, so shifting text between them changes the id.
    expect(donorIdOf(KEY, TENANT, { type: 'individual', name: 'a', postalCode: 'b c' })).not.toBe(
      donorIdOf(KEY, TENANT, { type: 'individual', name: 'a b', postalCode: 'c' }),
    );
  });

  it.each([
    ['ß and SS (full case folding)', 'Straße', 'STRASSE'],
    ['final and medial sigma', 'ΟΔΥΣΣΕΥΣ', 'οδυσσευς'],
    ['a zero-width space and a soft hyphen', 'Jane\u200b Smith', 'Jane Smi\u00adth'],
    ['typographic apostrophes and dashes', 'Mary\u2013Jane O\u2019Brien', "Mary-Jane O'Brien"],
    ['no-break and ideographic spaces', 'Jane\u00a0Q.\u3000Smith', 'Jane Q Smith'],
  ])('folds %s to one form', (_what, a, b) => {
    expect(foldIdentityText(a)).toBe(foldIdentityText(b));
    expect(donorIdOf(KEY, TENANT, { ...jane, name: a })).toBe(donorIdOf(KEY, TENANT, { ...jane, name: b }));
  });

  it('drops accents (issue 14): at one postal code, José Ruiz and Jose Ruiz are one donor for aggregation', () => {
    expect(donorIdOf(KEY, TENANT, { ...jane, name: 'José Ruiz' })).toBe(donorIdOf(KEY, TENANT, { ...jane, name: 'Jose Ruiz' }));
  });

  it('matches a US ZIP+4 with its ZIP, written with or without the hyphen', () => {
    const zip = donorIdOf(KEY, TENANT, jane);
    expect(donorIdOf(KEY, TENANT, { ...jane, postalCode: '20002-1234' })).toBe(zip);
    expect(donorIdOf(KEY, TENANT, { ...jane, postalCode: '200021234' })).toBe(zip);
    expect(donorIdOf(KEY, TENANT, { ...jane, postalCode: 'SW1A 1AA' })).toBe(donorIdOf(KEY, TENANT, { ...jane, postalCode: 'sw1a1aa' }));
  });

  it('has no identity for a name that folds to nothing', () => {
    expect(donorIdOf(KEY, TENANT, { ...jane, name: ' .-\u200b ' })).toBeNull();
  });

  it('cannot be steered by a separator inside a field', () => {
    expect(donorIdOf(KEY, TENANT, { type: 'individual', name: 'a|b', postalCode: 'c' })).not.toBe(
      donorIdOf(KEY, TENANT, { type: 'individual', name: 'a', postalCode: 'b|c' }),
    );
  });

  it('gives ids of the published shape', () => {
    expect(donorIdOf(KEY, TENANT, jane)).toMatch(DONOR_ID_PATTERN);
    expect(DONOR_ID_PATTERN.test('dn_1E28440FAF74BC107C48589EACF55A7A')).toBe(false);
  });
});

describe('donorIdOf across tenants', () => {
  describe('given one person who gives to two parties', () => {
    const atA = donorIdOf(KEY, 'party-a', jane);
    const atB = donorIdOf(KEY, 'party-b', jane);

    it('when each party takes their id, then the two ids differ, so the parties cannot link them', () => {
      expect(atA).toMatch(DONOR_ID_PATTERN);
      expect(atB).toMatch(DONOR_ID_PATTERN);
      expect(atB).not.toBe(atA);
    });

    it('when the same party takes it again, written another way, then it is the same id as before', () => {
      expect(donorIdOf(KEY, 'party-b', { ...jane, name: '  JANE q   smith ', postalCode: '20002-1234' })).toBe(atB);
      expect(donorIdOf(KEY, 'party-a', { ...jane, name: '\uff2a\uff41\uff4e\uff45 Q. Smith' })).toBe(atA);
    });
  });

  describe('given tenants whose names run into the fields after them', () => {
    it('when text moves between the tenant and the donor type, then the ids differ', () => {
      // Run together, "party-a" + "individual" and "party-ai" + "ndividual" are one string.
      expect(donorIdOf(KEY, 'party-a', { ...jane, type: 'individual' })).not.toBe(donorIdOf(KEY, 'party-ai', { ...jane, type: 'ndividual' }));
    });
  });

  describe('given something that is not a tenant id', () => {
    it.each([[''], ['Party-A'], ['party|a'], ['a'.repeat(64)]])('when an id is asked for under %j, then it is refused, not hashed', (tenant) => {
      expect(() => donorIdOf(KEY, tenant, jane)).toThrow(/is not a tenant id/);
    });
  });

  describe('given an anonymous donor', () => {
    it('when an id is asked for under any tenant, then there is none', () => {
      expect(donorIdOf(KEY, 'party-a', { ...jane, name: null })).toBeNull();
      expect(donorIdOf(KEY, 'party-b', { ...jane, name: ' - ' })).toBeNull();
    });
  });
});

describe('donor identity for aggregation (issue 14, item 12)', () => {
  const at = (name: string, postalCode = 'NW1 6XE') => donorIdOf(KEY, TENANT, { type: 'individual', name, postalCode });

  it.each([
    ['Lovelace, Ada', '"Last, First" order'],
    ['Ádá Lovelace', 'diacritics'],
    ['ADA  LOVELACE', 'case and spacing'],
    ['Ada Lovelace.', 'punctuation'],
    ['Lovelace Ada', 'words in another order'],
    ['\uff21da Lovelace', 'full-width letters'],
  ])('"%s" at one address is the same donor as "Ada Lovelace" (%s)', (name) => {
    expect(at(name)).toBe(at('Ada Lovelace'));
  });

  it('keeps apart what may be two people: another postal code, "Jr." and "Sr.", an initial for a name', () => {
    expect(at('Ada Lovelace', 'NW1 6XF')).not.toBe(at('Ada Lovelace'));
    expect(at('John Smith Jr.')).not.toBe(at('John Smith Sr.'));
    expect(at('John Smith Jr.')).not.toBe(at('John Smith'));
    expect(at('A. Lovelace')).not.toBe(at('Ada Lovelace'));
  });

  it('folds a name to its words in one order without marks', () => {
    expect(foldPersonName('Lovelace, Ádá')).toBe('ada lovelace');
    expect(foldPersonName(null)).toBe('');
  });
});
