import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { idOf, RequestContext, Roles, TenantScope } from '#platform';
import { CampaignDashboard } from './campaign-dashboard.js';
import { EventStreams } from './event-streams.js';

/**
 * A campaign's live dashboard: one reading as JSON (what a poll asks), or the same reading
 * pushed as server-sent events. Both authenticate like every route, with the Authorization
 * header, so the console reads the stream with fetch, never with a key in the URL.
 */
@Controller('v1/campaigns/:campaignId/dashboard')
export class CampaignDashboardController {
  constructor(
    private readonly dashboard: CampaignDashboard,
    private readonly streams: EventStreams,
    private readonly scope: TenantScope,
  ) {}

  @Get()
  @Roles('intake', 'officer', 'auditor')
  async reading(@Param('campaignId', idOf('campaign')) campaignId: string, @RequestContext() ctx: RequestContext) {
    const jurisdiction = await this.jurisdictionOf(ctx, campaignId);
    return this.dashboard.snapshot(campaignId, jurisdiction);
  }

  @Get('stream')
  @Roles('intake', 'officer', 'auditor')
  async stream(@Param('campaignId', idOf('campaign')) campaignId: string, @RequestContext() ctx: RequestContext, @Res() response: Response): Promise<void> {
    // Scope first: a campaign of another tenant answers 404 as problem+json, not an empty stream.
    const jurisdiction = await this.jurisdictionOf(ctx, campaignId);
    this.streams.start(response, 'dashboard', () => this.dashboard.snapshot(campaignId, jurisdiction));
  }

  private async jurisdictionOf(ctx: RequestContext, campaignId: string) {
    const campaign = await this.scope.campaign(ctx, campaignId);
    return (await this.scope.committee(ctx, campaign.committeeId)).jurisdiction;
  }
}
