import { Controller, Get, Inject, Logger, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { jsonSink, LEDGER_STORE, streamAuditBundle, type LedgerStore } from '#ledger';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { mayReadPersonalData } from '#read-models';
import { AuditFilings } from './audit-filings.js';
import { auditPeriodOf } from './audit-request.js';
import { LedgerSealing } from './ledger-sealing.service.js';

@Controller('v1')
export class AuditController {
  private readonly log = new Logger('audit-export');

  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly sealing: LedgerSealing,
    private readonly scope: TenantScope,
    private readonly filings: AuditFilings,
  ) {}

  /**
   * The committee's audit bundle for [from, to) as {"files": {name: content}}, streamed as the
   * ledger is read: write each file out, or hand the whole answer to the verifier, which reads
   * it as it is. `filing` names reports whose regulator's files the bundle carries, digested in
   * its manifest. Everything that can be refused is refused (problem+json) before the first
   * byte; a failure once streaming has begun cuts the answer short, so the verifier refuses it.
   */
  @Get('committees/:committeeId/audit-export')
  @Roles('auditor')
  async export(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
    @RequestContext() ctx: RequestContext,
  ): Promise<void> {
    const committee = await this.scope.committee(ctx, committeeId);
    const period = auditPeriodOf(query.from, query.to);
    if ('problem' in period) fail('invalid_request', period.problem);
    const filings = await this.filings.of(committee, period, query, mayReadPersonalData(ctx));
    await this.sealing.sealNow();
    response.status(200);
    response.setHeader('content-type', 'application/json; charset=utf-8');
    // A bundle carries donors' sealed data and the filings their names: never cached.
    response.setHeader('cache-control', 'no-store');
    response.setHeader('content-disposition', `attachment; filename="${committeeId}-audit-bundle.json"`);
    try {
      await streamAuditBundle(this.ledger, this.sealing.key, { committeeId, tenantId: committee.tenantId, ...period, filings }, jsonSink(response));
    } catch (error) {
      this.log.error(`audit export of ${committeeId} cut short: ${error instanceof Error ? error.message : String(error)}`);
      response.destroy();
    }
  }
}
