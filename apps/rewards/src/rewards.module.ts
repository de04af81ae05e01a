import { Controller, Get, Inject, Injectable, Module, Param, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLIENT_ID_PATTERN, TOPICS } from '#contracts';
import { ProjectionRunner, RewardSupporterRow, rewardSupportersProjection } from '#persistence';
import { fail, Lifecycle, READ_MODELS } from '#platform';

/** Follows accepted donations into each supporter's running total per campaign, the basis of reward tiers. */
@Injectable()
export class RewardsProjections implements OnModuleInit {
  private readonly runner: ProjectionRunner;

  constructor(
    @Inject(READ_MODELS) readModels: DataSource,
    private readonly lifecycle: Lifecycle,
  ) {
    this.runner = new ProjectionRunner(readModels, [rewardSupportersProjection]);
  }

  onModuleInit(): void {
    this.lifecycle.subscribe({
      group: 'rewards',
      topics: [TOPICS.donations],
      handle: (event, message) => this.runner.handle(event, `${message.topic}:${message.partition}`),
    });
  }
}

@Controller('v1')
export class RewardsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: DataSource) {}

  @Get('campaigns/:campaignId/supporters/:donorId')
  async supporter(@Param('campaignId') campaignId: string, @Param('donorId') donorId: string) {
    if (!CLIENT_ID_PATTERN.test(campaignId)) fail('not_found', `no campaign ${campaignId}`);
    const row = await this.readModels.getRepository(RewardSupporterRow).findOneBy({ campaignId, donorId });
    if (!row) fail('not_found', `no accepted donations from ${donorId} in campaign ${campaignId}`);
    return {
      campaignId,
      donorId,
      currency: row.currency,
      acceptedTotalMinor: Number(row.acceptedTotalMinor),
      acceptedDonations: row.acceptedDonations,
    };
  }
}

@Module({ controllers: [RewardsController], providers: [RewardsProjections] })
export class RewardsModule {}
