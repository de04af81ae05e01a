import { DONOR_ID_PATTERN, donorIdOf, foldIdentityText } from './donor-identity.js';

const KEY = 'test-key';
const jane = { type: 'individual', name: 'Jane Q. Smith', postalCode: '20002' };

describe('donorIdOf', () => {
  it('is a keyed hash of the identity, stable across releases', () => {
    expect(donorIdOf(KEY, jane)).toBe('dn_8d15c33e0a92e05f611ec59777fc9778');
  });

  it('has no identity for a donor without a name', () => {
    expect(donorIdOf(KEY, { ...jane, name: null })).toBeNull();
    expect(donorIdOf(KEY, { ...jane, name: '' })).toBeNull();
  });

  it.each([
    ['case and spacing', { name: '  JANE q.   smith ' }],
    ['punctuation', { name: 'Jane Q Smith' }],
    ['full-width letters (NFKC)', { name: '\uff2a\uff41\uff4e\uff45 Q. Smith' }],
    ['spaces and case in the postal code', { postalCode: ' 200 02 ' }],
  ])('matches the same person despite %s', (_what, changes) => {
    expect(donorIdOf(KEY, { ...jane, ...changes })).toBe('dn_8d15c33e0a92e05f611ec59777fc9778');
  });

  it('folds apostrophes, hyphens and accents written two ways', () => {
    const id = (name: string): string | null => donorIdOf(KEY, { ...jane, name });
    expect(id("Mary-Jane O'Brien")).toBe(id('mary jane o brien'));
    expect(id('Jos\u00e9 Ruiz')).toBe(id('Jose\u0301 Ruiz'));
  });

  it('treats a missing postal code as an empty one', () => {
    expect(donorIdOf(KEY, { ...jane, postalCode: null })).toBe(donorIdOf(KEY, { ...jane, postalCode: '' }));
  });

  it.each([
    ['another name', { name: 'Jane R. Smith' }],
    ['another postal code', { postalCode: '20003' }],
    ['another donor type', { type: 'company' }],
  ])('tells donors apart by %s', (_what, changes) => {
    const other = donorIdOf(KEY, { ...jane, ...changes });
    expect(other).toMatch(/^dn_[0-9a-f]{32}$/);
    expect(other).not.toBe(donorIdOf(KEY, jane));
  });

  it('gives another id under another key, so nobody without the key can match donors', () => {
    expect(donorIdOf('other-key', jane)).not.toBe(donorIdOf(KEY, jane));
    expect(donorIdOf('other-key', jane)).toMatch(/^dn_[0-9a-f]{32}$/);
  });

  it('does not separate the name and postal code fields ambiguously', () => {
    // "|" joins the fields and is not folded away, so shifting text between them changes the id.
    expect(donorIdOf(KEY, { type: 'individual', name: 'a', postalCode: 'b c' })).not.toBe(
      donorIdOf(KEY, { type: 'individual', name: 'a b', postalCode: 'c' }),
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
    expect(donorIdOf(KEY, { ...jane, name: a })).toBe(donorIdOf(KEY, { ...jane, name: b }));
  });

  it('keeps accents: a name with and without them may be two people', () => {
    expect(donorIdOf(KEY, { ...jane, name: 'José Ruiz' })).not.toBe(donorIdOf(KEY, { ...jane, name: 'Jose Ruiz' }));
  });

  it('matches a US ZIP+4 with its ZIP, written with or without the hyphen', () => {
    const zip = donorIdOf(KEY, jane);
    expect(donorIdOf(KEY, { ...jane, postalCode: '20002-1234' })).toBe(zip);
    expect(donorIdOf(KEY, { ...jane, postalCode: '200021234' })).toBe(zip);
    expect(donorIdOf(KEY, { ...jane, postalCode: 'SW1A 1AA' })).toBe(donorIdOf(KEY, { ...jane, postalCode: 'sw1a1aa' }));
  });

  it('has no identity for a name that folds to nothing', () => {
    expect(donorIdOf(KEY, { ...jane, name: ' .-\u200b ' })).toBeNull();
  });

  it('cannot be steered by a separator inside a field', () => {
    expect(donorIdOf(KEY, { type: 'individual', name: 'a|b', postalCode: 'c' })).not.toBe(
      donorIdOf(KEY, { type: 'individual', name: 'a', postalCode: 'b|c' }),
    );
  });

  it('gives ids of the published shape', () => {
    expect(donorIdOf(KEY, jane)).toMatch(DONOR_ID_PATTERN);
    expect(DONOR_ID_PATTERN.test('dn_8D15C33E0A92E05F611EC59777FC9778')).toBe(false);
  });
});
