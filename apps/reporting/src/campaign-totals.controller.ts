import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { asOfOf } from '#domain';
import { AsOfReads, campaignTotalsReport } from '#read-models';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { answerReport, send } from './filings/report-answer.js';
import { formatOf } from './filings/report-params.js';

/**
 * A campaign's totals, from the campaign-totals read model (libs/read-models/src/campaign-totals),
 * in one controller. `/totals` is the summary the donation form and the dashboards poll;
 * `/reports/totals` adds the gift distribution, as JSON or CSV, like every filing. Another
 * tenant's campaign answers 404, exactly as one that does not exist. `asOf` (an instant) or
 * `asOfPosition` (a ledger position) answers what the books said then, folded from the ledger
 * (docs/replay-and-as-of.md).
 */
@Controller('v1/campaigns/:campaignId')
export class CampaignTotalsController {
  constructor(
    private readonly reads: AsOfReads,
    private readonly scope: TenantScope,
  ) {}

  @Get('totals')
  @Roles('intake', 'officer', 'auditor')
  async totals(@Param('campaignId', idOf('campaign')) campaignId: string, @Query('asOf') asOf: unknown, @Query('asOfPosition') asOfPosition: unknown, @RequestContext() ctx: RequestContext) {
    const cut = asOfOf(asOf, asOfPosition);
    if (cut !== null && 'problem' in cut) fail('invalid_request', cut.problem);
    await this.scope.campaign(ctx, campaignId);
    return this.reads.read(cut, (readModels) => campaignTotalsReport(readModels, campaignId));
  }

  @Get('reports/totals')
  @Roles('intake', 'officer', 'auditor')
  async report(
    @Param('campaignId', idOf('campaign')) campaignId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @RequestContext() ctx: RequestContext,
  ) {
    const campaign = await this.scope.campaign(ctx, campaignId);
    const committee = await this.scope.committee(ctx, campaign.committeeId);
    const format = formatOf(query, request.headers.accept);
    return send(response, format, await answerReport(this.reads, null, query, (runner) => runner.campaignTotals(campaignId, committee.jurisdiction)), `${campaignId}-totals`);
  }
}
