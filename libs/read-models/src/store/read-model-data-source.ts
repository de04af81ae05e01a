import { DataSource } from 'typeorm';
import {
  ApiKeyRow,
  ApiKeys1764000000002,
  IdempotencyKeyRow,
  IdempotencyKeys1764000000001,
  pgliteAsPgModule,
  RecurringPlanRow,
  RecurringPlans1764000000300,
  ReviewIndex1765300000000,
  ReviewIndexRow,
  WebhookDeliveries1764300000000,
  WebhookDeliveryRow,
  type ReadModelTarget,
} from '#persistence';
import { CampaignDonations1764300000001 } from '../campaign-totals/1764300000001-campaign-donations.migration.js';
import { CampaignDonationRow } from '../campaign-totals/campaign-donation.entity.js';
import { CampaignDonorRow, CampaignTotalsRow } from '../campaign-totals/campaign-totals.entity.js';
import { ReportComplianceCaseEntity } from '../compliance-cases/report-compliance-case.entity.js';
import { ReportDonationEntity } from '../donations/report-donation.entity.js';
import { DonorWall1765100000001 } from '../donor-wall/1765100000001-donor-wall.migration.js';
import { DonorWallRow } from '../donor-wall/donor-wall.entity.js';
import { ReportDonorAggregateEntity } from '../donor-aggregates/report-donor-aggregate.entity.js';
import { ReportRewardGrantEntity } from '../report-reward-grants/report-reward-grant.entity.js';
import { ReportRows1765400000000 } from '../reports/1765400000000-report-rows.migration.js';
import { RewardGrants1765100000000 } from '../reward-grants/1765100000000-reward-grants.migration.js';
import { RewardGrantRow, RewardWaitlistRow } from '../reward-grants/reward-grant.entity.js';
import { RewardSupporterRow } from '../reward-supporters/reward-supporter.entity.js';
import { ReadModels1764000000000 } from './1764000000000-read-models.migration.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';

export type { ReadModelTarget };

/**
 * The read models' TypeORM data source: one pool per app, one schema per app, tables made by
 * migrations (run at start under TypeORM's migration lock) in both modes, never `synchronize`.
 */
export async function openReadModelDataSource(target: ReadModelTarget, schema: string): Promise<DataSource> {
  const common = {
    type: 'postgres' as const,
    schema,
    entities: [
      ProjectionCheckpoint,
      CampaignTotalsRow,
      CampaignDonorRow,
      RewardSupporterRow,
      IdempotencyKeyRow,
      ApiKeyRow,
      WebhookDeliveryRow,
      CampaignDonationRow,
      RecurringPlanRow,
      ReviewIndexRow,
      ReportDonationEntity,
      ReportDonorAggregateEntity,
      ReportComplianceCaseEntity,
      ReportRewardGrantEntity,
      RewardGrantRow,
      RewardWaitlistRow,
      DonorWallRow,
    ],
    // Other stores' tables (keys, idempotency, webhooks, recurring plans, the review index) share the
    // read models' database and migration history, so their migrations keep their places in it.
    migrations: [
      ReadModels1764000000000,
      IdempotencyKeys1764000000001,
      ApiKeys1764000000002,
      RecurringPlans1764000000300,
      WebhookDeliveries1764300000000,
      CampaignDonations1764300000001,
      ReviewIndex1765300000000,
      ReportRows1765400000000,
      RewardGrants1765100000000,
      DonorWall1765100000001,
    ],
    migrationsTableName: 'read_model_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  const dataSource =
    target.kind === 'embedded'
      ? new DataSource({ ...common, driver: pgliteAsPgModule(target.db), poolSize: 1 })
      : new DataSource({ ...common, url: target.url, poolSize: target.poolSize ?? 10, applicationName: `hustings-${schema}` });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
