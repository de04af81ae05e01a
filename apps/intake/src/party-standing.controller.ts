import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseAccountingUnitLinkRequest, parseFilingRequest, parseGeneralElectionPeriodRequest } from '#domain';
import { idOf, RequestContext, Roles, TenantScope } from '#platform';
import { PartyStandingService } from './party-standing.service.js';

/**
 * A compliance officer records what a UK party's filings depend on (issue 14, items 8, 10, 11):
 * a general election period (PPERA s.63(6)), that a report was delivered (s.65), and an
 * accounting unit of the central organisation (s.26, s.27). Each is a ledger fact. Refusals
 * are problem+json: general_election_period_invalid, filing_unknown, filing_invalid,
 * accounting_unit_invalid, accounting_unit_already_linked, reason_required, invalid_request.
 * Another tenant's committee answers as a missing one. 201 when written, 200 when it stood already.
 */
@Controller('v1/committees/:committeeId')
export class PartyStandingController {
  constructor(
    private readonly party: PartyStandingService,
    private readonly scope: TenantScope,
  ) {}

  @Post('general-election-periods')
  @Roles('officer')
  async declarePeriod(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const input = parseGeneralElectionPeriodRequest(body);
    await this.scope.committee(ctx, committeeId);
    const answer = await this.party.declarePeriod(committeeId, input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }

  @Post('filings')
  @Roles('officer')
  async recordFiling(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const input = parseFilingRequest(body);
    await this.scope.committee(ctx, committeeId);
    const answer = await this.party.recordFiling(committeeId, input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }

  @Post('accounting-units')
  @Roles('officer')
  async linkUnit(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const input = parseAccountingUnitLinkRequest(body);
    await this.scope.committee(ctx, committeeId);
    await this.scope.committee(ctx, input.unitCommitteeId);
    const answer = await this.party.linkUnit(committeeId, input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }
}
