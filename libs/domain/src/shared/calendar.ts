/**
 * Instants and calendar days, checked. Clients send them (the input layer reads them here) and
 * deciders check dates in commands against the same calendar. Date.parse is too forgiving for a ledger:
 * it rolls 2026-02-30 over to 2 March and reads 24:00 as the next midnight. Here every field
 * is checked against the calendar, and the result is outside no plausible range.
 */

export type TimeFault = { code: 'date_invalid' | 'date_out_of_range'; reason: string };

/** No campaign, receipt or election of ours is before this year or from this year on. */
export const EARLIEST_YEAR = 2000;
export const END_YEAR = 2100;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function dayFault(year: number, month: number, day: number): TimeFault | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { code: 'date_invalid', reason: 'is not a day of the calendar' };
  }
  if (year < EARLIEST_YEAR || year >= END_YEAR) {
    return { code: 'date_out_of_range', reason: `must be in the years ${EARLIEST_YEAR} to ${END_YEAR - 1}` };
  }
  return null;
}

/**
 * An RFC 3339 instant with a zone (Z or ±hh:mm): `2026-03-01T07:00:00-05:00`, seconds and
 * fractions optional. Returns it in UTC (`2026-03-01T12:00:00.000Z`, milliseconds kept, finer
 * digits dropped). Refuses days that do not exist, hour 24, second 60 and offsets past 23:59.
 */
export function parseInstant(value: string): { iso: string } | TimeFault {
  const match = INSTANT.exec(value);
  if (match === null) return { code: 'date_invalid', reason: 'must be an ISO 8601 instant with a time zone (2026-03-01T12:00:00Z)' };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const [fraction = '', sign, offsetHours, offsetMinutes] = match.slice(7);
  if (hour > 23 || minute > 59 || second > 59 || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) {
    return { code: 'date_invalid', reason: 'has an hour, minute, second or offset out of range' };
  }
  const fault = dayFault(year, month, day);
  if (fault !== null) return fault;
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const at = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3))) - offsetMs;
  const utcYear = new Date(at).getUTCFullYear();
  if (utcYear < EARLIEST_YEAR || utcYear >= END_YEAR) {
    return { code: 'date_out_of_range', reason: `must be in the years ${EARLIEST_YEAR} to ${END_YEAR - 1}` };
  }
  return { iso: new Date(at).toISOString() };
}

/** A calendar day, YYYY-MM-DD, that exists (2028-02-29 does, 2026-02-29 does not). */
export function parseCalendarDay(value: string): { day: string } | TimeFault {
  const match = DAY.exec(value);
  if (match === null) return { code: 'date_invalid', reason: 'must be a calendar day, YYYY-MM-DD' };
  const fault = dayFault(Number(match[1]), Number(match[2]), Number(match[3]));
  return fault ?? { day: value };
}
