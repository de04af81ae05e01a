import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { parseDonorLinkRequest, parseDonorUnlinkRequest } from '#domain';
import { idOf, RequestContext, Roles, TenantScope } from '#platform';
import { REVIEW_CLOCK, type ReviewClock } from './review-clock.js';
import { DonorLinksService } from './donor-links.service.js';

/**
 * Officers link two donor identities of a committee that the rules could only call a near
 * match (issue 14, item 12): by donor id, never by name. Another tenant's committee answers
 * 404 like one that does not exist.
 */
@Controller('v1')
export class DonorLinksController {
  constructor(
    private readonly links: DonorLinksService,
    private readonly scope: TenantScope,
    @Inject(REVIEW_CLOCK) private readonly clock: ReviewClock,
  ) {}

  @Post('committees/:committeeId/donor-links')
  @Roles('officer')
  @HttpCode(201)
  async link(@Param('committeeId', idOf('committee')) committeeId: string, @Body() body: unknown, @RequestContext() ctx: RequestContext) {
    const committee = await this.scope.committee(ctx, committeeId);
    const input = parseDonorLinkRequest(body);
    const now = this.clock.now().toISOString();
    const result = await this.links.link(committee, input, { officer: ctx.actor, correlationId: ctx.correlationId, now, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) });
    return {
      linkId: result.linkId,
      committeeId,
      donorId: input.donorId,
      linkedDonorId: input.linkedDonorId,
      officer: ctx.actor,
      reason: input.reason,
      linkedAt: result.linkedAt,
      heldExcess: result.held.map((h) => ({ ...h, excessMinor: Number(h.excessMinor) })),
    };
  }

  /**
   * An officer undoes a link made in error: a revocation of the link, after which the two
   * donors count apart again. An unknown link is 404, one undone already 409.
   */
  @Post('committees/:committeeId/donor-links/:linkId/revocations')
  @Roles('officer')
  @HttpCode(201)
  async unlink(
    @Param('committeeId', idOf('committee')) committeeId: string,
    @Param('linkId', idOf('donor link', { code: 'donor_link_not_found' })) linkId: string,
    @Body() body: unknown,
    @RequestContext() ctx: RequestContext,
  ) {
    const committee = await this.scope.committee(ctx, committeeId);
    const { reason } = parseDonorUnlinkRequest(body);
    const now = this.clock.now().toISOString();
    const result = await this.links.unlink(committee, linkId, reason, { officer: ctx.actor, correlationId: ctx.correlationId, now, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) });
    return { linkId, committeeId, donorId: result.donorId, linkedDonorId: result.linkedDonorId, officer: ctx.actor, reason, unlinkedAt: result.unlinkedAt };
  }
}
