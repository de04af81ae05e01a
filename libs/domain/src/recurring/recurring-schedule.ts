import { deterministicId } from '#contracts';
import { dayInZone, startOfDayInZone } from '#compliance-rules';
import { daysInMonth } from '../shared/calendar.js';

/**
 * The calendar of a monthly plan: the committee's (its zone when the plan was made, see
 * RecurringPlanCreated v4). Compliance judges an instalment, and Schedule A dates it, by the
 * committee's local day of its receivedAt, so the plan's months and due days are that calendar's
 * too: a plan "on the 1st" falls due at local midnight on the 1st, never at a UTC midnight that
 * is still the last evening of the previous month in New York. Plans made before v4 keep UTC.
 *
 * A period is a month, "YYYY-MM". Its instalment falls due at 00:00 local on the plan's day of
 * the month, or on the month's last day when it is shorter (the 31st is 28 February).
 */

/**
 * How many periods back a scheduler catches up after being down, the current one included.
 * A donor is not charged for a year at once because intake was down; older periods lapse.
 */
export const MAX_CATCH_UP_PERIODS = 3;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function parts(period: string): { year: number; month: number } {
  const match = PERIOD.exec(period);
  if (!match) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The period `count` months after (or, when negative, before) `period`. */
export function addPeriods(period: string, count: number): string {
  const { year, month } = parts(period);
  const index = year * 12 + (month - 1) + count;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The month of an instant in the plan's zone (UTC unless given). */
export function periodOf(instant: string, timeZone = 'UTC'): string {
  const day = Number.isNaN(Date.parse(instant)) ? null : dayInZone(instant, timeZone);
  if (day === null) throw new RangeError(`not an instant: ${instant}`);
  return day.slice(0, 7);
}

/** The plan's day in that month, clamped to the month's last day, YYYY-MM-DD. */
export function dueDayOf(period: string, dayOfMonth: number): string {
  const { year, month } = parts(period);
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(dayOfMonth, daysInMonth(year, month)))}`;
}

/** The first instant of the plan's day in that month in the plan's zone: 00:00 local (UTC unless given). */
export function dueAtOf(period: string, dayOfMonth: number, timeZone = 'UTC'): string {
  return startOfDayInZone(dueDayOf(period, dayOfMonth), timeZone);
}

/** The first period whose due day is on or after `startsOn` (YYYY-MM-DD). */
export function firstPeriodOf(startsOn: string, dayOfMonth: number): string {
  if (!DAY.test(startsOn)) throw new RangeError(`not a calendar day: ${startsOn}`);
  const period = startsOn.slice(0, 7);
  return dueDayOf(period, dayOfMonth) >= startsOn ? period : addPeriods(period, 1);
}

/** The id of a period's instalment donation: the same on every replica, for every retry. */
export function instalmentDonationId(planId: string, period: string): string {
  return deterministicId('recurring-instalment', planId, period);
}

/** What the schedule needs to know of a plan. */
export interface PlanCalendar {
  active: boolean;
  dayOfMonth: number;
  /** The IANA zone whose days the plan counts (the committee's; UTC for a plan made before v4). */
  timeZone: string;
  startsOn: string;
  /** Instalments falling due before this instant are not owed (the start, or the last resume). */
  owedFrom: string;
  /** Periods already initiated (or refused): never owed twice. */
  initiated: ReadonlySet<string>;
}

export interface DueInstalment {
  period: string;
  dueAt: string;
}

/** The latest period whose instalment is due at or before `now`. */
function latestDuePeriod(calendar: PlanCalendar, now: number): string {
  const current = periodOf(new Date(now).toISOString(), calendar.timeZone);
  return Date.parse(dueAtOf(current, calendar.dayOfMonth, calendar.timeZone)) <= now ? current : addPeriods(current, -1);
}

/**
 * The instalments owed at `now`, oldest first: due at or before `now`, on or after the start
 * and the last resume, not initiated yet, and among the last MAX_CATCH_UP_PERIODS periods.
 * A paused or cancelled plan owes nothing.
 */
export function instalmentsDue(calendar: PlanCalendar, now: string): DueInstalment[] {
  if (!calendar.active) return [];
  const at = Date.parse(now);
  const first = firstPeriodOf(calendar.startsOn, calendar.dayOfMonth);
  const owedFrom = Date.parse(calendar.owedFrom);
  const latest = latestDuePeriod(calendar, at);
  const due: DueInstalment[] = [];
  for (let back = MAX_CATCH_UP_PERIODS - 1; back >= 0; back--) {
    const period = addPeriods(latest, -back);
    const dueAt = dueAtOf(period, calendar.dayOfMonth, calendar.timeZone);
    if (period < first || Date.parse(dueAt) < owedFrom || calendar.initiated.has(period)) continue;
    due.push({ period, dueAt });
  }
  return due;
}

/**
 * When the plan next owes something, seen from `now`: `now`'s oldest due instalment if one
 * is owed already, else the due instant of the next period that will be; null while the plan
 * is not active.
 */
export function nextDueAt(calendar: PlanCalendar, now: string): string | null {
  if (!calendar.active) return null;
  const owed = instalmentsDue(calendar, now);
  if (owed.length > 0) return owed[0].dueAt;
  const first = firstPeriodOf(calendar.startsOn, calendar.dayOfMonth);
  const afterLatest = addPeriods(latestDuePeriod(calendar, Date.parse(now)), 1);
  let period = afterLatest > first ? afterLatest : first;
  // A resume in the middle of a month forgoes that month when its day has passed.
  const resumed = periodOf(calendar.owedFrom, calendar.timeZone);
  if (resumed > period) period = resumed;
  while (Date.parse(dueAtOf(period, calendar.dayOfMonth, calendar.timeZone)) < Date.parse(calendar.owedFrom) || calendar.initiated.has(period)) {
    period = addPeriods(period, 1);
  }
  return dueAtOf(period, calendar.dayOfMonth, calendar.timeZone);
}
