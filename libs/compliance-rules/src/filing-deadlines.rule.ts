import type { Election, JurisdictionProfile } from '#contracts';
import { addDays } from './calendar-zone.js';

export const FILING_KINDS = ['ppera_quarterly', 'fec_quarterly', 'fec_year_end', 'fec_pre_election', 'fec_post_general'] as const;
export type FilingKind = (typeof FILING_KINDS)[number];

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
  /** No filing is recorded on the ledger, so an obligation is due until its last day, then overdue. */
  status: 'due' | 'overdue';
  citation: string;
}

/** What the schedule depends on: the profile, the committee-local day it registered and its elections. */
export interface FilingCommittee {
  jurisdiction: JurisdictionProfile;
  registeredOn: string;
  elections: readonly Pick<Election, 'electionId' | 'kind' | 'date'>[];
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

/**
 * The reports a committee owes as of `today` (a committee-local day): every report whose
 * period has closed (its close of books is before today) since the committee registered. A
 * report's period starts the day after the previous one closes; the first starts on the day of
 * registration (and, as the FEC says, also covers anything before it). The ledger records no
 * filings, so none is ever "filed": each is due up to and on its last day, overdue after.
 * UK weekly pre-poll reports (s.63) are not listed: no general-election period is modelled.
 */
export function filingObligations(committee: FilingCommittee, today: string): FilingObligation[] {
  const firstYear = Number(committee.registeredOn.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const closed: Scheduled[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) closed.push(...scheduleOf(committee, year).filter((s) => s.closeOn >= committee.registeredOn && s.closeOn < today));
  closed.sort((a, b) => a.closeOn.localeCompare(b.closeOn) || a.dueOn.localeCompare(b.dueOn));
  return closed.map((s, i) => ({
    kind: s.kind,
    name: s.name,
    periodFrom: i === 0 ? committee.registeredOn : addDays(closed[i - 1].closeOn, 1),
    periodTo: s.closeOn,
    dueOn: s.dueOn,
    status: today > s.dueOn ? 'overdue' : 'due',
    citation: s.citation,
  }));
}
