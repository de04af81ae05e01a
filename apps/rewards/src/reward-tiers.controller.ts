import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CLIENT_ID_PATTERN } from '#contracts';
import { InputError, parseRewardTierRequest, unitsOut, type Principal, type RewardStockState, type RewardTier, type RewardTierInput } from '#domain';
import { Caller, fail, HttpProblem, problem, Roles, TenantScope } from '#platform';
import { RewardTiersService, type TierCommandContext } from './reward-tiers.service.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

function parsed(body: unknown, withTierId: boolean): RewardTierInput {
  try {
    return parseRewardTierRequest(body, { withTierId });
  } catch (error) {
    if (error instanceof InputError) throw new HttpProblem(problem(error.code, error.message, { field: error.field }));
    throw error;
  }
}

function checkIds(campaignId: string, tierId?: string): void {
  if (!CLIENT_ID_PATTERN.test(campaignId)) fail('not_found', `no campaign ${campaignId}`);
  if (tierId !== undefined && !CLIENT_ID_PATTERN.test(tierId)) {
    throw new HttpProblem(problem('reward_tier_not_found', `campaign ${campaignId} has no tier ${tierId}`));
  }
}

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

  private async context(caller: Principal, campaignId: string, request: Request): Promise<TierCommandContext> {
    checkIds(campaignId);
    const campaign = await this.scope.campaign(caller, campaignId);
    const header = request.header('x-correlation-id');
    return {
      campaignId,
      committeeId: campaign.committeeId,
      currency: campaign.currency,
      actor: `api-key:${caller.keyId}`,
      correlationId: header && CORRELATION.test(header) ? header : randomUUID(),
    };
  }

  @Post()
  async define(
    @Param('campaignId') campaignId: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Caller() caller: Principal,
  ) {
    const ctx = await this.context(caller, campaignId, request);
    const input = parsed(body, true);
    const tier = await this.tiers.define(ctx, input.tierId as string, input.terms);
    response.status(201).location(`/v1/campaigns/${campaignId}/reward-tiers/${tier.tierId}`);
    return tierView(tier);
  }

  @Put(':tierId')
  async change(@Param('campaignId') campaignId: string, @Param('tierId') tierId: string, @Body() body: unknown, @Req() request: Request, @Caller() caller: Principal) {
    checkIds(campaignId, tierId);
    const ctx = await this.context(caller, campaignId, request);
    return tierView(await this.tiers.change(ctx, tierId, parsed(body, false).terms));
  }

  @Get()
  @Roles('intake', 'officer', 'auditor')
  async list(@Param('campaignId') campaignId: string, @Caller() caller: Principal) {
    checkIds(campaignId);
    await this.scope.campaign(caller, campaignId);
    return { campaignId, tiers: (await this.tiers.tiers(campaignId)).tiers.map(tierView) };
  }

  /** The tier with its inventory as the stock stream holds it: grants in the order made, the waitlist in line. */
  @Get(':tierId')
  @Roles('intake', 'officer', 'auditor')
  async get(@Param('campaignId') campaignId: string, @Param('tierId') tierId: string, @Caller() caller: Principal) {
    checkIds(campaignId, tierId);
    await this.scope.campaign(caller, campaignId);
    const { tier, stock } = await this.tiers.tier(campaignId, tierId);
    return { ...tierView(tier), stock: stockView(tier, stock) };
  }
}
