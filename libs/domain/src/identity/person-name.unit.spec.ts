import { splitPersonName, type PersonNameParts } from './person-name.js';

const parts = (p: Partial<PersonNameParts>): PersonNameParts => ({ prefix: '', first: '', middle: '', last: '', suffix: '', ...p });

describe('splitting a name typed in one field', () => {
  describe('given a name written first name first', () => {
    it.each([
      ['John Smith', parts({ first: 'John', last: 'Smith' })],
      ['John Q. Public', parts({ first: 'John', middle: 'Q', last: 'Public' })],
      ['John Q Public', parts({ first: 'John', middle: 'Q', last: 'Public' })],
      ['Mary Ann B. C. Smith', parts({ first: 'Mary Ann', middle: 'B C', last: 'Smith' })],
      ['George H.W. Bush', parts({ first: 'George', middle: 'HW', last: 'Bush' })],
      ['Augusta Ada King', parts({ first: 'Augusta Ada', last: 'King' })],
      ['J. Robert Oppenheimer', parts({ first: 'J. Robert', last: 'Oppenheimer' })],
      ['Anne-Marie Smith-Jones', parts({ first: 'Anne-Marie', last: 'Smith-Jones' })],
      ["Siobhan O'Brien", parts({ first: 'Siobhan', last: "O'Brien" })],
      ['  Ada   Lovelace ', parts({ first: 'Ada', last: 'Lovelace' })],
    ])('when %j is split, then the middle is only the initials after the first name', (name, expected) => {
      expect(splitPersonName(name)).toEqual(expected);
    });
  });

  describe('given honorifics and suffixes', () => {
    it.each([
      ['Dr. Jane Doe', parts({ prefix: 'Dr', first: 'Jane', last: 'Doe' })],
      ['Rev. Dr. Martin Luther King, Jr.', parts({ prefix: 'Rev Dr', first: 'Martin Luther', last: 'King', suffix: 'Jr' })],
      ['John Smith III', parts({ first: 'John', last: 'Smith', suffix: 'III' })],
      ['Mrs Jane Q Doe PhD', parts({ prefix: 'Mrs', first: 'Jane', middle: 'Q', last: 'Doe', suffix: 'PhD' })],
      ['Mr Smith', parts({ prefix: 'Mr', last: 'Smith' })],
      ['John V', parts({ first: 'John', last: 'V' })],
    ])('when %j is split, then titles go to the prefix and generations to the suffix, without full stops', (name, expected) => {
      expect(splitPersonName(name)).toEqual(expected);
    });
  });

  describe('given a surname with particles', () => {
    it.each([
      ['Ludwig van Beethoven', parts({ first: 'Ludwig', last: 'van Beethoven' })],
      ['Juan De La Cruz', parts({ first: 'Juan', last: 'De La Cruz' })],
      ['Dick Van Dyke', parts({ first: 'Dick', last: 'Van Dyke' })],
      ['Van Morrison', parts({ first: 'Van', last: 'Morrison' })],
    ])('when %j is split, then the particles stay with the surname and a first-word particle is a given name', (name, expected) => {
      expect(splitPersonName(name)).toEqual(expected);
    });
  });

  describe('given the surname written first with a comma', () => {
    it.each([
      ['Smith, John', parts({ first: 'John', last: 'Smith' })],
      ['Public, Dr. John Q., Jr.', parts({ prefix: 'Dr', first: 'John', middle: 'Q', last: 'Public', suffix: 'Jr' })],
      ['van Beethoven, Ludwig', parts({ first: 'Ludwig', last: 'van Beethoven' })],
    ])('when %j is split, then what comes before the comma is the surname', (name, expected) => {
      expect(splitPersonName(name)).toEqual(expected);
    });
  });

  describe('given one word or nothing', () => {
    it('when a single name is split, then it is the surname alone', () => {
      expect(splitPersonName('Cher')).toEqual(parts({ last: 'Cher' }));
    });
    it('when an empty name is split, then every part is empty', () => {
      expect(splitPersonName('   ')).toEqual(parts({}));
    });
  });
});
