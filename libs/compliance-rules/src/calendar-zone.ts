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

/**
 * Whether a name is an IANA time zone this runtime knows ("America/New_York", "Europe/London",
 * "UTC"). Abbreviations and offsets ("EST", "+05:00") are refused: their days do not follow a
 * place's daylight-saving rules, so they cannot be a committee's legal calendar.
 */
export function isIanaTimeZone(name: string): boolean {
  if (name !== 'UTC' && !/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
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

const clocks = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's wall clock is ahead of UTC at an instant (New York in winter: -300). */
function offsetMinutesAt(instantMs: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    clocks.set(timeZone, clock);
  }
  const part = Object.fromEntries(clock.formatToParts(new Date(instantMs)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return Math.round((wall - (instantMs - (((instantMs % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The instant a calendar day begins in a zone (local midnight), ISO in UTC: 1 March 2026 in
 * New York begins at 05:00Z. A report period or a window named by days starts here, never at
 * the UTC midnight, so a gift at 23:59 local on the last day is inside and 00:00 the next day
 * is not. (No zone we use skips midnight; if one did, the first instant of the day is taken.)
 */
export function startOfDayInZone(day: string, timeZone: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(midnightUtc)) throw new RangeError(`${day} is not a calendar day`);
  let at = midnightUtc - offsetMinutesAt(midnightUtc, timeZone) * 60_000;
  at = midnightUtc - offsetMinutesAt(at, timeZone) * 60_000;
  return new Date(at).toISOString();
}

/** The day `days` calendar days after `day` (negative: before), YYYY-MM-DD. */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
