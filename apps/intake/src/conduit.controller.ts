import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { deterministicId } from '#contracts';
import { owns, parseCheckoutRequest, parseConduitRequest, parseForwardingRequest, parseRecipientRequest, type CheckoutState, type DonationState } from '#domain';
import { checkedId, fail, Idempotent, IdempotencyKey, idOf, RequestContext, Roles, TenantScope, type IdempotencyPrecondition } from '#platform';
import { ConduitService, viewOfConduit } from './conduit.service.js';

/** A checkout's campaign must be the caller's before its Idempotency-Key is spent on it. */
const campaignInScope: IdempotencyPrecondition = (scope, caller, params) => scope.campaign(caller, checkedId(String(params.campaignId), 'campaign'));

/** What the donor is told of each share: its recipient, its amount and how that recipient's rules decided it. */
export function checkoutView(checkoutId: string, checkout: CheckoutState, shares: ReadonlyMap<string, DonationState>) {
  if (checkout.status !== 'received') fail('not_found', `no checkout ${checkoutId}`);
  const r = checkout.received;
  return {
    checkoutId,
    conduitCommitteeId: r.conduitCommitteeId,
    campaignId: r.campaignId,
    amountMinor: Number(r.amountMinor),
    currency: r.currency,
    receivedAt: r.receivedAt,
    shares: r.shares.map((share) => {
      const donation = shares.get(share.donationId);
      const decided = donation !== undefined && donation.status !== 'none' ? donation : null;
      return {
        donationId: share.donationId,
        recipientCommitteeId: share.recipientCommitteeId,
        electionId: share.electionId,
        amountMinor: Number(share.amountMinor),
        status: decided?.status ?? 'received',
        decision: decided?.decision ?? null,
        acceptedAmountMinor: Number(decided?.acceptedAmountMinor ?? 0n),
        refundedAmountMinor: Number(decided?.refundedAmountMinor ?? 0n),
        chargedBackAmountMinor: Number(decided?.chargedBackAmountMinor ?? 0n),
        rejection: decided?.rejection ?? null,
        links: { status: `/v1/donations/${share.donationId}` },
      };
    }),
    reversals: [...checkout.reversals.values()].map((v) => ({ ...v, amountMinor: Number(v.amountMinor), parts: v.parts.map((p) => ({ ...p, amountMinor: Number(p.amountMinor) })) })),
  };
}

/**
 * A tenant's conduit (11 CFR 110.6): its registration, the committees it forwards to, and the
 * split checkout, one payment that becomes one donation per recipient.
 */
@Controller('v1')
export class ConduitController {
  constructor(
    private readonly conduits: ConduitService,
    private readonly scope: TenantScope,
  ) {}

  /** Admins make one of their committees a conduit, with its FEC id. */
  @Post('committees/:committeeId/conduit')
  @HttpCode(201)
  async registerConduit(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const { fecId } = parseConduitRequest(body);
    await this.scope.committee(ctx, committeeId);
    return this.conduits.registerConduit(committeeId, fecId, ctx);
  }

  @Get('conduits/:committeeId')
  @Roles('intake', 'officer', 'auditor')
  async conduit(@Param('committeeId', idOf('committee')) committeeId: string, @RequestContext() ctx: RequestContext) {
    await this.scope.committee(ctx, committeeId);
    const view = viewOfConduit(await this.conduits.conduit(committeeId));
    if (view.status === 'none') fail('not_found', `committee ${committeeId} is not a conduit`);
    return view;
  }

  /** Admins list a recipient: `{ committeeId }` of their own, or `{ name, fecId, elections, defaultElectionId }` outside. */
  @Post('conduits/:committeeId/recipients')
  @HttpCode(201)
  async addRecipient(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const input = parseRecipientRequest(body);
    await this.scope.committee(ctx, committeeId);
    if (input.kind === 'hustings') await this.scope.committee(ctx, input.committeeId);
    return this.conduits.addRecipient(committeeId, input, ctx);
  }

  /**
   * Idempotent like a donation: the checkout id is the client's or derived from the key, and
   * each share's donation id from the checkout, so a retry makes no second payment's worth.
   */
  @Post('campaigns/:campaignId/checkouts')
  @Roles('intake')
  @Idempotent({ before: campaignInScope })
  @HttpCode(202)
  async checkout(
    @Param('campaignId') campaignId: string,
    @Body() body: unknown,
    @IdempotencyKey() key: string,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const input = parseCheckoutRequest(body);
    const assignedId = deterministicId('checkout-for-key', ctx.tenantId, key);
    const { checkoutId, created, state } = await this.conduits.receiveCheckout(campaignId, input, ctx, assignedId);
    const status = `/v1/checkouts/${checkoutId}`;
    response.set('location', status);
    const { shares } = checkoutView(checkoutId, state, new Map());
    return { checkoutId, status: 'received', duplicate: !created, shares: shares.map(({ donationId, recipientCommitteeId, amountMinor, electionId, links }) => ({ donationId, recipientCommitteeId, amountMinor, electionId, status: 'received', links })), links: { status } };
  }

  /** A conduit officer records one transfer of accepted shares to one recipient (11 CFR 102.8). */
  @Post('campaigns/:campaignId/forwardings')
  @Roles('officer')
  @HttpCode(201)
  async recordForwarding(@Param('campaignId', idOf('campaign')) campaignId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const input = parseForwardingRequest(body);
    const campaign = await this.scope.campaign(ctx, campaignId);
    return this.conduits.recordForwarding(campaignId, campaign.committeeId, input, ctx);
  }

  /** Each share's outcome; another tenant's checkout answers exactly as a missing one. */
  @Get('checkouts/:checkoutId')
  @Roles('intake', 'officer', 'auditor')
  async checkoutStatus(@Param('checkoutId', idOf('checkout')) checkoutId: string, @RequestContext() ctx: RequestContext) {
    const { checkout, shares } = await this.conduits.checkout(checkoutId);
    if (checkout.status !== 'received' || !owns(ctx, await this.scope.tenantOfCommittee(checkout.received.conduitCommitteeId))) {
      fail('not_found', `no checkout ${checkoutId}`);
    }
    return checkoutView(checkoutId, checkout, shares);
  }
}
