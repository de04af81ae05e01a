import { Controller, Get, Inject, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { AsOfReads, isCommitteeReport, mayReadPersonalData } from '#read-models';
import { formatOf, reportParamsOf } from './report-params.js';
import { ConduitLookupService } from '../conduit-lookup.js';
import { answerReport, send } from './report-answer.js';
import { withUnitNames } from './report-committee.js';

/**
 * Filings and registers, as JSON (money as integers of minor units) or CSV
 * (`?format=csv` or `Accept: text/csv`). Donors' personal data is opened only for officers,
 * auditors and admins; an intake key sees every donor withheld, and an erased donor shows as
 * erased with the amounts intact.
 */
@Controller('v1')
export class FilingsController {
  private readonly vault: PersonalDataVault | null;

  constructor(
    private readonly scope: TenantScope,
    private readonly reads: AsOfReads,
    @Optional() @Inject(PERSONAL_DATA_VAULT) vault: PersonalDataVault | null,
    private readonly conduits: ConduitLookupService,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
  ) {
    this.vault = vault ?? null;
  }

  @Get('committees/:committeeId/reports/:report')
  @Roles('intake', 'officer', 'auditor')
  async committeeReport(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Param('report') report: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @RequestContext() ctx: RequestContext,
  ) {
    if (!isCommitteeReport(report)) fail('not_found', `no report ${report}`);
    // The scope answers the committee as it stands: periods, filings and units recorded since it was first read count.
    const committee = await withUnitNames(this.ledger, await this.scope.committee(ctx, committeeId));
    const format = formatOf(query, request.headers.accept);
    const params = reportParamsOf(report, query, new Date().toISOString());
    const result = await answerReport(this.reads, this.vault, query, (runner) => runner.committeeReport(committee, report, params, mayReadPersonalData(ctx)), this.conduits.lookup);
    return send(response, format, result, `${committeeId}-${report}`);
  }
}
