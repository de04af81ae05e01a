import { Controller, Get, Inject, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { mayReadPersonalData, toCsv } from '#domain';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { formatOf, isCommitteeReport, reportParamsOf, ReportParamsError, type ReportFormat } from './report-params.js';
import { ReportRunner, type ReportOutput } from './report-runner.js';
import { AsOfReads } from '../as-of-reads.js';
import { ledgerCutOf, stamped } from './ledger-cut.js';

/**
 * Filings, registers and totals, as JSON (money as integers of minor units) or CSV
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
  ) {
    this.vault = vault ?? null;
  }

  /** Runs a report on today's read models, or, given a ledger cut, on the ledger folded up to it. */
  private async answer(query: Record<string, unknown>, report: (runner: ReportRunner) => Promise<ReportOutput>): Promise<ReportOutput> {
    const cut = checked(() => ledgerCutOf(query));
    return stamped(await checkedAsync(() => this.reads.read(cut, (readModels: DataSource) => report(new ReportRunner(readModels, this.vault)))));
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
    const committee = await this.scope.committee(ctx, committeeId);
    const { format, params } = checked(() => ({ format: formatOf(query, request.headers.accept), params: reportParamsOf(report, query, new Date().toISOString()) }));
    const result = await this.answer(query, (runner) => runner.committeeReport(committee, report, params, mayReadPersonalData(ctx)));
    return send(response, format, result, `${committeeId}-${report}`);
  }

  @Get('campaigns/:campaignId/reports/totals')
  @Roles('intake', 'officer', 'auditor')
  async totals(
    @Param('campaignId', idOf('campaign')) campaignId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @RequestContext() ctx: RequestContext,
  ) {
    const campaign = await this.scope.campaign(ctx, campaignId);
    const committee = await this.scope.committee(ctx, campaign.committeeId);
    const format = checked(() => formatOf(query, request.headers.accept));
    return send(response, format, await this.answer(query, (runner) => runner.campaignTotals(campaignId, committee.jurisdiction)), `${campaignId}-totals`);
  }
}

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ReportParamsError) fail('invalid_request', error.message);
    throw error;
  }
}

async function checkedAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ReportParamsError) fail('invalid_request', error.message);
    throw error;
  }
}

function send(response: Response, format: ReportFormat, result: ReportOutput, name: string): unknown {
  // Reports carry personal data: never cached by a proxy or the browser.
  response.setHeader('cache-control', 'no-store');
  if (format === 'json') return result.json;
  response.setHeader('content-type', 'text/csv; charset=utf-8');
  response.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return toCsv(result.table);
}
