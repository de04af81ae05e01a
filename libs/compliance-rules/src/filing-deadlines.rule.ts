import { FILING_KINDS, type Election, type FilingKind, type JurisdictionProfile } from '#contracts';
import { addDays } from './calendar-zone.js';
import { prePollReportsOwed, PPERA_WEEKLY_CITATION, weeklyReportingPeriods, weeklyReportName, type GeneralElectionPeriod } from './ppera-pre-poll.rule.js';

export { FILING_KINDS, type FilingKind };

/** A report the committee owes the regulator, on committee-local days. */
export interface FilingObligation {
  kind: FilingKind;
  /** The regulator's name for it: "Q1 2026", "April Quarterly 2026", "Pre-General 2026-11-03". */
  name: string;
  /** First and last day the report covers (the close of books), inclusive. */
  periodFrom: string;
  periodTo: string;
  /** The last day to file on; the day itself is on time. */
  dueOn: string;
  /** Due up to and on its last day, overdue after, until a filing of it is recorded (FilingRecorded): then filed. */
  status: 'due' | 'overdue' | 'filed';
  /** The day it was delivered, once recorded; null while it is not. */
  filedOn: string | null;
  /** Delivered after its last day. */
  filedLate: boolean;
  citation: string;
}

/** A report recorded as delivered: which one (kind and last day covered) and when. */
export interface RecordedFiling {
  kind: FilingKind;
  periodTo: string;
  filedOn: string;
}

/** What the schedule depends on: the profile, the committee-local day it registered and its elections. */
export interface FilingCommittee {
  jurisdiction: JurisdictionProfile;
  registeredOn: string;
  elections: readonly Pick<Election, 'electionId' | 'kind' | 'date'>[];
  /** UK general election periods the party recorded: its weekly pre-poll reports (PPERA s.63). */
  generalElectionPeriods?: readonly GeneralElectionPeriod[];
  /** Reports recorded as filed; the latest record of a report gives its day. */
  filings?: readonly RecordedFiling[];
}

const PPERA_QUARTERLY = 'PPERA 2000 s.62 and s.65(1) (quarterly donation report, delivered within 30 days after the end of the quarter)';
/** PPERA s.65(1): a quarterly report is delivered within this many days after its quarter ends. */
const PPERA_QUARTERLY_DAYS = 30;
const FEC_QUARTERLY = '52 U.S.C. 30104(a)(2)(A)(iii), (B); 11 CFR 104.5(a)(1)(iii), (a)(2)(iii) (quarterly report, 15 days after the quarter; the year-end by January 31)';
const FEC_PRE = '52 U.S.C. 30104(a)(2)(A)(i); 11 CFR 104.5(a)(2)(i) (pre-election report, 12 days before the election, complete as of the 20th day before)';
const FEC_POST = '52 U.S.C. 30104(a)(2)(A)(ii); 11 CFR 104.5(a)(2)(ii) (post-general report, 30 days after the general election, complete as of the 20th day after)';

interface Scheduled {
  kind: FilingKind;
  name: string;
  closeOn: string;
  dueOn: string;
  citation: string;
}

const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'] as const;

function pperaSchedule(year: number): Scheduled[] {
  return QUARTER_ENDS.map((end, i) => {
    const closeOn = `${year}-${end}`;
    return { kind: 'ppera_quarterly', name: `Q${i + 1} ${year}`, closeOn, dueOn: addDays(closeOn, PPERA_QUARTERLY_DAYS), citation: PPERA_QUARTERLY };
  });
}

const FEC_QUARTER_NAMES = ['April Quarterly', 'July Quarterly', 'October Quarterly'] as const;

/**
 * A candidate's principal committee files quarterly in every year, the fourth quarter as the
 * year-end report; in a year of one of its elections, also a pre-election report for each
 * election and a post-general report. Deadlines are not moved off weekends (the FEC does not).
 */
