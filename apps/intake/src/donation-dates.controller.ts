import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { owns, parseDateCorrectionRequest, parseDepositRequest, type DonationState } from '#domain';
import { fail, idOf, RequestContext, Roles, TenantScope } from '#platform';
import { DonationDatesService } from './donation-dates.service.js';
import { IntakeService } from './intake.service.js';

/**
 * A compliance officer records when a donation was deposited and corrects a recorded date with
 * the reason (issue 14, item 2). Nothing is edited: each is a ledger fact. Refusals are
 * problem+json: donation_date_invalid (out of order, in the future), donation_date_not_recorded
 * (nothing to correct), donation_date_already_recorded (a second deposit day), reason_required.
 */
@Controller('v1/donations/:donationId')
export class DonationDatesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly dates: DonationDatesService,
    private readonly scope: TenantScope,
  ) {}

  /** 201 when the deposit is recorded now; 200 when the same day was recorded before. */
  @Post('deposit')
  @Roles('officer')
  async deposit(@Param('donationId', idOf('donation')) donationId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const { depositedOn } = parseDepositRequest(body);
    const answer = await this.dates.recordDeposit(await this.owned(ctx, donationId), depositedOn, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }

  /** 201 when a correction is recorded; 200 when the date already stood as asked. */
  @Post('date-corrections')
  @Roles('officer')
  async correct(@Param('donationId', idOf('donation')) donationId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext, @Res({ passthrough: true }) response: Response) {
    const input = parseDateCorrectionRequest(body);
    const answer = await this.dates.correctDate(await this.owned(ctx, donationId), input, ctx);
    response.status(answer.recorded ? 201 : 200);
    return answer;
  }

  /** Another tenant's donation answers exactly as a missing one. */
  private async owned(ctx: RequestContext, donationId: string): Promise<Exclude<DonationState, { status: 'none' }>> {
    const state = await this.intake.donation(donationId);
    if (state.status === 'none' || !owns(ctx, await this.scope.tenantOfCommittee(state.received.committeeId))) fail('not_found', `no donation ${donationId}`);
    return state;
  }
}
