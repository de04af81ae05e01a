import { randomUUID } from 'node:crypto';
import { cardBrandOf } from './card-brands.js';
import { containsCardNumber, findCardNumber, isCardNumber, passesLuhn } from './card-number.js';
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
      ['a card number broken by dots', '4111.1111.1111.1111'],
      ['a card number broken by slashes', '4242/4242/4242/4242'],
      ['a card number broken by backslashes', '4242\\4242\\4242\\4242'],
      ['a card number broken by underscores', '5555_5555_5555_4444'],
      ['a card number in pairs', '42 42 42 42 42 42 42 42'],
      ['a card number in groups of three', '424 242 424 242 424 2'],
      ['a card number in uneven groups', '4 2424242 42424 242'],
      ['a card number with runs of mixed separators', '4111 -- 1111 ..//__ 1111 \t 1111'],
      ['a card number split by zero-width spaces', '4111\u200b1111\u200b1111\u200b1111'],
      ['a card number split by middle dots and bullets', '4111\u00b71111\u20221111\u00b71111'],
      ['full-width dots and solidi', '4111\uff0e1111\uff0f1111\uff3f1111'],
      ['Arabic-Indic digits', '\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661'],
      ['Devanagari digits in groups', '\u096a\u0968\u096a\u0968 \u096a\u0968\u096a\u0968 \u096a\u0968\u096a\u0968 \u096a\u0968\u096a\u0968'],
      ['a card number between words joined by underscores', 'order_4242_4242_4242_4242_paid'],
      ['a card number in an Idempotency-Key', 'key-4000-0566-5566-5556'],
    ])('%s', (_what, text) => expect(containsCardNumber(text)).toBe(true));

    it.each([
      ['Visa', '4242424242424242'],
      ['Visa debit', '4000056655665556'],
      ['Visa (3-D Secure)', '4000002500003155'],
      ['Visa Electron', '4917610000000000'],
      ['Mastercard', '5555555555554444'],
      ['Mastercard 2-series', '2223003122003222'],
      ['Mastercard debit', '5200828282828210'],
      ['American Express', '371449635398431'],
      ['Discover', '6011000990139424'],
      ['Diners Club (14 digits)', '36227206271667'],
      ['Diners Club (16 digits)', '3056930009020004'],
      ['JCB', '3566002020360505'],
      ['UnionPay', '6200000000000005'],
      ['UnionPay (19 digits)', '6205500000000000004'],
      ['Maestro', '6759649826438453'],
      ['Mir', '2200000000000004'],
      ['RuPay', '6007220000000004'],
    ])('the %s test card %s, written together, in fours with dots, and in twos with slashes', (_brand, digits) => {
      expect(containsCardNumber(digits)).toBe(true);
      expect(containsCardNumber(digits.replace(/(\d{4})(?=\d)/g, '$1.'))).toBe(true);
      expect(containsCardNumber(`card: ${digits.replace(/(\d{2})(?=\d)/g, '$1 / ')}`)).toBe(true);
    });
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
      ['digit groups that pass Luhn together but start in no card range (70…)', '703 4434 9894 65311'],
      ['a masked card number', '411111******1111'],
      ['text with no digits', 'Ada Lovelace'],
      ['a millisecond timestamp that passes Luhn', '1764960000420'],
      ['an Idempotency-Key made of a timestamp and a counter', '1764960000511-17'],
      ['an Idempotency-Key with a timestamp after a word', 'checkout_1764960000560'],
      ['an Idempotency-Key with a timestamp and a UUID', '1764960000420-6f1c2a7e-5b1d-4f0e-9a7e-2c3d4e5f6a7b'],
      ['a microsecond timestamp', '1764960000420123'],
      ['a 16-digit Adyen PSP reference', '8815658961765250'],
      ['16-digit PSP references that pass Luhn outside every card range', '8815658961765255 8535296650153316 9914926512381452'],
      ['a number of a card length that passes Luhn in no brand\'s range', '7000000000000013'],
      ['a Visa-range number of a length Visa never issues (17)', '42424242424242426'],
      ['a Stripe charge id', 'ch_3MmlLrLkdIwHu7ix0snN0B15'],
      ['a German IBAN', 'DE89 3704 0044 0532 0130 00'],
      ['a British IBAN', 'GB82 WEST 1234 5698 7654 32'],
      ['a US routing and account number', '021000021 000123456789'],
      ['a dotted IP address and a version', '192.168.100.200 v10.24.1001.7'],
      ['an ISO date and a ZIP+4 and a phone number', '2026-03-01 10001-1234 (555) 555-5555'],
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

