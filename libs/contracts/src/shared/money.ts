/**
 * Money is an integer count of minor units and an ISO 4217 code. In code it is a bigint,
 * in events and messages a decimal string, in the public HTTP API a JSON safe integer.
 */
export interface Money {
  amountMinor: bigint;
  currency: string;
}

/** ISO 4217 minor-unit exponents of the currencies we accept. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  USD: 2,
  GBP: 2,
  EUR: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  CHF: 2,
  JPY: 0,
});

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

const DECIMAL_MINOR = /^-?(0|[1-9][0-9]*)$/;

/** Parses the decimal-string form used inside events; throws on anything else. */
export function parseMinor(value: string): bigint {
  if (typeof value !== 'string' || !DECIMAL_MINOR.test(value)) {
    throw new TypeError(`not a decimal minor-unit amount: ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}

export function formatMinor(value: bigint): string {
  return value.toString(10);
}

/** Renders minor units as a major-unit decimal for humans and filings ("3500.00"). */
export function toMajorString(amountMinor: bigint, currency: string): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  if (exponent === 0) return amountMinor.toString();
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(exponent + 1, '0');
  const major = digits.slice(0, -exponent);
  return `${negative ? '-' : ''}${major}.${digits.slice(-exponent)}`;
}
