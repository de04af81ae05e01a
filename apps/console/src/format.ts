/**
 * Money and dates as a committee's staff read them. Amounts arrive as integers of minor units
 * and are never turned into floating-point numbers: the digits are split at the currency's
 * exponent as text and handed to Intl as a decimal string.
 */
export interface Display {
  locale: string;
  timeZone: string;
}

/** Where a committee files decides how its people read money and time. */
export function displayOf(jurisdiction: string | undefined, currency: string | undefined): Display {
  if (jurisdiction?.startsWith('UK-') || currency === 'GBP') return { locale: 'en-GB', timeZone: 'Europe/London' };
  // A Canadian party's default zone (the committee's own zone, when it named one, is on the committee).
  if (jurisdiction?.startsWith('CA-') || currency === 'CAD') return { locale: 'en-CA', timeZone: 'America/Toronto' };
  // FEC deadlines fall at midnight Eastern time.
  return { locale: 'en-US', timeZone: 'America/New_York' };
}

const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };
export const exponentOf = (currency: string): number => EXPONENTS[currency] ?? 2;

/** `123456` USD → `"1234.56"`, exactly, for any safe or big integer. */
export function minorToDecimal(amountMinor: number | bigint | string, currency: string): string {
  const digits = BigInt(amountMinor).toString();
  const negative = digits.startsWith('-');
  const bare = negative ? digits.slice(1) : digits;
  const exponent = exponentOf(currency);
  if (exponent === 0) return digits;
  const padded = bare.padStart(exponent + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

export function formatMoney(amountMinor: number | bigint | string | null | undefined, currency: string | null | undefined, display: Display): string {
  if (amountMinor === null || amountMinor === undefined || !currency) return '—';
  const decimal = minorToDecimal(amountMinor, currency) as `${number}`;
  return new Intl.NumberFormat(display.locale, { style: 'currency', currency }).format(decimal);
}

/** What an officer types (`500`, `500.5`, `1,234.56`) as minor units, or null when it is not an amount. */
export function decimalToMinor(text: string, currency: string): bigint | null {
  const exponent = exponentOf(currency);
  const cleaned = text.trim().replace(/,/g, '');
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  return BigInt(match[1] + fraction.padEnd(exponent, '0'));
}

export function formatInstant(iso: string | null | undefined, display: Display): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(display.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: display.timeZone, timeZoneName: 'short' }).format(at);
}

/** A legal day (`2026-03-06`) as the locale writes it, without moving it across a time zone. */
export function formatDay(day: string, display: Display): string {
  const at = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(display.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

/** Basis points (10000 = all) as a percentage with two decimals, by integer arithmetic. */
export function formatBasisPoints(basisPoints: number | undefined): string {
  if (basisPoints === undefined) return '—';
  return `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}%`;
}

/** Reporting's lag as the dashboard says it: caught up, or how long and how many events behind. */
export function formatLag(lag: { seconds: number; events: number; atLeast: boolean } | null | undefined): string {
  if (!lag) return '—';
  if (lag.events === 0) return 'Caught up (0 s, 0 events)';
  const events = `${lag.events}${lag.atLeast ? '+' : ''} ${lag.events === 1 && !lag.atLeast ? 'event' : 'events'}`;
  return `${lag.seconds} s behind (${events})`;
}
