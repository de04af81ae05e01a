import { randomUUID } from 'node:crypto';
import { containsCardNumber, findCardNumber, passesLuhn } from './card-number.js';
import { attachNumberLiterals } from './json-value.js';

describe('passesLuhn', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222', '6304000000000000000'])(
    'holds for the test card number %s',
    (digits) => expect(passesLuhn(digits)).toBe(true),
  );

  it.each(['4111111111111112', '1234567812345678', '378282246310006'])('fails for %s', (digits) => expect(passesLuhn(digits)).toBe(false));
});

describe('containsCardNumber', () => {
  describe('finds', () => {
    it.each([
      ['a Visa number written together', '4111111111111111'],
      ['a Visa number in groups of four', '4111 1111 1111 1111'],
      ['a Mastercard number with dashes', '5555-5555-5555-4444'],
      ['an Amex number (15 digits)', '378282246310005'],
      ['an Amex number in its 4-6-5 grouping', '3782 822463 10005'],
      ['a 13-digit number', '4222222222222'],
      ['a 19-digit number', '6304000000000000000'],
      ['a number inside longer text', 'please charge card 4111 1111 1111 1111 exp 12/28 thanks'],
      ['a number glued to letters', 'ref:pi_4111111111111111_x'],
      ['a number after a longer group run', '12 4111 1111 1111 1111'],
      ['a number before a trailing group', '4111 1111 1111 1111 2028'],
      ['a number with a separator of several characters', '4111 - 1111 - 1111 - 1111'],
      ['a number with a non-breaking space and an en dash', '4111\u00a01111\u20131111 1111'],
      ['full-width digits', '\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11'],
      ['mathematical bold digits', '\u{1d7d2}111111111111111'],
    ])('%s', (_what, text) => expect(containsCardNumber(text)).toBe(true));
  });

  describe('lets through', () => {
    it.each([
      ['a 16-digit number that fails Luhn', '4111111111111112'],
      ['another 16-digit number that fails Luhn', '1234 5678 1234 5678'],
      ['12 digits that pass Luhn', '411111111113'],
      ['an unbroken run of 20 digits that holds a card number', '41111111111111111000'],
      ['a phone number', '+1 (555) 555-5555'],
      ['an ISO instant', '2026-03-01T12:00:00.000Z'],
      ['a UUID', '6f1c2a7e-5b1d-4f0e-9a7e-2c3d4e5f6a7b'],
      ['a UUID whose digit groups pass Luhn together (703-4434-9894-65311)', 'af2c9b3e-b703-4434-9894-65311aa2abad'],
      ['a UUID with three all-digit groups', '7a888965-1488-4186-9231-259d430d71d0'],
      ['groups that are not a card grouping (3-4-4-5)', '703 4434 9894 65311'],
      ['a masked card number', '411111******1111'],
      ['a card number broken by dots', '4111.1111.1111.1111'],
      ['text with no digits', 'Ada Lovelace'],
    ])('%s', (_what, text) => expect(containsCardNumber(text)).toBe(false));
  });
});

describe('findCardNumber', () => {
  it('finds nothing in an ordinary donation', () => {
    const body = { amountMinor: 2500, currency: 'USD', donor: { name: 'Ada', address: { postalCode: '10001' } }, payment: { pspReference: 'ch_1' } };
    expect(findCardNumber(body)).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['a known field', { donor: { name: 'Ada 4111 1111 1111 1111' } }, 'donor.name'],
    ['a field nobody reads', { extra: { notes: ['ok', '5555-5555-5555-4444'] } }, 'extra.notes[1]'],
    ['a number at the top level', { pan: 378282246310005 }, 'pan'],
    ['the body itself', '4111111111111111', 'body'],
    ['a body that is a number', 4111111111111111, 'body'],
    ['a deep array', [[[[{ a: [1, 2, '4111111111111111'] }]]]], '[0][0][0][0].a[2]'],
  ])('names the path in %s', (_what, body, path) => {
    expect(findCardNumber(body)).toEqual({ path, inMemberName: false });
  });

  it('finds one in a member name and names the object holding it, never the name', () => {
    const found = findCardNumber({ donor: { type: 'individual', '4111 1111 1111 1111': true } });
    expect(found).toEqual({ path: 'donor', inMemberName: true });
  });

  it('never echoes a member name that could carry data on the way to the place', () => {
    const found = findCardNumber({ 'card 4111': { x: '5555555555554444' } });
    expect(found).toEqual({ path: '[member #0].x', inMemberName: false });
  });

  it('reads a number as it was written when the reader kept its text (a double drops digits past 2^53)', () => {
    const body = { amountMinor: Number('6212345678901234569') };
    expect(String(body.amountMinor)).not.toBe('6212345678901234569');
    expect(findCardNumber(body)).toBeNull();
    attachNumberLiterals(body, { amountMinor: '6212345678901234569' });
    expect(findCardNumber(body)).toEqual({ path: 'amountMinor', inMemberName: false });
  });

  it('ignores booleans, null and short numbers', () => {
    expect(findCardNumber({ a: true, b: null, c: 2500, d: [false, 0] })).toBeNull();
  });
});

describe('identifiers that are not card numbers', () => {
  it('given 100,000 random UUIDs (Idempotency-Keys, donation ids), then none is taken for a card number', () => {
    const hits = Array.from({ length: 100_000 }, () => randomUUID()).filter((id) => containsCardNumber(id));
    expect(hits).toEqual([]);
  });
});
