import { toMajorString } from '#contracts';
import { filingObligations, type FilingCommittee, type FilingObligation } from '#compliance-rules';
import { localDayOf, type Tabular } from '../reports/report-format.js';
import type { ComplianceCaseRow, Obligation } from './compliance-case-row.js';

export interface RemedyDue extends Obligation {
  donationId: string;
  campaignId: string;
  donorId: string;
  currency: string;
  /** Past its last day on `asOf`'s day in the committee's zone. */
  overdue: boolean;
}

/** Said with every list of filings, so that nobody reads an absence as a report done. */
export const FILING_NOTE =
  'Each report is due up to and on its last day and overdue after, until an officer records it as filed (POST /v1/committees/{committeeId}/filings): then it is filed, and late if filed after its last day. A UK party\'s weekly pre-poll reports (PPERA s.63) are listed for each general election period it recorded and is registered for.';

export interface RemediesDueReport {
  committeeId: string;
  asOf: string;
  overdueCount: number;
  items: RemedyDue[];
  /** The reports owed to the regulator whose books have closed (see filingObligations); empty without a committee. */
  filingObligations: FilingObligation[];
  filingNote: string;
}

/**
 * Open obligations of a committee, soonest deadline first, each marked overdue once its last
 * day has passed on `asOf` (given, never read from a clock, so a past date gives its answer),
 * with the reports it owes the regulator judged on the same committee-local day.
 */
export function remediesDue(input: { committeeId: string; rows: readonly ComplianceCaseRow[]; asOf: string; timeZone?: string; filing?: FilingCommittee }): RemediesDueReport {
  const today = localDayOf(input.asOf, input.timeZone);
  const items = input.rows
    .filter((r) => r.committeeId === input.committeeId)
    .flatMap((r) => r.obligations.filter((o) => o.metBy === null).map((o): RemedyDue => ({ ...o, donationId: r.donationId, campaignId: r.campaignId, donorId: r.donorId, currency: r.currency, overdue: o.dueOn < today })))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.donationId.localeCompare(b.donationId) || a.kind.localeCompare(b.kind));
  const filings = input.filing ? filingObligations(input.filing, today) : [];
  return { committeeId: input.committeeId, asOf: input.asOf, overdueCount: items.filter((i) => i.overdue).length, items, filingObligations: filings, filingNote: FILING_NOTE };
}

export interface ReviewQueueItem {
  donationId: string;
  campaignId: string;
  donorId: string;
  receivedAt: string;
  receivedMinor: bigint;
  flags: { code: string; detail: string }[];
  /** The earliest open deadline of the flag, or null when it carries none. */
  dueOn: string | null;
  overdue: boolean;
}

/** Flagged donations no officer has decided and whose money has not all gone back, by legal deadline. */
export function reviewQueueReport(input: { committeeId: string; rows: readonly ComplianceCaseRow[]; asOf: string; timeZone?: string }): { committeeId: string; asOf: string; items: ReviewQueueItem[] } {
  const today = localDayOf(input.asOf, input.timeZone);
  const items = input.rows
    .filter((r) => r.committeeId === input.committeeId && r.flags.length > 0 && r.review === null && r.returnedMinor < r.receivedMinor)
    .map((r): ReviewQueueItem => {
      const open = r.obligations.filter((o) => o.kind === 'flag_deadline' && o.metBy === null).map((o) => o.dueOn).sort();
      const dueOn = open[0] ?? null;
      return { donationId: r.donationId, campaignId: r.campaignId, donorId: r.donorId, receivedAt: r.receivedAt, receivedMinor: r.receivedMinor, flags: r.flags, dueOn, overdue: dueOn !== null && dueOn < today };
    })
    .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.receivedAt.localeCompare(b.receivedAt));
  return { committeeId: input.committeeId, asOf: input.asOf, items };
}

export function remediesTable(report: RemediesDueReport): Tabular {
  return {
    header: ['due_on', 'overdue', 'kind', 'action', 'donation_id', 'campaign_id', 'amount', 'options'],
    rows: report.items.map((i) => [i.dueOn, String(i.overdue), i.kind, i.action, i.donationId, i.campaignId, i.amountMinor === null ? '' : toMajorString(i.amountMinor, i.currency), i.options.join(' ')]),
  };
}

export function reviewQueueTable(report: ReturnType<typeof reviewQueueReport>): Tabular {
  return {
    header: ['due_on', 'overdue', 'donation_id', 'campaign_id', 'received_at', 'flags'],
    rows: report.items.map((i) => [i.dueOn ?? '', String(i.overdue), i.donationId, i.campaignId, i.receivedAt, i.flags.map((f) => f.code).join(' ')]),
  };
}
