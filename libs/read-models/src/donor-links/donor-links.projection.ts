import { TOPICS } from '#contracts';
import type { ReadModelProjection } from '../projection.js';
import { storedRows } from '../store/stored-rows.js';
import { DONOR_LINK_FACTS, donorLinkIdOf, evolveDonorLinkRow, type DonorLinkRow } from './donor-link-row.js';
import { ReportDonorLinkEntity } from './report-donor-link.entity.js';

/** The donor links of each committee, from the donors' aggregate facts (the compliance topic). */
export const donorLinksProjection: ReadModelProjection<DonorLinkRow> = {
  name: 'report-donor-links',
  topics: [TOPICS.compliance],
  canHandle: DONOR_LINK_FACTS,
  keyOf: donorLinkIdOf,
  evolve: evolveDonorLinkRow,
};

export const reportDonorLinks = storedRows<DonorLinkRow>(donorLinksProjection, ReportDonorLinkEntity, (r) => ({ committee_id: r.committeeId }));
