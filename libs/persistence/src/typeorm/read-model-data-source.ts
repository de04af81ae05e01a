import type { DataSource } from 'typeorm';
import { schemaDataSource, type DataSourceTarget, type TableSet } from '#sql';
import { READ_MODEL_MIGRATIONS } from '../read-models/1764000000000-read-models.migration.js';
import { READ_MODEL_ENTITIES } from '../read-models/entities.js';
import { CampaignDonations1764300000001 } from '../read-models/1764300000001-campaign-donations.migration.js';
import { CampaignDonationRow } from '../read-models/campaign-donation.entity.js';
import { ReportRows1765400000000 } from '../reporting/1765400000000-report-rows.migration.js';
import { REPORT_ROW_ENTITIES } from '../reporting/report-row.entities.js';
import { RewardGrantRow, RewardWaitlistRow } from '../rewards/reward-grant.entity.js';
import { RewardGrants1765100000000 } from '../rewards/1765100000000-reward-grants.migration.js';
import { DonorWallRow } from '../donor-wall/donor-wall.entity.js';
import { DonorWall1765100000001 } from '../donor-wall/1765100000001-donor-wall.migration.js';

export type ReadModelTarget = DataSourceTarget;

/** Every read model's tables; the apps' own stores bring theirs (`tables` below). */
const READ_MODEL_TABLES: TableSet = {
  entities: [
    ...READ_MODEL_ENTITIES,
    CampaignDonationRow,
    ...REPORT_ROW_ENTITIES,
    RewardGrantRow,
    RewardWaitlistRow,
    DonorWallRow,
  ],
  migrations: [
    ...READ_MODEL_MIGRATIONS,
    CampaignDonations1764300000001,
    ReportRows1765400000000,
    RewardGrants1765100000000,
    DonorWall1765100000001,
  ],
};

/**
 * The read models' TypeORM data source: one pool per app, one schema per app, tables made by
 * migrations (run at start under TypeORM's migration lock) in both modes, never `synchronize`.
 * `tables` are those the app keeps beside its read models (its stores, the API keys).
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
