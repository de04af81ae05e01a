import { Inject, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS, TOPICS, type RecordedEvent } from '#contracts';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { AsOfReads, ProjectionRunner, projectionsNamed } from '#read-models';
import { BatchEventPattern, BusConsumer, BusContext, consumerGroup, READ_MODELS, READ_MODELS_OF_APP } from '#platform';
import { DonationLedgerController } from './donation-ledger.controller.js';
import { DonationListController } from './donation-list.controller.js';
import { AuditController } from './audit.controller.js';
import { AuditFilings } from './audit-filings.js';
import { ConduitForwardingController } from './conduit-forwarding.controller.js';
import { ConduitLookupService } from './conduit-lookup.js';
import { CampaignTotalsController } from './campaign-totals.controller.js';
import { LedgerSealing } from './ledger-sealing.service.js';
import { DonorWallController } from './donor-wall.controller.js';
import { FilingsController } from './filings/filings.controller.js';
import { REPORTING_API } from './openapi/reporting.openapi.js';
import { ReportBackfill } from './filings/report-backfill.service.js';
import { ReadModelSnapshots } from './read-model-snapshots.service.js';
import { CampaignDashboard } from './dashboard/campaign-dashboard.js';
import { CampaignDashboardController } from './dashboard/campaign-dashboard.controller.js';
import { EventStreams } from './dashboard/event-streams.js';
import { ReportingLagReader } from './dashboard/reporting-lag.reader.js';

/** The read models reporting runs live and folds for as-of answers, from the one registry. */
const reportingProjections = () => projectionsNamed(READ_MODELS_OF_APP.reporting);

/**
 * Feeds reporting's registered projections (campaign totals, the report read models, the
 * donor wall), once each, checkpointed per source partition: each topic's events go to the
 * projections registered for that topic, as replay feeds them. A projection registered for
 * another topic also needs an @EventPattern for it here.
 */
@BusConsumer()
export class ReportingProjections {
  private readonly runners: ReadonlyMap<string, ProjectionRunner>;

  constructor(@Inject(READ_MODELS) readModels: DataSource) {
    const registered = reportingProjections();
    this.runners = new Map(
      ALL_TOPICS.map((topic) => [topic, new ProjectionRunner(readModels, registered.filter((p) => p.topics.includes(topic)).map((p) => p.handler))]),
    );
  }

  /** A partition's batch in one transaction with one checkpoint write per projection. */
  @BatchEventPattern(TOPICS.donations, consumerGroup('reporting'))
  async apply(@Payload() events: RecordedEvent[], @Ctx() context: unknown): Promise<void> {
    await this.runners.get(TOPICS.donations)?.handleBatch(events, BusContext.partitionKeyOf(context));
  }

  /** Rewards granted (the report-reward-grants read model), and whatever else is registered for the rewards topic. */
  @BatchEventPattern(TOPICS.rewards, consumerGroup('reporting'))
  async applyRewards(@Payload() events: RecordedEvent[], @Ctx() context: unknown): Promise<void> {
    await this.runners.get(TOPICS.rewards)?.handleBatch(events, BusContext.partitionKeyOf(context));
  }

  /** Donor links and their undoing (the report-donor-links read model): whom the FEC reports count as one contributor. */
  @BatchEventPattern(TOPICS.compliance, consumerGroup('reporting'))
  async applyCompliance(@Payload() events: RecordedEvent[], @Ctx() context: unknown): Promise<void> {
    await this.runners.get(TOPICS.compliance)?.handleBatch(events, BusContext.partitionKeyOf(context));
  }
}

/** One AsOfReads per process, so its bound on concurrent folds holds across every report. */
const asOfReadsProvider = {
  provide: AsOfReads,
  useFactory: (ledger: LedgerStore, live: DataSource) => new AsOfReads(ledger, live, reportingProjections()),
  inject: [LEDGER_STORE, READ_MODELS],
};

@Module({
  controllers: [CampaignTotalsController, CampaignDashboardController, ConduitForwardingController, DonationListController, DonationLedgerController, ReportingProjections, AuditController, FilingsController, DonorWallController],
  providers: [ConduitLookupService, CampaignDashboard, EventStreams, ReportingLagReader, AuditFilings, LedgerSealing, asOfReadsProvider, ReportBackfill, ReadModelSnapshots],
})
export class ReportingModule {
  /** Its part of the API document (/v1/openapi.json): the routes its controllers map. */
  static readonly api = REPORTING_API;
}
