import { Controller, Get, Query } from '@nestjs/common';
import { checkedId, RequestContext, Roles } from '#platform';
import { directoryPageOf } from './directory-page.js';
import { TenantDirectory } from './tenant-directory.js';

const nextLink = (path: string, limit: number, next: string | null, extra = ''): string | null => (next === null ? null : `${path}?limit=${limit}&after=${next}${extra}`);

/**
 * Lists of the caller's committees and campaigns, a page at a time (`limit`, and `after`, the
 * cursor the previous page gave as `next`), so the console offers them instead of asking for ids.
 */
@Controller('v1')
export class DirectoryController {
  constructor(private readonly directory: TenantDirectory) {}

  @Get('committees')
  @Roles('intake', 'officer', 'auditor')
  async committees(@Query('limit') limit: unknown, @Query('after') after: unknown, @RequestContext() ctx: RequestContext) {
    const page = directoryPageOf(limit, after);
    const { items, next } = await this.directory.committees(ctx, page);
    return { items, limit: page.limit, next: nextLink('/v1/committees', page.limit, next) };
  }

  @Get('campaigns')
  @Roles('intake', 'officer', 'auditor')
  async campaigns(@Query('committeeId') committeeId: unknown, @Query('limit') limit: unknown, @Query('after') after: unknown, @RequestContext() ctx: RequestContext) {
    const page = directoryPageOf(limit, after);
    const committee = committeeId === undefined ? null : checkedId(String(committeeId), 'committee');
    const { items, next } = await this.directory.campaigns(ctx, page, committee);
    return { items, limit: page.limit, next: nextLink('/v1/campaigns', page.limit, next, committee === null ? '' : `&committeeId=${encodeURIComponent(committee)}`) };
  }
}
