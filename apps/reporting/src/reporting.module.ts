import { Controller, Get, Inject, Module, Param } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { CLIENT_ID_PATTERN, TOPICS, type RecordedEvent, parseMinor } from '#contracts';
import { CampaignTotalsRow, campaignTotalsProjection, donorWallProjection, ProjectionRunner } from '#persistence';
import type { Principal } from '#domain';
import { AuditController } from './audit.controller.js';
import { LedgerSealing } from './ledger-sealing.service.js';
import { DonorWallController } from './donor-wall.controller.js';
import { BusConsumer, BusContext, Caller, consumerGroup, fail, READ_MODELS, Roles, TenantScope } from '#platform';

/** Feeds the campaign totals and the donor wall from donation events, once each, checkpointed per source partition. */
@BusConsumer()
export class ReportingProjections {
  private readonly runner: ProjectionRunner;

  constructor(@Inject(READ_MODELS) readModels: DataSource) {
    this.runner = new ProjectionRunner(readModels, [campaignTotalsProjection, donorWallProjection]);
  }

  @EventPattern(TOPICS.donations, consumerGroup('reporting'))
  async apply(@Payload() event: RecordedEvent, @Ctx() context: unknown): Promise<void> {
    await this.runner.handle(event, BusContext.partitionKeyOf(context));
  }
}

@Controller('v1')
export class ReportingController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly scope: TenantScope,
  ) {}

  /** Another tenant's campaign answers 404, exactly as one that does not exist. */
  @Get('campaigns/:campaignId/totals')
  @Roles('intake', 'officer', 'auditor')
  async totals(@Param('campaignId') campaignId: string, @Caller() caller: Principal) {
    if (!CLIENT_ID_PATTERN.test(campaignId)) fail('not_found', `no campaign ${campaignId}`);
    await this.scope.campaign(caller, campaignId);
    const row = await this.readModels.getRepository(CampaignTotalsRow).findOneBy({ campaignId });
    if (!row) return { campaignId, currency: null, raisedMinor: 0, refundedMinor: 0, chargedBackMinor: 0, netMinor: 0, donationCount: 0, uniqueDonors: 0 };
    const raised = parseMinor(String(row.raisedMinor));
    const refunded = parseMinor(String(row.refundedMinor));
    const chargedBack = parseMinor(String(row.chargedBackMinor));
    return {
      campaignId,
      committeeId: row.committeeId,
      currency: row.currency,
      raisedMinor: Number(raised),
      refundedMinor: Number(refunded),
      chargedBackMinor: Number(chargedBack),
      netMinor: Number(raised - refunded - chargedBack),
      donationCount: row.donationCount,
      uniqueDonors: row.uniqueDonors,
    };
  }
}

@Module({ controllers: [ReportingController, ReportingProjections, AuditController, DonorWallController], providers: [LedgerSealing] })
export class ReportingModule {}
