// The read side: one folder per read model (its pure evolve, its stored form, its queries and
// report), the one SQL store that applies them, the registry, and replay and as-of over it.
export * from './projection.js';
export * from './registry.js';
export * from './store/projection-checkpoint.entity.js';
export * from './store/projection-runner.js';
export * from './store/stored-rows.js';
export * from './store/stored-entities.js';
export * from './store/read-model-data-source.js';
export * from './store/1764000000000-read-models.migration.js';

export * from './campaign-totals/campaign-totals.entity.js';
export * from './campaign-totals/campaign-donation.entity.js';
export * from './campaign-totals/campaign-totals.evolve.js';
export * from './campaign-totals/campaign-totals.projection.js';
export * from './campaign-totals/campaign-totals.query.js';
export * from './campaign-totals/campaign-totals.report.js';

export * from './reward-supporters/reward-supporter.entity.js';
export * from './reward-supporters/reward-supporters.projection.js';

export * from './donations/donation-row.js';
export * from './donations/report-donation.entity.js';
export * from './donations/donations.projection.js';
export * from './donations/fec-records.js';
export * from './donations/schedule-a.report.js';
export * from './donations/conduit-earmarks.report.js';
export * from './donations/forty-eight-hour-notices.report.js';
export * from './donations/ppera.report.js';
export * from './donations/ppera-party.report.js';
export * from './donations/large-donations.report.js';
export * from './donations/cea.report.js';
export * from './donations/donation-list.query.js';


export * from './compliance-cases/compliance-case-row.js';
export * from './compliance-cases/report-compliance-case.entity.js';
export * from './compliance-cases/compliance-cases.projection.js';
export * from './compliance-cases/compliance-queue.report.js';

export * from './report-reward-grants/report-reward-grant-row.js';
export * from './report-reward-grants/report-reward-grant.entity.js';
export * from './report-reward-grants/report-reward-grants.projection.js';
export * from './report-reward-grants/rewards-granted.report.js';

export * from './donor-links/donor-link-row.js';
export * from './donor-links/report-donor-link.entity.js';
export * from './donor-links/donor-links.projection.js';
export * from './donor-links/1765600000000-donor-links.migration.js';

export * from './donor-wall/donor-wall.entity.js';
export * from './donor-wall/donor-wall.projection.js';

export * from './reward-grants/reward-grant.entity.js';
export * from './reward-grants/reward-grants.projection.js';

export * from './reports/report-format.js';
export * from './reports/report-donor.js';
export * from './reports/report-projections.js';

export * from './replay/ledger-fold.js';
export * from './replay/scratch-schema.js';
export * from './replay/table-digest.js';
export * from './replay/compare-schemas.js';
export * from './replay/replay.js';
export * from './replay/as-of-reads.js';
export * from './replay/snapshots.js';
export * from './reports/report-runner.js';
