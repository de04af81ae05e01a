import type { Election } from '#contracts';
import { addDays, startOfDayInZone } from '#compliance-rules';
import { countedOf, type DonationRow } from './donation-row.js';
import { contributorFields, fecAmount, fecEntityType, fecElectionCode } from './fec-records.js';
import { displayName, donorViewOf, type DonorView, type DonorViews } from '../reports/report-donor.js';
import { fecDate, type Tabular } from '../reports/report-format.js';

const HOUR_MS = 3_600_000;
/** "$1,000 or more" (11 CFR 104.5(f)). */
export const FORTY_EIGHT_HOUR_MIN_MINOR = 100_000n;

/**
 * The 48-hour notice window of an election (11 CFR 104.5(f)): contributions received "after
 * the 20th day, but more than 48 hours before 12:01 a.m. of the day of the election". So from
 * the start of the 19th day before election day up to, not including, 48 hours before 00:01
 * of election day: for a general election on 3 November, 15 October 00:00 to 1 November
 * 00:01. Days and 12:01 a.m. are the committee's local ones (its time zone; UTC when none is
 * given), so a gift at 23:59 local on 14 October is outside and one at 00:00 on 15 October in.
 */
export function noticeWindow(electionDate: string, timeZone = 'UTC'): { from: string; to: string } {
  const electionDay = Date.parse(startOfDayInZone(electionDate, timeZone));
  return { from: startOfDayInZone(addDays(electionDate, -19), timeZone), to: new Date(electionDay + 60_000 - 48 * HOUR_MS).toISOString() };
}

export interface NoticeLine {
  donationId: string;
  donorId: string;
  donorType: DonationRow['donorType'];
  electionId: string;
  electionCode: string;
  receivedAt: string;
  /** The contribution as received: the notice reports receipts, whatever is refunded later. */
  amountMinor: bigint;
  /** What it still counts for now. */
  countedMinor: bigint;
  /** The notice must reach the FEC within 48 hours of receipt. */
  dueBy: string;
  donor: DonorView;
}

export interface FortyEightHourNotices {
  committeeId: string;
  /** The zone whose days the windows and contribution dates are counted in. */
  timeZone: string;
  windows: { electionId: string; electionCode: string; from: string; to: string }[];
  lines: NoticeLine[];
}

/**
 * Every contribution of $1,000 or more received in an election's notice window, for each of
 * the committee's elections, whatever election it is designated for (the notice is about the
 * timing of money, not its designation). Refused (rejected) donations were never the
 * committee's and are left out.
 */
export function fortyEightHourNotices(input: { committeeId: string; elections: readonly Election[]; rows: readonly DonationRow[]; donors: DonorViews; timeZone?: string }): FortyEightHourNotices {
  const timeZone = input.timeZone ?? 'UTC';
  const windows = input.elections.map((e) => ({ electionId: e.electionId, electionCode: fecElectionCode(input.elections, e.electionId).code, ...noticeWindow(e.date, timeZone) }));
  const lines: NoticeLine[] = [];
  const rows = [...input.rows].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.donationId.localeCompare(b.donationId));
  for (const w of windows) {
    for (const row of rows) {
      const at = Date.parse(row.receivedAt);
      if (row.committeeId !== input.committeeId || row.decision === 'rejected' || row.receivedMinor < FORTY_EIGHT_HOUR_MIN_MINOR) continue;
      if (at < Date.parse(w.from) || at >= Date.parse(w.to)) continue;
      lines.push({
        donationId: row.donationId,
        donorId: row.donorId,
        donorType: row.donorType,
        electionId: w.electionId,
        electionCode: w.electionCode,
        receivedAt: row.receivedAt,
        amountMinor: row.receivedMinor,
        countedMinor: countedOf(row).countedMinor,
        dueBy: new Date(at + 48 * HOUR_MS).toISOString(),
        donor: donorViewOf(input.donors, row.donationId),
      });
    }
  }
  return { committeeId: input.committeeId, timeZone, windows, lines };
}

const HEADER = ['election_code', 'donation_id', 'entity_type', 'contributor_name', 'contributor_street_1', 'contributor_city', 'contributor_state', 'contributor_zip_code', 'contributor_employer', 'contributor_occupation', 'contribution_date', 'contribution_amount', 'due_by'];

export function fortyEightHourNoticesTable(report: FortyEightHourNotices): Tabular {
  return {
    header: HEADER,
    rows: report.lines.map((l) => {
      const type = l.donorType;
      const c = contributorFields(l.donor, fecEntityType(type));
      return [l.electionCode, l.donationId, fecEntityType(type), displayName(l.donor), c.contributor_street_1 ?? '', c.contributor_city ?? '', c.contributor_state ?? '', c.contributor_zip_code ?? '', c.contributor_employer ?? '', c.contributor_occupation ?? '', fecDate(l.receivedAt, report.timeZone), fecAmount(l.amountMinor), l.dueBy];
    }),
  };
}
