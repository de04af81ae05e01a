import { utcDayOf } from './calendar.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** UK law counts its days, quarters and years in UK time (GMT, BST in summer). */
export const UK_TIME_ZONE = 'Europe/London';
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA writes YYYY-MM-DD; the zone's rules (GMT/BST) come from the ICU data Node ships.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar day of an instant in a time zone (`Europe/London`: 23:30 UTC on 30 June is
 * 00:30 BST on 1 July). UK law counts its days and years in UK time, so a UK pack decides by
 * this day; an instant without a zone is refused (null), as utcDayOf refuses it. A bare day
 * is that day.
 */
export function dayInZone(at: string, timeZone: string): string | null {
  if (utcDayOf(at) === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(at) || timeZone === 'UTC') return utcDayOf(at);
  return formatterFor(timeZone).format(new Date(Date.parse(at)));
}

/** The calendar year of an instant in a time zone. */
export function yearInZone(at: string, timeZone: string): number {
  const day = dayInZone(at, timeZone);
  if (day === null) throw new RangeError(`${at} is not an instant with a time zone`);
  return Number(day.slice(0, 4));
}

/** The last day of a period of `days` days counted from the day of receipt in the zone. */
export function dueOnInZone(receivedAt: string, days: number, timeZone: string): string {
  const day = dayInZone(receivedAt, timeZone);
  if (day === null) throw new RangeError(`receivedAt ${receivedAt} is not an instant with a time zone`);
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}
