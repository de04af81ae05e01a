import { TOPICS } from '#contracts';
import { DONATION_FACTS } from '../donations/donations.projection.js';
import type { ReadModelProjection } from '../projection.js';
import { storedRows } from '../store/stored-rows.js';
import { donorAggregateKeyOf, evolveDonorAggregateRow, type DonorAggregateRow } from './donor-aggregate-row.js';
import { ReportDonorAggregateEntity } from './report-donor-aggregate.entity.js';

export const donorAggregatesProjection: ReadModelProjection<DonorAggregateRow> = {
  name: 'report-donor-aggregates',
  topics: [TOPICS.donations],
  canHandle: DONATION_FACTS,
  keyOf: donorAggregateKeyOf,
  evolve: evolveDonorAggregateRow,
};

export const reportDonorAggregates = storedRows<DonorAggregateRow>(donorAggregatesProjection, ReportDonorAggregateEntity, (r) => ({ committee_id: r.committeeId, donor_id: r.donorId }));
