import type { AsOf } from '../shared/as-of.js';
import { parseCalendarDay, parseInstant } from '../shared/calendar.js';

const POSITION = /^(0|[1-9]\d{0,15})$/;

/**
 * Reads the two query parameters (or CLI flags) of an as-of request: at most one of
 * `asOf` (an RFC 3339 instant with a zone) and `asOfPosition` (a ledger position, 0 or more).
 * Neither: null, the books now. Both, or a malformed one: a problem to show the caller.
 */
export function asOfOf(asOf: unknown, asOfPosition: unknown): AsOf | null | { problem: string } {
  const given = (value: unknown): boolean => value !== undefined && value !== null;
  if (given(asOf) && given(asOfPosition)) return { problem: 'give asOf or asOfPosition, not both' };
  if (given(asOf)) {
    if (typeof asOf !== 'string') return { problem: 'asOf must be given once, as an instant' };
    const parsed = parseInstant(asOf);
    if ('code' in parsed) return { problem: `asOf ${parsed.reason}` };
    return { kind: 'instant', instant: parsed.iso };
  }
  if (given(asOfPosition)) {
    if (typeof asOfPosition !== 'string' || !POSITION.test(asOfPosition) || !Number.isSafeInteger(Number(asOfPosition))) {
      return { problem: 'asOfPosition must be a ledger position: a whole number, 0 or more' };
    }
    return { kind: 'position', position: Number(asOfPosition) };
  }
  return null;
}

/**
 * A query's date (`2026-03-01`, midnight UTC) or instant with a zone, in UTC, checked against
 * the calendar: `2026-02-30` is refused, never rolled over to 2 March as Date.parse would. A
 * real day outside the years the ledger takes (a period `to=2100-01-01`) is a fine bound for a
 * query, so only the calendar is checked, not the range.
 */
export function parseDayOrInstant(value: unknown): { iso: string } | { problem: string } {
  if (typeof value !== 'string') return { problem: 'must be given once, as an ISO 8601 date or instant with a zone' };
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = isDay ? parseCalendarDay(value) : parseInstant(value);
  if (!('code' in parsed)) return { iso: 'day' in parsed ? `${parsed.day}T00:00:00.000Z` : parsed.iso };
  // Out of range is only said of a day the calendar has: Date.parse reads it as written.
  if (parsed.code === 'date_out_of_range') return { iso: new Date(Date.parse(isDay ? `${value}T00:00:00Z` : value)).toISOString() };
  return { problem: `must be a real ISO 8601 date or instant with a zone: ${parsed.reason}` };
}
