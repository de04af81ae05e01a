import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CLIENT_ID_PATTERN, type ReviewDecisionEvent } from '#contracts';
import { InputError, owns, parseReviewDecisionRequest, reviewItemsOf, reviewQueue, type Principal, type ReviewDecisionInput } from '#domain';
import { Caller, fail, HttpProblem, problem, Roles, TenantScope } from '#platform';
import { REVIEW_CLOCK, type ReviewClock } from './review-clock.js';
import { ReviewService } from './review.service.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;
const QUEUE_LIMIT = 500;

const notFound = (donationId: string): never => {
  throw new HttpProblem(problem('donation_not_found', `donation ${donationId} does not exist`));
};

function parsed(body: unknown): ReviewDecisionInput {
  try {
    return parseReviewDecisionRequest(body);
  } catch (error) {
    if (error instanceof InputError) throw new HttpProblem(problem(error.code, error.message, { field: error.field }));
    throw error;
  }
}

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
  async queue(@Param('committeeId') committeeId: string, @Caller() caller: Principal, @Query('limit') limit?: string) {
    if (!CLIENT_ID_PATTERN.test(committeeId)) fail('not_found', `no committee ${committeeId}`);
    await this.scope.committee(caller, committeeId);
    const max = limit === undefined ? QUEUE_LIMIT : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > QUEUE_LIMIT) fail('invalid_request', `limit must be an integer from 1 to ${QUEUE_LIMIT}`, { field: 'limit' });
    const today = this.clock.now().toISOString().slice(0, 10);
    const ids = await this.reviews.openDonationIds(committeeId, max);
    const loaded = (await Promise.all(ids.map((id) => this.reviews.load(id)))).flatMap(({ subject, review }) => (subject ? [{ subject, review }] : []));
    const items = reviewQueue(loaded, today).map((entry) => ({ ...entry, amountMinor: Number(entry.amountMinor) }));
    return { committeeId, asOf: today, overdue: items.filter((i) => i.overdue).length, items };
  }

  @Get('donations/:donationId/review')
  @Roles('officer', 'auditor')
  async review(@Param('donationId') donationId: string, @Caller() caller: Principal) {
    const { subject, review, events } = await this.owned(caller, donationId);
    const today = this.clock.now().toISOString().slice(0, 10);
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
  async decide(@Param('donationId') donationId: string, @Body() body: unknown, @Req() request: Request, @Caller() caller: Principal) {
    await this.owned(caller, donationId);
    const input = parsed(body);
    const header = request.header('x-correlation-id');
    const event = await this.reviews.decide(donationId, input, {
      officer: `api-key:${caller.keyId}`,
      correlationId: header && CORRELATION.test(header) ? header : randomUUID(),
      now: this.clock.now().toISOString(),
    });
    return decisionView(event);
  }

  private async owned(caller: Principal, donationId: string) {
    if (!CLIENT_ID_PATTERN.test(donationId)) notFound(donationId);
    const loaded = await this.reviews.load(donationId);
    if (!loaded.subject) return notFound(donationId);
    const tenant = await this.scope.tenantOfCommittee(loaded.subject.received.committeeId);
    if (!owns(caller, tenant)) return notFound(donationId);
    return { ...loaded, subject: loaded.subject };
  }
}