function fecSchedule(year: number, elections: FilingCommittee['elections']): Scheduled[] {
  const quarters = FEC_QUARTER_NAMES.map((name, i): Scheduled => {
    const closeOn = `${year}-${QUARTER_ENDS[i]}`;
    return { kind: 'fec_quarterly', name: `${name} ${year}`, closeOn, dueOn: addDays(closeOn, 15), citation: FEC_QUARTERLY };
  });
  const yearEnd: Scheduled = { kind: 'fec_year_end', name: `Year-End ${year}`, closeOn: `${year}-12-31`, dueOn: `${year + 1}-01-31`, citation: FEC_QUARTERLY };
  const ofYear = elections.filter((e) => e.date.startsWith(`${year}-`));
  const pre = ofYear.map((e): Scheduled => ({ kind: 'fec_pre_election', name: `Pre-${titleOf(e.kind)} ${e.date}`, closeOn: addDays(e.date, -20), dueOn: addDays(e.date, -12), citation: FEC_PRE }));
  const post = ofYear
    .filter((e) => e.kind === 'general')
    .map((e): Scheduled => ({ kind: 'fec_post_general', name: `Post-General ${e.date}`, closeOn: addDays(e.date, 20), dueOn: addDays(e.date, 30), citation: FEC_POST }));
  return [...quarters, yearEnd, ...pre, ...post];
}

const titleOf = (kind: string): string => kind.charAt(0).toUpperCase() + kind.slice(1);

function scheduleOf(committee: FilingCommittee, year: number): Scheduled[] {
  switch (committee.jurisdiction) {
    case 'UK-PPERA-PARTY':
    case 'UK-PPERA-ACCOUNTING-UNIT':
      return pperaSchedule(year);
    case 'US-FEC-CANDIDATE':
      return fecSchedule(year, committee.elections);
    case 'CA-CEA-PARTY':
      return [];
    default:
      return assertNever(committee.jurisdiction);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected jurisdiction ${String(value)}`);
}

/** s.63 weekly reports of every general election period the party owes them for, each period counted on its own. */
function weeklyObligations(committee: FilingCommittee): (Scheduled & { periodFrom: string })[] {
  return (committee.generalElectionPeriods ?? [])
    .filter((period) => prePollReportsOwed(committee.jurisdiction, period).owed)
    .flatMap((period) => weeklyReportingPeriods(period))
    .map((w) => ({ kind: 'ppera_weekly' as const, name: weeklyReportName(w), periodFrom: w.from, closeOn: w.to, dueOn: w.dueOn, citation: PPERA_WEEKLY_CITATION }));
}

/**
 * The reports a committee owes as of `today` (a committee-local day): every report whose
 * period has closed (its close of books is before today) since the committee registered. A
 * report's period starts the day after the previous one closes; the first starts on the day of
 * registration (and, as the FEC says, also covers anything before it). A UK party's weekly
 * pre-poll reports (s.63) run beside its quarters, each week's period its own. A report is due
 * up to and on its last day and overdue after, until a filing of it is recorded: then it is
 * filed (and says whether it was late).
 */
export function filingObligations(committee: FilingCommittee, today: string): FilingObligation[] {
  const firstYear = Number(committee.registeredOn.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const closed: Scheduled[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) closed.push(...scheduleOf(committee, year).filter((s) => s.closeOn >= committee.registeredOn && s.closeOn < today));
  closed.sort((a, b) => a.closeOn.localeCompare(b.closeOn) || a.dueOn.localeCompare(b.dueOn));
  const chained = closed.map((s, i) => ({ ...s, periodFrom: i === 0 ? committee.registeredOn : addDays(closed[i - 1].closeOn, 1) }));
  const weekly = weeklyObligations(committee).filter((s) => s.closeOn >= committee.registeredOn && s.closeOn < today);
  return [...chained, ...weekly]
    .sort((a, b) => a.closeOn.localeCompare(b.closeOn) || a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind))
    .map((s) => {
      const filedOn = filedOnOf(committee.filings ?? [], s.kind, s.closeOn);
      const status = filedOn !== null ? 'filed' : today > s.dueOn ? 'overdue' : 'due';
      return { kind: s.kind, name: s.name, periodFrom: s.periodFrom, periodTo: s.closeOn, dueOn: s.dueOn, status, filedOn, filedLate: filedOn !== null && filedOn > s.dueOn, citation: s.citation };
    });
}

/** The day of the latest record of a report's filing (a later record corrects an earlier one). */
function filedOnOf(filings: readonly RecordedFiling[], kind: FilingKind, periodTo: string): string | null {
  let day: string | null = null;
  for (const f of filings) if (f.kind === kind && f.periodTo === periodTo) day = f.filedOn;
  return day;
}
