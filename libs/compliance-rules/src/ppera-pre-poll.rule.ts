import type { JurisdictionProfile, UkRegister } from '#contracts';
import { addDays } from './calendar-zone.js';

/** A general election period as the party recorded it (GeneralElectionPeriodDeclared). */
export interface GeneralElectionPeriod {
  periodId: string;
  /** s.63(6)(a): the day Parliament is dissolved, the first day of the period. */
  dissolvedOn: string;
  /** s.63(6)(b): the day of the poll, the last day of the period. */
  pollOn: string;
  heldIn: readonly UkRegister[];
  partyRegisteredIn: readonly UkRegister[];
}

/** One weekly report's period (s.63(1)(a) to (c)) and its last day to deliver it (s.65). */
export interface WeeklyReportingPeriod {
  periodId: string;
  /** 1 for the week beginning with the first day of the period. */
  week: number;
  from: string;
  to: string;
  /** s.63(1)(c): a final period of fewer than seven days, ending with the poll. */
  final: boolean;
  dueOn: string;
}

export const PPERA_WEEKLY_CITATION =
  'PPERA 2000 s.63(1), (3) and (6) (weekly report of each donation over £11,180 received by the central organisation, for each 7 days of a general election period from the dissolution of Parliament to the poll) and s.65 (delivered within 7 days beginning with the end of its period)';

/** s.65: a weekly report is delivered within this many days after its period ends (as the Commission counts s.65(1)'s 30 days for a quarter). */
const WEEKLY_DELIVERY_DAYS = 7;

export type PrePollVerdict = { owed: true } | { owed: false; why: string };

/**
 * Whether a committee owes weekly reports for a general election period: s.63(1) binds the
 * treasurer of a registered party, and s.63(3)(b) has a party with accounting units report what
 * its central organisation received, so an accounting unit owes none of its own. The party must
 * be registered for a part of the UK the election is held in (PPERA s.23: the Great Britain and
 * Northern Ireland registers).
 */
export function prePollReportsOwed(jurisdiction: JurisdictionProfile, period: GeneralElectionPeriod): PrePollVerdict {
  if (jurisdiction === 'UK-PPERA-ACCOUNTING-UNIT') return { owed: false, why: 'an accounting unit files no weekly report: its party\'s central organisation reports (PPERA s.63(3)(b))' };
  if (jurisdiction !== 'UK-PPERA-PARTY') return { owed: false, why: `${jurisdiction} committees file no PPERA weekly reports` };
  if (!period.heldIn.some((part) => period.partyRegisteredIn.includes(part))) {
    return { owed: false, why: `the party is registered in ${period.partyRegisteredIn.join(' and ') || 'no register'} and the election of ${period.periodId} is held in ${period.heldIn.join(' and ')}` };
  }
  return { owed: true };
}

/**
 * s.63(1): the period of seven days beginning with the first day of the general election
 * period, each succeeding seven days within it, and any final shorter period ending with the
 * poll. Each is delivered within 7 days of its end (s.65): a week ending on a Wednesday is due
 * the next Wednesday.
 */
export function weeklyReportingPeriods(period: GeneralElectionPeriod): WeeklyReportingPeriod[] {
  const out: WeeklyReportingPeriod[] = [];
  for (let from = period.dissolvedOn, week = 1; from <= period.pollOn; from = addDays(from, 7), week += 1) {
    const full = addDays(from, 6);
    const to = full < period.pollOn ? full : period.pollOn;
    out.push({ periodId: period.periodId, week, from, to, final: to !== full, dueOn: addDays(to, WEEKLY_DELIVERY_DAYS) });
  }
  return out;
}

/** The weekly reporting period that begins on `day`, among the periods the committee owes reports for; null when none does. */
export function weeklyReportingPeriodStarting(jurisdiction: JurisdictionProfile, periods: readonly GeneralElectionPeriod[], day: string): WeeklyReportingPeriod | null {
  for (const period of periods) {
    if (!prePollReportsOwed(jurisdiction, period).owed) continue;
    const found = weeklyReportingPeriods(period).find((w) => w.from === day);
    if (found) return found;
  }
  return null;
}

export const weeklyReportName = (w: Pick<WeeklyReportingPeriod, 'periodId' | 'week'>): string => `Pre-poll week ${w.week} ${w.periodId}`;
