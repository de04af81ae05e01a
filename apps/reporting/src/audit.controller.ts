import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { exportAuditBundle, LEDGER_STORE, type LedgerStore } from '#ledger';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { auditPeriodOf } from './audit-request.js';
import { LedgerSealing } from './ledger-sealing.service.js';

@Controller('v1')
export class AuditController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly sealing: LedgerSealing,
    private readonly scope: TenantScope,
  ) {}

  /**
   * The committee's audit bundle for [from, to) as {"files": {name: content}}: write each file
   * out, or hand the whole answer to the verifier, which reads it as it is.
   */
  @Get('committees/:committeeId/audit-export')
  @Roles('auditor')
  async export(@Param('committeeId', idOf('committee')) committeeId: string, @Query('from') from: unknown, @Query('to') to: unknown, @RequestContext() ctx: RequestContext) {
    const committee = await this.scope.committee(ctx, committeeId);
    const period = auditPeriodOf(from, to);
    if ('problem' in period) fail('invalid_request', period.problem);
    await this.sealing.sealNow();
    const files = await exportAuditBundle(this.ledger, this.sealing.key, { committeeId, tenantId: committee.tenantId, ...period });
    return { files };
  }
}
