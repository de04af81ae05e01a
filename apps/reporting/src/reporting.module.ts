import { Controller, Get, Inject, Module, Param, Query } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS, TOPICS, type RecordedEvent } from '#contracts';
import { ProjectionRunner, projectionsOf } from '#persistence';
import { asOfOf } from '#domain';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { AsOfReads } from './as-of-reads.js';
import { campaignTotalsReport } from './campaign-totals.report.js';
import { AuditController } from './audit.controller.js';
import { LedgerSealing } from './ledger-sealing.service.js';
import { DonorWallController } from './donor-wall.controller.js';
import { FilingsController } from './filings/filings.controller.js';
import { ReportBackfill } from './filings/report-backfill.service.js';
import { BusConsumer, BusContext, consumerGroup, fail, idOf, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';

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
    const registered = projectionsOf('reporting');
    this.runners = new Map(
      ALL_TOPICS.map((topic) => [topic, new ProjectionRunner(readModels, registered.filter((p) => p.topics.includes(topic)).map((p) => p.handler))]),
    );
  }

  @EventPattern(TOPICS.donations, consumerGroup('reporting'))
  async apply(@Payload() event: RecordedEvent, @Ctx() context: unknown): Promise<void> {
    await this.runners.get(TOPICS.donations)?.handle(event, BusContext.partitionKeyOf(context));
  }

  /** Rewards granted (the report-reward-grants read model), and whatever else is registered for the rewards topic. */
  @EventPattern(TOPICS.rewards, consumerGroup('reporting'))
  async applyRewards(@Payload() event: RecordedEvent, @Ctx() context: unknown): Promise<void> {
    await this.runners.get(TOPICS.rewards)?.handle(event, BusContext.partitionKeyOf(context));
  }
}

@Controller('v1')
export class ReportingController {
  constructor(
    private readonly reads: AsOfReads,
    private readonly scope: TenantScope,
  ) {}

  /**
   * Another tenant's campaign answers 404, exactly as one that does not exist. `asOf` (an
   * instant) or `asOfPosition` (a ledger position) answers what the books said then, folded
   * from the ledger (docs/replay-and-as-of.md).
   */
  @Get('campaigns/:campaignId/totals')
  @Roles('intake', 'officer', 'auditor')
  async totals(
    @Param('campaignId', idOf('campaign')) campaignId: string,
    @Query('asOf') asOf: unknown,
    @Query('asOfPosition') asOfPosition: unknown,
    @RequestContext() ctx: RequestContext,
  ) {
    const cut = asOfOf(asOf, asOfPosition);
    if (cut !== null && 'problem' in cut) fail('invalid_request', cut.problem);
    await this.scope.campaign(ctx, campaignId);
    return this.reads.read(cut, (readModels) => campaignTotalsReport(readModels, campaignId));
  }
}

/** One AsOfReads per process, so its bound on concurrent folds holds across every report. */
const asOfReadsProvider = {
  provide: AsOfReads,
  useFactory: (ledger: LedgerStore, live: DataSource) => new AsOfReads(ledger, live),
  inject: [LEDGER_STORE, READ_MODELS],
};

@Module({
  controllers: [ReportingController, ReportingProjections, AuditController, FilingsController, DonorWallController],
  providers: [LedgerSealing, asOfReadsProvider, ReportBackfill],
})
export class ReportingModule {}