describe('isCardNumber and the brand ranges', () => {
  it.each([
    ['4242424242424242', 'Visa'],
    ['5555555555554444', 'Mastercard'],
    ['2720999999999996', 'Mastercard'],
    ['378282246310005', 'American Express'],
    ['6011111111111117', 'Discover'],
    ['3566002020360505', 'JCB'],
    ['6304000000000000000', 'Maestro'],
  ])('given %s, then its brand is %s', (digits, brand) => {
    expect(cardBrandOf(digits)?.name).toBe(brand);
    expect(isCardNumber(digits)).toBe(true);
  });

  it.each([
    ['a number just past Mastercard\'s 2-series (2721…)', '2721000000000004'],
    ['an Amex prefix with 16 digits', '3782822463100053'],
    ['a Visa prefix with 14 digits', '42424242424242'],
    ['a Luhn-valid number starting with 1 (timestamps, left out UATP)', '176496000042'],
  ])('given %s, then it is not a card number', (_what, digits) => expect(isCardNumber(digits)).toBe(false));
});

describe('identifiers that are not card numbers', () => {
  it('given every millisecond timestamp of a busy second, alone, after a word and before a counter, then none is taken for a card number', () => {
    const start = Date.UTC(2026, 11, 5, 18, 0, 0);
    const keys = Array.from({ length: 1_000 }, (_, i) => String(start + i)).flatMap((ts, i) => [ts, `donate-${ts}`, `${ts}-${i % 100}`, `${ts}.${i}`, `${randomUUID()}_${ts}`]);
    expect(keys.filter((key) => containsCardNumber(key))).toEqual([]);
  });

  it('given 10,000 16-digit references that pass Luhn and start outside the card ranges (7…, 88…, 99…), then none is refused', () => {
    const refs = Array.from({ length: 10_000 }, (_, i) => {
      const body = `${['7', '88', '99'][i % 3]}${String(i * 7919).padStart(14, '0')}`.slice(0, 15);
      const check = Array.from({ length: 10 }, (_, d) => `${body}${d}`).find(passesLuhn) as string;
      return check;
    });
    expect(refs.every(passesLuhn)).toBe(true);
    expect(refs.filter((ref) => containsCardNumber(ref))).toEqual([]);
  });

  it('given 100,000 random UUIDs (Idempotency-Keys, donation ids), then none is taken for a card number', () => {
    const hits = Array.from({ length: 100_000 }, () => randomUUID()).filter((id) => containsCardNumber(id));
    expect(hits).toEqual([]);
  });
});

describe('card numbers in a URL', () => {
  it.each([
    ['a query value', '/v1/committees/hostile-cmte?pan=5555-5555-5555-4444'],
    ['a path segment after words with digits', '/v1/campaigns/x 4111 1111 1111 1111'],
    ['a query value with dots', '/v2/x?card=4111.1111.1111.1111&v=1'],
  ])('finds one in %s', (_what, url) => expect(containsCardNumber(url)).toBe(true));

  it.each([
    ['a UUID in the path', '/v1/donations/81573900-3423-4871-b7ca-34b34661aada'],
    ['a timestamp in the query', '/v1/committees/c1/reports/review-queue?asOf=1764960000420'],
  ])('lets %s through', (_what, url) => expect(containsCardNumber(url)).toBe(false));
});
