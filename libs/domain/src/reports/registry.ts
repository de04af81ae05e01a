import { campaignTotals } from './campaign-totals.report.js';
import { remediesDue, reviewQueueReport, rewardsGranted } from './compliance-queue.report.js';
import { fortyEightHourNotices } from './forty-eight-hour-notices.report.js';
import { largeDonationRegister } from './large-donations.report.js';
import { pperaQuarterlyReport, pperaWeeklyReport } from './ppera.report.js';
import { REPORT_PROJECTIONS } from './projections.js';
import { scheduleA } from './schedule-a.report.js';

/**
 * Every report, by name, with the read models it is computed from. Each is a pure function
 * of rows (and of instants it is given, never the clock): reporting serves it over the live
 * rows; a replay or an as-of query folds REPORT_PROJECTIONS over the ledger up to a position
 * and calls the same function, so the two can only differ if the rows do.
 */
export const REPORTS = Object.freeze({
  'campaign-totals': { fn: campaignTotals, reads: [REPORT_PROJECTIONS.donations.name] },
  'fec-schedule-a': { fn: scheduleA, reads: [REPORT_PROJECTIONS.donations.name] },
  'fec-48-hour-notices': { fn: fortyEightHourNotices, reads: [REPORT_PROJECTIONS.donations.name] },
  'ppera-quarterly': { fn: pperaQuarterlyReport, reads: [REPORT_PROJECTIONS.donations.name] },
  'ppera-weekly': { fn: pperaWeeklyReport, reads: [REPORT_PROJECTIONS.donations.name] },
  'large-donations': { fn: largeDonationRegister, reads: [REPORT_PROJECTIONS.donations.name] },
  'remedies-due': { fn: remediesDue, reads: [REPORT_PROJECTIONS.complianceCases.name] },
  'review-queue': { fn: reviewQueueReport, reads: [REPORT_PROJECTIONS.complianceCases.name] },
  'rewards-granted': { fn: rewardsGranted, reads: [REPORT_PROJECTIONS.rewardGrants.name] },
});
export type ReportName = keyof typeof REPORTS;
