import { checkText } from './input-text.js';

const forbidden = { code: 'text_forbidden_characters' };

describe('checkText', () => {
  describe('takes and normalises', () => {
    it.each([
      ['plain text, trimmed', '  Ada Lovelace ', 'Ada Lovelace'],
      ['a decomposed accent, composed (NFC)', 'Jose\u0301', 'Jos\u00e9'],
      ['Hangul jamo, composed into a syllable', '\u1112\u1161\u11ab', '\ud55c'],
      ['right-to-left script without overrides', 'محمد بن سلمان', 'محمد بن سلمان'],
      ['a ZWNJ inside a Persian word', 'می\u200cخواهم', 'می\u200cخواهم'],
      ['an emoji ZWJ sequence', 'Family 👨\u200d👩\u200d👧', 'Family 👨\u200d👩\u200d👧'],
      ['a Devanagari name with its marks', 'क्षत्रिय', 'क्षत्रिय'],
      ['non-breaking and ideographic spaces inside', 'Ada\u00a0King\u3000Lovelace', 'Ada\u00a0King\u3000Lovelace'],
      ['an empty string (whether empty is allowed is the caller\'s call)', '   ', ''],
    ])('%s', (_what, value, text) => expect(checkText(value, 200)).toEqual({ text }));
  });

  describe('refuses as text_forbidden_characters', () => {
    it.each([
      ['NUL', 'Ada\u0000Lovelace'],
      ['a tab', 'Ada\tLovelace'],
      ['a newline at the end (not trimmed away)', 'Ada Lovelace\n'],
      ['a carriage return', 'Ada\rLovelace'],
      ['DEL', 'Ada\u007f'],
      ['a C1 control', 'Ada\u0085Lovelace'],
      ['a line separator', 'Ada\u2028Lovelace'],
      ['a paragraph separator', 'Ada\u2029Lovelace'],
      ['a private-use character', 'Ada\ue000'],
      ['a right-to-left override', 'Jane\u202eSmith'],
      ['a left-to-right embedding', '\u202aJane'],
      ['a pop directional formatting', 'Jane\u202c'],
      ['a right-to-left isolate', 'Jane\u2067Smith\u2069'],
      ['a right-to-left mark', 'Jane\u200f'],
      ['an Arabic letter mark', 'Jane\u061cSmith'],
      ['a zero-width space', 'Ja\u200bne'],
      ['a word joiner', 'Ja\u2060ne'],
      ['a byte-order mark inside', 'Ja\ufeffne'],
      ['a soft hyphen', 'Love\u00adlace'],
      ['tag characters', 'Ada\u{e0041}\u{e0042}'],
      ['a lone high surrogate', 'Ada\ud800'],
      ['a lone low surrogate', '\udc00Ada'],
      ['a ZWJ at the start', '\u200dAda'],
      ['a ZWJ at the end', 'Ada\u200d'],
      ['a ZWJ beside a space', 'Ada \u200dKing'],
      ['two joiners in a row', 'Ada\u200d\u200dKing'],
      ['a ZWNJ and a ZWJ in a row', 'Ada\u200c\u200dKing'],
      ['a Hangul filler posing as a name', '\u3164'],
      ['a Hangul filler inside', 'Ada\u3164Lovelace'],
      ['a blank Braille cell', '\u2800'],
      ['a combining grapheme joiner', 'Ada\u034f'],
      ['a combining mark with no letter', '\u0301Ada'],
      ['a pile of combining marks (Zalgo)', 'Z\u0351\u0352\u0357\u035b\u0363\u0364algo'],
    ])('%s', (_what, value) => expect(checkText(value, 200)).toMatchObject(forbidden));
  });

  it('counts code points after NFC, so an emoji or a decomposed letter is one character', () => {
    expect(checkText('😀'.repeat(10), 10)).toEqual({ text: '😀'.repeat(10) });
    expect(checkText('e\u0301'.repeat(10), 10)).toEqual({ text: '\u00e9'.repeat(10) });
    expect(checkText('😀'.repeat(11), 10)).toEqual({ code: 'text_too_long', reason: 'is longer than 10 characters' });
  });

  it('refuses text far beyond the limit before normalising it', () => {
    expect(checkText('x'.repeat(1_000_000), 200)).toEqual({ code: 'text_too_long', reason: 'is longer than 200 characters' });
  });
});
