import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { ReviewDecisionEvent } from '#contracts';
import { committeeDayOf, owns, parseReviewDecisionRequest, reviewItemsOf, reviewQueue, type Principal } from '#domain';
import { fail, HttpProblem, idOf, problem, RequestContext, Roles, TenantScope } from '#platform';
import { REVIEW_CLOCK, type ReviewClock } from './review-clock.js';
import { ReviewService } from './review.service.js';

const QUEUE_LIMIT = 500;
const DONATION_ID = idOf('donation', { code: 'donation_not_found' });

const notFound = (donationId: string): never => {
  throw new HttpProblem(problem('donation_not_found', `donation ${donationId} does not exist`));
};

/** Amounts leave as JSON integers, as everywhere in the API. */
const decisionView = (event: ReviewDecisionEvent) => {
  const { amountMinor, refundAmountMinor, remainingExcessMinor, ...rest } = event.payload as unknown as Record<string, string>;
  return {
    eventId: event.eventId,
    type: event.type,
    decidedAt: event.metadata.occurredAt,
    ...rest,
    ...(amountMinor === undefined ? {} : { amountMinor: Number(amountMinor) }),
    ...(refundAmountMinor === undefined ? {} : { refundAmountMinor: Number(refundAmountMinor) }),
    ...(remainingExcessMinor === undefined ? {} : { remainingExcessMinor: Number(remainingExcessMinor) }),
  };
};

/**
 * Compliance officers' review: the queue of what is flagged and what is due, soonest legal
 * deadline first, and the decisions on each item. Officers decide; auditors (and admins) read.
 * Another tenant's committee or donation answers 404 like one that does not exist.
 */
@Controller('v1')
export class ReviewController {
  constructor(
    private readonly reviews: ReviewService,
    private readonly scope: TenantScope,
    @Inject(REVIEW_CLOCK) private readonly clock: ReviewClock,
  ) {}

  @Get('committees/:committeeId/review-queue')
  @Roles('officer', 'auditor')
  async queue(@Param('committeeId', idOf('committee')) committeeId: string, @RequestContext() ctx: RequestContext, @Query('limit') limit?: string) {
    const committee = await this.scope.committee(ctx, committeeId);
    const max = limit === undefined ? QUEUE_LIMIT : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > QUEUE_LIMIT) fail('invalid_request', `limit must be an integer from 1 to ${QUEUE_LIMIT}`, { field: 'limit' });
    const today = this.localToday(committee);
    const ids = await this.reviews.openDonationIds(committeeId, max);
    const loaded = (await Promise.all(ids.map((id) => this.reviews.load(id)))).flatMap(({ subject, review }) => (subject ? [{ subject, review }] : []));
    const items = reviewQueue(loaded, today).map((entry) => ({ ...entry, amountMinor: Number(entry.amountMinor) }));
    return { committeeId, asOf: today, overdue: items.filter((i) => i.overdue).length, items };
  }

  /** Today on the committee's own calendar: a deadline is overdue from its local midnight, not UTC's. */
  private localToday(committee: Parameters<typeof committeeDayOf>[0]): string {
    return committeeDayOf(committee, this.clock.now().toISOString());
  }

  @Get('donations/:donationId/review')
  @Roles('officer', 'auditor')
  async review(@Param('donationId', DONATION_ID) donationId: string, @RequestContext() ctx: RequestContext) {
    const { subject, review, events } = await this.owned(ctx, donationId);
    const today = this.localToday(await this.scope.committee(ctx, subject.received.committeeId));
    return {
      donationId,
      committeeId: subject.received.committeeId,
      items: reviewItemsOf(subject, review).map((item) => ({ ...item, amountMinor: Number(item.amountMinor), overdue: item.open && today > item.dueOn })),
      structuring: review.suspected ? { findings: review.suspected.findings, ruleIds: review.suspected.ruleIds, rulePackVersion: review.suspected.rulePackVersion, reviewDueOn: review.suspected.reviewDueOn } : null,
      decisions: events.filter((e) => e.type !== 'StructuringSuspected').map((e) => decisionView(e as ReviewDecisionEvent)),
    };
  }

  @Post('donations/:donationId/review/decisions')
  @Roles('officer')
  @HttpCode(201)
  async decide(@Param('donationId', DONATION_ID) donationId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    await this.owned(ctx, donationId);
    const input = parseReviewDecisionRequest(body);
    // The review clock, not the request's: the legal deadlines are counted on it (and tests set it).
    const event = await this.reviews.decide(donationId, input, { officer: ctx.actor, correlationId: ctx.correlationId, traceId: ctx.traceId, now: this.clock.now().toISOString() });
    return decisionView(event);
  }

  private async owned(caller: Principal, donationId: string) {
    const loaded = await this.reviews.load(donationId);
    if (!loaded.subject) return notFound(donationId);
    const tenant = await this.scope.tenantOfCommittee(loaded.subject.received.committeeId);
    if (!owns(caller, tenant)) return notFound(donationId);
    return { ...loaded, subject: loaded.subject };
  }
}
