import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseRewardTierRequest, unitsOut, type RewardStockState, type RewardTier } from '#domain';
import { idOf, RequestContext, Roles, TenantScope } from '#platform';
import { RewardTiersService, type TierCommandContext } from './reward-tiers.service.js';

const CAMPAIGN_ID = idOf('campaign');
const TIER_ID = idOf('reward tier', { code: 'reward_tier_not_found' });

/** Amounts leave as JSON integers, as they came in. */
function tierView(tier: RewardTier) {
  const { terms } = tier;
  return {
    tierId: tier.tierId,
    campaignId: tier.campaignId,
    currency: tier.currency,
    tierVersion: tier.tierVersion,
    name: terms.name,
    thresholdKind: terms.thresholdKind,
    thresholdMinor: Number(terms.thresholdMinor),
    rewardKind: terms.rewardKind,
    fairMarketValueMinor: Number(terms.fairMarketValueMinor),
    stockLimit: terms.stockLimit,
  };
}

/** `granted`: units out (revoked grants whose unit came back are not); `grants` lists every grant made, revoked ones marked. */
function stockView(tier: RewardTier, stock: RewardStockState) {
  const out = unitsOut(stock);
  return {
    granted: out,
    remaining: tier.terms.stockLimit === null ? null : Math.max(0, tier.terms.stockLimit - out),
    grants: stock.grants.map(({ grantId, donorId, donationId, tierVersion, fulfilment, revoked }) => ({
      grantId,
      donorId,
      donationId,
      tierVersion,
      status: revoked !== null ? 'revoked' : (fulfilment ?? 'granted'),
      stockReturned: revoked === null ? null : revoked.stockReturned,
      flaggedForStaff: revoked?.flagged ?? false,
    })),
    waitlist: stock.waitlist.map(({ donorId, donationId, waitlistPosition }) => ({ position: waitlistPosition, donorId, donationId })),
  };
}

/** Campaign staff define and change reward tiers (admin); intake, officers and auditors read them. */
@Controller('v1/campaigns/:campaignId/reward-tiers')
export class RewardTiersController {
  constructor(
    private readonly tiers: RewardTiersService,
    private readonly scope: TenantScope,
  ) {}

  private async context(ctx: RequestContext, campaignId: string): Promise<TierCommandContext> {
    const campaign = await this.scope.campaign(ctx, campaignId);
    return { campaignId, committeeId: campaign.committeeId, currency: campaign.currency, actor: ctx.actor, correlationId: ctx.correlationId, traceId: ctx.traceId };
  }

  @Post()
  async define(
    @Param('campaignId', CAMPAIGN_ID) campaignId: string,
    @Body() body: unknown,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const command = await this.context(ctx, campaignId);
    const input = parseRewardTierRequest(body, { withTierId: true });
    const tier = await this.tiers.define(command, input.tierId as string, input.terms);
    response.status(201).location(`/v1/campaigns/${campaignId}/reward-tiers/${tier.tierId}`);
    return tierView(tier);
  }

  @Put(':tierId')
  async change(@Param('campaignId', CAMPAIGN_ID) campaignId: string, @Param('tierId', TIER_ID) tierId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const command = await this.context(ctx, campaignId);
    return tierView(await this.tiers.change(command, tierId, parseRewardTierRequest(body, { withTierId: false }).terms));
  }

  @Get()
  @Roles('intake', 'officer', 'auditor')
  async list(@Param('campaignId', CAMPAIGN_ID) campaignId: string, @RequestContext() ctx: RequestContext) {
    await this.scope.campaign(ctx, campaignId);
    return { campaignId, tiers: (await this.tiers.tiers(campaignId)).tiers.map(tierView) };
  }

  /** The tier with its inventory as the stock stream holds it: grants in the order made, the waitlist in line. */
  @Get(':tierId')
  @Roles('intake', 'officer', 'auditor')
  async get(@Param('campaignId', CAMPAIGN_ID) campaignId: string, @Param('tierId', TIER_ID) tierId: string, @RequestContext() ctx: RequestContext) {
    await this.scope.campaign(ctx, campaignId);
    const { tier, stock } = await this.tiers.tier(campaignId, tierId);
    return { ...tierView(tier), stock: stockView(tier, stock) };
  }
}
