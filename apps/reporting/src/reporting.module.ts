import { Controller, Get, Inject, Injectable, Module, Param, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLIENT_ID_PATTERN, TOPICS, parseMinor } from '#contracts';
import { CampaignTotalsRow, campaignTotalsProjection, ProjectionRunner } from '#persistence';
import { fail, Lifecycle, READ_MODELS } from '#platform';

@Injectable()
export class ReportingProjections implements OnModuleInit {
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(READ_MODELS) readModels: DataSource,
    private readonly lifecycle: Lifecycle,
  ) {
    this.runner = new ProjectionRunner(readModels, [campaignTotalsProjection]);
  }

  onModuleInit(): void {
    this.lifecycle.subscribe({
      group: 'reporting',
      topics: [TOPICS.donations],
      handle: (event, message) => this.runner.handle(event, `${message.topic}:${message.partition}`),
    });
  }
}

@Controller('v1')
export class ReportingController {
  constructor(@Inject(READ_MODELS) private readonly readModels: DataSource) {}

  @Get('campaigns/:campaignId/totals')
  async totals(@Param('campaignId') campaignId: string) {
    if (!CLIENT_ID_PATTERN.test(campaignId)) fail('not_found', `no campaign ${campaignId}`);
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

@Module({ controllers: [ReportingController], providers: [ReportingProjections] })
export class ReportingModule {}
