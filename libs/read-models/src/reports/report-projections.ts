import { complianceCasesProjection, reportComplianceCases } from '../compliance-cases/compliance-cases.projection.js';
import { donationsProjection, reportDonations } from '../donations/donations.projection.js';
import { donorLinksProjection, reportDonorLinks } from '../donor-links/donor-links.projection.js';
import { reportRewardGrants, reportRewardGrantsProjection } from '../report-reward-grants/report-reward-grants.projection.js';

/** The pure folds the filings read, by name: what a replay rebuilds and the specs fold in memory. */
export const REPORT_PROJECTIONS = Object.freeze({
  donations: donationsProjection,
  complianceCases: complianceCasesProjection,
  rewardGrants: reportRewardGrantsProjection,
  donorLinks: donorLinksProjection,
});

/** The same folds as stored: one table each, in the order they were added. */
export const REPORTING_READ_MODELS = Object.freeze([reportDonations, reportComplianceCases, reportRewardGrants, reportDonorLinks]);
