import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLIENT_ID_PATTERN, FULFILMENT_STATUSES, type FulfilmentStatus } from '#contracts';
import { asObject, InputError, text, type Principal } from '#domain';
import { HttpProblem, idOf, problem, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';
import { RewardFulfilmentService } from './reward-fulfilment.service.js';
import { RewardGrantRow, RewardWaitlistRow } from '#read-models';

const GRANT_ID = idOf('reward grant', { code: 'reward_grant_not_found', pattern: /^[A-Za-z0-9_-]{1,128}$/ });

/** The body of a fulfilment step; its refusals are InputErrors, answered by the problem filter. */
function fulfilmentInput(raw: unknown): { status: FulfilmentStatus; note: string | null } {
  const body = asObject(raw, 'body');
  const status = body.status;
  if (typeof status !== 'string' || !(FULFILMENT_STATUSES as readonly string[]).includes(status)) {
    throw new InputError('invalid_request', 'status', `status: must be one of ${FULFILMENT_STATUSES.join(', ')}`);
  }
  return { status: status as FulfilmentStatus, note: text(body, 'note', { max: 200, optional: true }) };
}

/** What staff see of a grant: what the donor received, its fair market value, and where it stands. Amounts as JSON integers. */
export function grantView(row: RewardGrantRow) {
  return {
    grantId: row.grantId,
    tierId: row.tierId,
    tierVersion: row.tierVersion,
    donorId: row.donorId,
    donationId: row.donationId,
    rewardKind: row.rewardKind,
    fairMarketValueMinor: Number(row.fairMarketValueMinor),
    currency: row.currency,
    grantedAt: row.grantedAt.toISOString(),
    status: row.revokedAt !== null ? 'revoked' : (row.fulfilment ?? 'granted'),
    fulfilment: row.fulfilment,
    revocation:
      row.revokedAt === null
        ? null
        : { revokedAt: row.revokedAt.toISOString(), reason: row.revocationReason, stockReturned: row.stockReturned, flaggedForStaff: row.flaggedForStaff },
  };
}

/** Campaign staff follow grants and the waitlist, and record fulfilment (admin, officer). */
@Controller('v1')
export class RewardGrantsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly fulfilment: RewardFulfilmentService,
    private readonly scope: TenantScope,
  ) {}

  @Get('campaigns/:campaignId/reward-grants')
  @Roles('officer', 'auditor')
  async list(@Param('campaignId', idOf('campaign')) campaignId: string, @Query('tierId') tierId: string | undefined, @RequestContext() ctx: RequestContext) {
    if (tierId !== undefined && !CLIENT_ID_PATTERN.test(tierId)) throw new HttpProblem(problem('invalid_request', 'tierId: must be a tier id', { field: 'tierId' }));
    await this.scope.campaign(ctx, campaignId);
    const where = tierId === undefined ? { campaignId } : { campaignId, tierId };
    const grants = await this.readModels.getRepository(RewardGrantRow).find({ where, order: { grantedPosition: 'ASC' } });
    const waitlist = await this.readModels
      .getRepository(RewardWaitlistRow)
      .find({ where: { ...where, status: 'waiting' }, order: { tierId: 'ASC', waitlistPosition: 'ASC' } });
    return {
      campaignId,
      grants: grants.map(grantView),
      waitlist: waitlist.map((entry) => ({ tierId: entry.tierId, position: entry.waitlistPosition, donorId: entry.donorId, donationId: entry.donationId, waitlistedAt: entry.waitlistedAt.toISOString() })),
      flaggedForStaff: grants.filter((grant) => grant.flaggedForStaff).map((grant) => grant.grantId),
    };
  }

  @Get('reward-grants/:grantId')
  @Roles('officer', 'auditor')
  async get(@Param('grantId', GRANT_ID) grantId: string, @RequestContext() ctx: RequestContext) {
    const row = await this.scoped(grantId, ctx);
    return { campaignId: row.campaignId, ...grantView(row) };
  }

  /** 200 with `recorded: false` when the step was recorded already (a retry). */
  @Post('reward-grants/:grantId/fulfilment')
  @HttpCode(200)
  @Roles('officer')
  async fulfil(@Param('grantId', GRANT_ID) grantId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const row = await this.scoped(grantId, ctx);
    const input = fulfilmentInput(body);
    const { recorded } = await this.fulfilment.record(row, { grantId, ...input, actor: ctx.actor, correlationId: ctx.correlationId, traceId: ctx.traceId });
    return { grantId, campaignId: row.campaignId, tierId: row.tierId, status: input.status, recorded };
  }

  /** Another tenant's grant answers 404, exactly as one that does not exist. */
  private async scoped(grantId: string, caller: Principal): Promise<RewardGrantRow> {
    const notFound = (): never => {
      throw new HttpProblem(problem('reward_grant_not_found', `no reward grant ${grantId}`));
    };
    const row = await this.fulfilment.grant(grantId);
    try {
      await this.scope.campaign(caller, row.campaignId);
    } catch (error) {
      if (error instanceof HttpProblem) notFound();
      throw error;
    }
    return row;
  }
}
