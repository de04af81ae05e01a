import { Controller, Get, Inject, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '#personal-data';
import { conduitStreamId, forwardingStreamId } from '#contracts';
import { committeeDayOf, committeeTimeZoneAt, countedAmounts, evolveConduit, evolveForwarding, forwardingObligations, initialConduitState, initialForwardingState, type EarmarkedShare } from '#domain';
import { LEDGER_STORE, loadStreams, streamLoad, type LedgerStore } from '#ledger';
import { fail, idOf, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';
import { AsOfReads, mayReadPersonalData, readStoredRows, reportDonations } from '#read-models';
import { ConduitLookupService } from './conduit-lookup.js';
import { answerReport, send } from './filings/report-answer.js';
import { formatOf, periodParamsOf } from './filings/report-params.js';

const conduitFold = { evolve: evolveConduit, initialState: initialConduitState };
const forwardingFold = { evolve: evolveForwarding, initialState: initialForwardingState };

/**
 * A conduit campaign's forwarding obligations (11 CFR 102.8, 110.6): every share it took, with
 * its due day, and whether it is forwarded (and in which batch, late or not), due or overdue.
 * The shares come from the donations read model (the rows of the campaign whose committee is a
 * recipient, not the conduit), the transfers and the recipients from the ledger.
 */
@Controller('v1')
export class ConduitForwardingController {
  constructor(
    private readonly scope: TenantScope,
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly reads: AsOfReads,
    @Optional() @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault | null,
    private readonly conduits: ConduitLookupService,
  ) {}

  /**
   * The conduit's report of earmarked contributions in [from, to): each over $200 itemized with
   * its source and recipient (FEC SA records, memo X), totals per recipient, and the check that
   * each recipient booked exactly those totals (`reconciliation.ok`). JSON or CSV, as of a cut.
   */
  @Get('conduits/:committeeId/earmarks')
  @Roles('officer', 'auditor')
  async earmarks(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @RequestContext() ctx: RequestContext,
  ) {
    await this.scope.committee(ctx, committeeId);
    const [conduit] = await loadStreams(this.ledger, [streamLoad(conduitStreamId(committeeId), conduitFold)]);
    if (conduit.state.status !== 'registered') fail('not_found', `committee ${committeeId} is not a conduit`);
    const { fecId, name, recipients } = conduit.state;
    const filer = { committeeId, fecId, name, recipients: new Map([...recipients.values()].map((r) => [r.recipientCommitteeId, { name: r.name, fecId: r.fecId }])) };
    const format = formatOf(query, request.headers.accept);
    const params = periodParamsOf(query);
    const result = await answerReport(this.reads, this.vault ?? null, query, (runner) => runner.conduitEarmarks(filer, params, mayReadPersonalData(ctx)), this.conduits.lookup);
    return send(response, format, result, `${committeeId}-earmarks`);
  }

  @Get('campaigns/:campaignId/forwarding')
  @Roles('officer', 'auditor')
  async forwarding(@Param('campaignId', idOf('campaign')) campaignId: string, @RequestContext() ctx: RequestContext) {
    const campaign = await this.scope.campaign(ctx, campaignId);
    const [conduit, forwarding] = await loadStreams(this.ledger, [streamLoad(conduitStreamId(campaign.committeeId), conduitFold), streamLoad(forwardingStreamId(campaignId), forwardingFold)]);
    if (conduit.state.status !== 'registered') fail('not_found', `campaign ${campaignId} is not a conduit's`);
    const rows = await readStoredRows(this.readModels, reportDonations, { campaignId });
    const shares: EarmarkedShare[] = rows
      .filter((row) => row.committeeId !== campaign.committeeId)
      .map((row) => ({
        donationId: row.donationId,
        recipientCommitteeId: row.committeeId,
        receivedAt: row.receivedAt,
        countedMinor: countedAmounts({ receivedMinor: row.receivedMinor, acceptedMinor: row.acceptedMinor, refundedMinor: row.refundedMinor, chargedBackMinor: row.chargedBackMinor }).countedMinor,
        decision: row.decision,
      }));
    const types = new Map([...conduit.state.recipients.values()].map((r) => [r.recipientCommitteeId, r.committeeType]));
    // Due days and "today" are the conduit committee's local days, as every legal deadline is.
    const committee = await this.scope.committee(ctx, campaign.committeeId);
    const now = new Date().toISOString();
    const today = committeeDayOf(committee, now);
    const obligations = forwardingObligations(shares, forwarding.state, types, today, committeeTimeZoneAt(committee, now)).map(({ countedMinor, ...o }) => ({ ...o, amountMinor: Number(countedMinor) }));
    return { campaignId, conduitCommitteeId: campaign.committeeId, today, overdue: obligations.filter((o) => o.status === 'overdue').length, obligations };
  }
}
