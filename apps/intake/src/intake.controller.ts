import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { deterministicId } from '#contracts';
import { amountsOf, countedAmounts, parseCampaignRequest, parseCommitteeRequest, parseDonationRequest, parseTimeZoneChangeRequest, owns, type DonationState } from '#domain';
import { checkedId, fail, Idempotent, IdempotencyKey, idOf, RequestContext, Roles, TenantScope, type IdempotencyPrecondition } from '#platform';
import { committeeView } from './election-standing.service.js';
import { IntakeService } from './intake.service.js';

/** A donation's campaign must be the caller's before its Idempotency-Key is spent on it. */
const campaignInScope: IdempotencyPrecondition = (scope, caller, params) => scope.campaign(caller, checkedId(String(params.campaignId), 'campaign'));

/**
 * The donation's lifecycle as decided so far. Amounts leave the API as JSON integers; they
 * were safe integers on the way in. `countedAmountMinor` is what the donation still counts
 * for (towards the donor's limits and the campaign's totals) after refunds and chargebacks.
 */
function donationView(donationId: string, state: DonationState) {
  if (state.status === 'none') fail('not_found', `no donation ${donationId}`);
  const r = state.received;
  const { countedMinor } = countedAmounts(amountsOf(state));
  return {
    donationId,
    status: state.status,
    decision: state.decision,
    campaignId: r.campaignId,
    committeeId: r.committeeId,
    amountMinor: Number(r.amountMinor),
    currency: r.currency,
    receivedAmountMinor: Number(r.amountMinor),
    acceptedAmountMinor: Number(state.acceptedAmountMinor),
    refundedAmountMinor: Number(state.refundedAmountMinor),
    chargedBackAmountMinor: Number(state.chargedBackAmountMinor),
    countedAmountMinor: Number(countedMinor),
    payment: {
      method: r.payment.method,
      pspReference: r.payment.pspReference,
      status: state.payment.status,
      capturedAmountMinor: Number(state.payment.capturedAmountMinor),
      failure: state.payment.failure,
    },
    electionId: r.electionId,
    receivedAt: r.receivedAt,
    dates: state.dates,
    rejection: state.rejection,
    flags: state.flags,
    itemized: state.itemized,
    reportingMark: state.reportingMark,
    returnRequired: state.returnRequired && { ...state.returnRequired, amountMinor: Number(state.returnRequired.amountMinor) },
    dealtWith: state.dealtWith,
    history: state.history.map((entry) => ({ ...entry, amountMinor: entry.amountMinor === null ? null : Number(entry.amountMinor) })),
  };
}

@Controller('v1')
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly scope: TenantScope,
  ) {}

  /** Admins register their party's committees; ids are global, so a taken one is a 409 whoever holds it. */
  @Post('committees')
  @HttpCode(201)
  async registerCommittee(@Body() body: unknown, @RequestContext() ctx: RequestContext) {
    return this.intake.registerCommittee(parseCommitteeRequest(body), ctx);
  }

  /** The committee's legal calendar moves to another IANA zone from now on; the reason is kept in the ledger. */
  @Post('committees/:committeeId/time-zone')
  @HttpCode(200)
  async changeTimeZone(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const input = parseTimeZoneChangeRequest(body);
    await this.scope.committee(ctx, committeeId);
    const committee = await this.intake.changeCommitteeTimeZone(committeeId, input, ctx);
    return committee.status === 'registered' ? committeeView(committee) : committee;
  }

  @Get('committees/:committeeId')
  @Roles('intake', 'officer', 'auditor')
  async committee(@Param('committeeId', idOf('committee')) committeeId: string, @RequestContext() ctx: RequestContext) {
    await this.scope.committee(ctx, committeeId);
    // The scope keeps who owns the committee, which never changes; the committee itself is read
    // caught up, so its zone and its elections' standings are as they stand now.
    const committee = await this.intake.committee(committeeId);
    if (committee.status !== 'registered') return fail('not_found', `no committee ${committeeId}`);
    return committeeView(committee);
  }

  @Post('campaigns')
  @HttpCode(201)
  async openCampaign(@Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const input = parseCampaignRequest(body);
    await this.scope.committee(ctx, input.committeeId);
    return this.intake.openCampaign(input, ctx);
  }

  @Get('campaigns/:campaignId')
  @Roles('intake', 'officer', 'auditor')
  async campaign(@Param('campaignId', idOf('campaign')) campaignId: string, @RequestContext() ctx: RequestContext) {
    const { status: _status, tenantId: _tenant, ...campaign } = await this.scope.campaign(ctx, campaignId);
    return campaign;
  }

  /**
   * Idempotent (see Idempotent): keys live 24 hours per tenant. The donation id is the client's,
   * or derived from the key, so even a forgotten key cannot make a second donation.
   */
  @Post('campaigns/:campaignId/donations')
  @Roles('intake')
  @Idempotent({ before: campaignInScope })
  @HttpCode(202)
  async donate(
    @Param('campaignId') campaignId: string,
    @Body() body: unknown,
    @IdempotencyKey() key: string,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const input = parseDonationRequest(body);
    const assignedId = deterministicId('donation-for-key', ctx.tenantId, key);
    const { donationId, created } = await this.intake.receiveDonation(campaignId, input, ctx, assignedId);
    const status = `/v1/donations/${donationId}`;
    response.set('location', status);
    return { donationId, status: 'received', duplicate: !created, links: { status } };
  }

  /** Another tenant's donation answers exactly as a missing one. */
  @Get('donations/:donationId')
  @Roles('intake', 'officer', 'auditor')
  async donation(@Param('donationId', idOf('donation')) donationId: string, @RequestContext() ctx: RequestContext) {
    const state = await this.intake.donation(donationId);
    if (state.status === 'none' || !owns(ctx, await this.scope.tenantOfCommittee(state.received.committeeId))) {
      fail('not_found', `no donation ${donationId}`);
    }
    return donationView(donationId, state);
  }
}
