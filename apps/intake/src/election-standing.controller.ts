import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseCandidacyEndRequest, parseNetDebtsRequest } from '#domain';
import { idOf, RequestContext, Roles, TenantScope } from '#platform';
import { ElectionStandingService } from './election-standing.service.js';

/**
 * A compliance officer records what the law asks of gifts for one of the committee's elections
 * (issue 14, item 5): its net debts outstanding once it was held (11 CFR 110.1(b)(3)), and that
 * the candidate will not run in it (102.9(e)(3)). Each is a ledger fact on the committee's
 * stream that compliance decides later gifts on. Refusals are problem+json: net_debts_invalid,
 * candidacy_end_invalid, candidacy_already_ended, election_unknown, elections_not_applicable,
 * reason_required. Another tenant's committee answers as a missing one.
 */
@Controller('v1/committees/:committeeId/elections/:electionId')
export class ElectionStandingController {
  constructor(
    private readonly standings: ElectionStandingService,
    private readonly scope: TenantScope,
  ) {}

  /** 201 when the figure is recorded now; 200 when the same figure as of the same day stood already. */
  @Post('net-debts')
  @Roles('officer')
  async netDebts(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Param('electionId', idOf('election')) electionId: string,
    @Body() body: unknown,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const input = parseNetDebtsRequest(body);
    await this.scope.committee(ctx, committeeId);
    const answer = await this.standings.recordNetDebts(committeeId, electionId, input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }

  /** 201 when the end is recorded now; 200 when the same end was recorded before. */
  @Post('candidacy-end')
  @Roles('officer')
  async candidacyEnd(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Param('electionId', idOf('election')) electionId: string,
    @Body() body: unknown,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const input = parseCandidacyEndRequest(body);
    await this.scope.committee(ctx, committeeId);
    const answer = await this.standings.endCandidacy(committeeId, electionId, input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }
}
