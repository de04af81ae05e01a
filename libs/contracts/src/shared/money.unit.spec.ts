import { formatMinor, isSupportedCurrency, parseMinor, toMajorString } from './money.js';

describe('parseMinor', () => {
  it.each([
    ['0', 0n],
    ['3500', 3500n],
    ['-250', -250n],
    // Beyond Number.MAX_SAFE_INTEGER: the reason amounts travel as strings and live as bigints.
    ['9007199254740993', 9007199254740993n],
    ['123456789012345678901234567890', 123456789012345678901234567890n],
  ])('reads %j as %p', (text, expected) => {
    expect(parseMinor(text)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a fraction', '1.5'],
    ['a trailing decimal point', '100.'],
    ['a leading zero', '0100'],
    ['an explicit plus sign', '+100'],
    ['a lone minus sign', '-'],
    ['surrounding whitespace', ' 100 '],
    ['an exponent', '1e3'],
    ['hex', '0x10'],
    ['thousands separators', '1,000'],
    ['non-ASCII digits', '١٠٠'],
  ])('refuses %s (%j)', (_case, text) => {
    expect(() => parseMinor(text)).toThrow(TypeError);
  });

  it.each([
    ['a number', 100],
    ['null', null],
  ])('refuses %s that slipped past the types', (_case, value) => {
    expect(() => parseMinor(value as unknown as string)).toThrow('not a decimal minor-unit amount');
  });

  it('refuses a bigint that slipped past the types', () => {
    // Only the error class is asserted: the message is currently JSON.stringify's own
    // ("Do not know how to serialize a BigInt"), raised while formatting ours.
    expect(() => parseMinor(100n as unknown as string)).toThrow(TypeError);
  });
});

describe('formatMinor', () => {
  it.each([
    [0n, '0'],
    [3500n, '3500'],
    [-5n, '-5'],
    [10n ** 30n, `1${'0'.repeat(30)}`],
  ])('writes %p as %j', (amount, expected) => {
    expect(formatMinor(amount)).toBe(expected);
  });

  it.each([0n, 1n, -1n, 9007199254740993n, -(10n ** 25n)])('round-trips %p through parseMinor', (amount) => {
    expect(parseMinor(formatMinor(amount))).toBe(amount);
  });
});

describe('toMajorString', () => {
  it.each([
    [350000n, 'USD', '3500.00'],
    [5n, 'USD', '0.05'],
    [50n, 'GBP', '0.50'],
    [0n, 'EUR', '0.00'],
    [-5n, 'USD', '-0.05'],
    [-12345n, 'CAD', '-123.45'],
    [1234n, 'JPY', '1234'],
    [-7n, 'JPY', '-7'],
    [0n, 'JPY', '0'],
    [900719925474099312n, 'USD', '9007199254740993.12'],
  ])('renders %p %s as %j', (amount, currency, expected) => {
    expect(toMajorString(amount, currency)).toBe(expected);
  });
});

describe('isSupportedCurrency', () => {
  it('accepts the listed ISO 4217 codes and nothing inherited from Object.prototype', () => {
    expect(isSupportedCurrency('USD')).toBe(true);
    expect(isSupportedCurrency('JPY')).toBe(true);
    expect(isSupportedCurrency('usd')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
  });
});
