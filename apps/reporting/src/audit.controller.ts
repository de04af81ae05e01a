import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { conduitStreamId } from '#contracts';
import { evolveConduit, initialConduitState } from '#domain';
import { exportAuditBundle, LEDGER_STORE, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { fail, idOf, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';
import { ReportRunner } from '#read-models';
import { ConduitLookupService } from './conduit-lookup.js';
import { auditPeriodOf } from './audit-request.js';
import { LedgerSealing } from './ledger-sealing.service.js';

@Controller('v1')
export class AuditController {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    private readonly sealing: LedgerSealing,
    private readonly scope: TenantScope,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly conduits: ConduitLookupService,
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
    const filings = await this.conduitFilings(committeeId, period);
    const files = await exportAuditBundle(this.ledger, this.sealing.key, { committeeId, tenantId: committee.tenantId, ...period, filings });
    return { files };
  }

  /**
   * A conduit's bundle carries its earmark report of the period with the reconciliation against
   * its recipients' books (`reconciliation.ok`), digested like any filing; other committees' none.
   * Donors stay withheld: the ledger's events in the bundle are what an auditor verifies.
   */
  private async conduitFilings(committeeId: string, period: { from: string; to: string }): Promise<Record<string, string> | undefined> {
    const [conduit] = await loadStreams(this.ledger, [streamLoad(conduitStreamId(committeeId), { evolve: evolveConduit, initialState: initialConduitState })]);
    if (conduit.state.status !== 'registered') return undefined;
    const { fecId, name, recipients } = conduit.state;
    const filer = { committeeId, fecId, name, recipients: new Map([...recipients.values()].map((r) => [r.recipientCommitteeId, { name: r.name, fecId: r.fecId }])) };
    const report = await new ReportRunner(this.readModels, null, this.conduits.lookup).conduitEarmarks(filer, period, false);
    return { 'conduit-earmarks.json': `${JSON.stringify(report.json, null, 2)}\n` };
  }
}
