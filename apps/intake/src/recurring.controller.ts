import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { deterministicId } from '#contracts';
import {
  parseIdempotencyKey,
  parsePlanChangeRequest,
  parseRecurringPlanRequest,
  owns,
  planNextDueAt,
  type ChangeRecurringPlan,
  type ExistingPlan,
  type Principal,
} from '#domain';
import { HttpProblem, idOf, problem, RequestContext, Roles, TenantScope } from '#platform';
import { IntakeService } from './intake.service.js';
import { RecurringPlanService } from './recurring.service.js';

const PLAN_ID = idOf('recurring plan');

const planPath = (planId: string): string => `/v1/recurring-plans/${planId}`;

/**
 * A donor's monthly gift: created only on the donor's explicit consent, paused, resumed and
 * cancelled with one call each. The scheduler turns each month's instalment into a donation.
 */
@Controller('v1')
export class RecurringPlanController {
  constructor(
    private readonly plans: RecurringPlanService,
    private readonly intake: IntakeService,
    private readonly scope: TenantScope,
  ) {}

  /** A plan of another tenant answers exactly as a missing one. */
  private async ownPlan(caller: Principal, planId: string): Promise<ExistingPlan> {
    const { state } = await this.plans.plan(planId);
    if (state.status === 'none' || !owns(caller, await this.scope.tenantOfCommittee(state.plan.committeeId))) {
      throw new HttpProblem(problem('recurring_plan_not_found', `recurring plan ${planId} does not exist`));
    }
    return state;
  }

  /**
   * The plan id is the client's, or derived from its Idempotency-Key (required then), so a
   * retried request can never start a second monthly charge.
   */
  @Post('campaigns/:campaignId/recurring-plans')
  @Roles('intake')
  async create(
    @Param('campaignId', idOf('campaign')) campaignId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @RequestContext() ctx: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.scope.campaign(ctx, campaignId);
    const input = parseRecurringPlanRequest(body);
    const assignedId = input.planId ?? deterministicId('recurring-plan-for-key', ctx.tenantId, parseIdempotencyKey(keyHeader));
    const { plan, created } = await this.plans.create(campaignId, input, ctx, assignedId);
    response.status(created ? 201 : 200).location(planPath(plan.plan.planId));
    return { ...(await this.view(plan)), duplicate: !created };
  }

  @Get('recurring-plans/:planId')
  @Roles('intake', 'officer', 'auditor')
  async get(@Param('planId', PLAN_ID) planId: string, @RequestContext() ctx: RequestContext) {
    return this.view(await this.ownPlan(ctx, planId));
  }

  @Post('recurring-plans/:planId/pause')
  @Roles('intake')
  @HttpCode(200)
  pause(@Param('planId', PLAN_ID) planId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    return this.change('PauseRecurringPlan', planId, body, ctx);
  }

  @Post('recurring-plans/:planId/resume')
  @Roles('intake')
  @HttpCode(200)
  resume(@Param('planId', PLAN_ID) planId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    return this.change('ResumeRecurringPlan', planId, body, ctx);
  }

  /** One call, no body needed, from any state; calling it again changes nothing. */
  @Post('recurring-plans/:planId/cancel')
  @Roles('intake')
  @HttpCode(200)
  cancel(@Param('planId', PLAN_ID) planId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    return this.change('CancelRecurringPlan', planId, body, ctx);
  }

  private async change(type: ChangeRecurringPlan['type'], planId: string, body: unknown, ctx: RequestContext) {
    await this.ownPlan(ctx, planId);
    return this.view(await this.plans.change(type, planId, parsePlanChangeRequest(body), ctx));
  }

  /** Amounts leave as JSON integers; donor data leaves as the donor id only. */
  private async view(state: ExistingPlan) {
    const { plan } = state;
    const instalments = await Promise.all(
      state.instalments.map(async (instalment) => {
        const donation = await this.intake.donation(instalment.donationId);
        const status = instalment.refusal ? 'refused' : donation.status === 'none' ? 'pending' : donation.status;
        return { ...instalment, status, links: { donation: `/v1/donations/${instalment.donationId}` } };
      }),
    );
    return {
      planId: plan.planId,
      status: state.status,
      campaignId: plan.campaignId,
      committeeId: plan.committeeId,
      amountMinor: Number(plan.amountMinor),
      currency: plan.currency,
      dayOfMonth: plan.dayOfMonth,
      startsOn: plan.startsOn,
      // The calendar of startsOn and every due day: the committee's zone when the plan was made.
      timeZone: plan.timeZone,
      donorId: plan.donor.donorId,
      payment: { method: plan.payment.method },
      electionId: plan.electionId,
      consent: plan.consent,
      createdAt: state.createdAt,
      pausedAt: state.pausedAt,
      cancellation: state.cancellation && {
        requestedBy: state.cancellation.requestedBy,
        reason: state.cancellation.reason,
        cancelledAt: state.cancellation.cancelledAt,
      },
      nextDueAt: planNextDueAt(state, new Date().toISOString()),
      instalments,
      links: { self: planPath(plan.planId) },
    };
  }
}
