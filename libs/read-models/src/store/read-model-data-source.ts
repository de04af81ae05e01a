import type { DataSource } from 'typeorm';
import { schemaDataSource, type DataSourceTarget, type TableSet } from '#sql';
import { CampaignDonations1764300000001 } from '../campaign-totals/1764300000001-campaign-donations.migration.js';
import { CampaignDonationRow } from '../campaign-totals/campaign-donation.entity.js';
import { CampaignDonorRow, CampaignTotalsRow } from '../campaign-totals/campaign-totals.entity.js';
import { ReportComplianceCaseEntity } from '../compliance-cases/report-compliance-case.entity.js';
import { ReportDonationEntity } from '../donations/report-donation.entity.js';
import { DonorLinks1765600000000 } from '../donor-links/1765600000000-donor-links.migration.js';
import { ReportDonorLinkEntity } from '../donor-links/report-donor-link.entity.js';
import { DonorWall1765100000001 } from '../donor-wall/1765100000001-donor-wall.migration.js';
import { DonorWallRow } from '../donor-wall/donor-wall.entity.js';
import { ReportRewardGrantEntity } from '../report-reward-grants/report-reward-grant.entity.js';
import { ReportRows1765400000000 } from '../reports/1765400000000-report-rows.migration.js';
import { DropDonorAggregates1765500000000 } from '../reports/1765500000000-drop-donor-aggregates.migration.js';
import { RewardGrants1765100000000 } from '../reward-grants/1765100000000-reward-grants.migration.js';
import { RewardGrantRow, RewardWaitlistRow } from '../reward-grants/reward-grant.entity.js';
import { RewardSupporterRow } from '../reward-supporters/reward-supporter.entity.js';
import { ReadModels1764000000000 } from './1764000000000-read-models.migration.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';

export type ReadModelTarget = DataSourceTarget;

/** Every read model's tables; the apps' own stores bring theirs (`tables` below). */
export const READ_MODEL_TABLES: TableSet = {
  entities: [
    ProjectionCheckpoint,
    CampaignTotalsRow,
    CampaignDonorRow,
    RewardSupporterRow,
    CampaignDonationRow,
    ReportDonationEntity,
    ReportComplianceCaseEntity,
    ReportRewardGrantEntity,
    ReportDonorLinkEntity,
    RewardGrantRow,
    RewardWaitlistRow,
    DonorWallRow,
  ],
  migrations: [ReadModels1764000000000, CampaignDonations1764300000001, ReportRows1765400000000, RewardGrants1765100000000, DonorWall1765100000001, DropDonorAggregates1765500000000, DonorLinks1765600000000],
};

/**
 * The read models' TypeORM data source: one pool per app, one schema per app, tables made by
 * migrations in both modes, never `synchronize`. `tables` are those the app keeps beside its
 * read models (its own stores, the API keys): they share the schema's migration history.
 */
export async function openReadModelDataSource(target: ReadModelTarget, schema: string, tables: readonly TableSet[] = []): Promise<DataSource> {
  const dataSource = schemaDataSource(target, schema, {
    tables: [READ_MODEL_TABLES, ...tables],
    migrationsTableName: 'read_model_migrations',
    defaultPoolSize: 10,
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
