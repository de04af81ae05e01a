import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { fail, idOf, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';
import { DonationListParamsError, donationList, donationListFilterOf, type DonationListFilter } from '#read-models';

/**
 * A campaign's donations as staff search them (the console's list): by status, received date,
 * the amount each still counts for, flagged or not, and a donation or donor id, newest first,
 * a page at a time. Read from reporting's donation rows; donors' personal data is not in it.
 */
@Controller('v1/campaigns/:campaignId')
export class DonationListController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly scope: TenantScope,
  ) {}

  @Get('reports/donations')
  @Roles('intake', 'officer', 'auditor')
  async list(@Param('campaignId', idOf('campaign')) campaignId: string, @Query() query: Record<string, unknown>, @RequestContext() ctx: RequestContext) {
    let filter: DonationListFilter;
    try {
      filter = donationListFilterOf(query);
    } catch (error) {
      if (error instanceof DonationListParamsError) return fail('invalid_request', error.message);
      throw error;
    }
    await this.scope.campaign(ctx, campaignId);
    const page = await donationList(this.readModels, campaignId, filter);
    return { campaignId, total: page.total, limit: filter.limit, offset: filter.offset, items: page.items };
  }
}
