import { TOPICS } from '#contracts';
import type { ReadModelProjection } from '../projection.js';
import { storedRows } from '../store/stored-rows.js';
import { ReportRewardGrantEntity } from './report-reward-grant.entity.js';
import { evolveReportRewardGrantRow, type ReportRewardGrantRow } from './report-reward-grant-row.js';

export const reportRewardGrantsProjection: ReadModelProjection<ReportRewardGrantRow> = {
  name: 'report-reward-grants',
  topics: [TOPICS.rewards],
  canHandle: ['RewardGranted'],
  keyOf: (event) => (event.type === 'RewardGranted' ? (event.payload as { grantId: string }).grantId : null),
  evolve: evolveReportRewardGrantRow,
};

export const reportRewardGrants = storedRows<ReportRewardGrantRow>(reportRewardGrantsProjection, ReportRewardGrantEntity, (r) => ({ committee_id: r.committeeId, campaign_id: r.campaignId }));
