import { Controller, Get, Inject, Module, Param } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { TOPICS, type RecordedEvent } from '#contracts';
import { BatchEventPattern, BusConsumer, BusContext, consumerGroup, fail, idOf, READ_MODELS, RequestContext, Roles, TenantScope } from '#platform';
import type { Accepted } from './reward-granting-batch.js';
import { RewardGrantingService } from './reward-granting.service.js';
import { RewardFulfilmentService } from './reward-fulfilment.service.js';
import { RewardGrantsController } from './reward-grants.controller.js';
import { RewardRevocationService, REVERSING_EVENT_TYPES } from './reward-revocation.service.js';
import { RewardTiersController } from './reward-tiers.controller.js';
import { RewardTiersService } from './reward-tiers.service.js';
import { REWARDS_API } from './openapi/rewards.openapi.js';
import { ProjectionRunner, rewardGrantsProjection, RewardSupporterRow, rewardSupportersProjection } from '#read-models';

/**
 * Follows accepted donations: grants the tiers they reach (on the ledger, before anything
 * else, so a failure redelivers the message and the grant is retried), then the supporter's
 * running total per campaign. Refunds, chargebacks and rejections revoke what no longer
 * qualifies. Follows the rewards topic into the reward_grants read model.
 */
@BusConsumer()
export class RewardsProjections {
  private readonly runner: ProjectionRunner;
  private readonly grantsRunner: ProjectionRunner;

  constructor(
    @Inject(READ_MODELS) readModels: DataSource,
    private readonly granting: RewardGrantingService,
    private readonly revocation: RewardRevocationService,
  ) {
    this.runner = new ProjectionRunner(readModels, [rewardSupportersProjection]);
    this.grantsRunner = new ProjectionRunner(readModels, [rewardGrantsProjection]);
  }

  /**
   * A partition's batch, in order: each run of acceptances is granted together (one read, one
   * append; see RewardGrantingService.onDonationsAccepted), a reversal between them is handled
   * in its place, and the supporters' read model takes the batch in one transaction.
   */
  @BatchEventPattern(TOPICS.donations, consumerGroup('rewards'))
  async apply(@Payload() events: RecordedEvent[], @Ctx() context: unknown): Promise<void> {
    let run: Accepted[] = [];
    for (const event of events) {
      if (event.type === 'DonationAccepted') run.push(event as Accepted);
      if ((REVERSING_EVENT_TYPES as readonly string[]).includes(event.type)) {
        await this.granting.onDonationsAccepted(run);
        run = [];
        await this.revocation.onReversal(event);
      }
    }
    await this.granting.onDonationsAccepted(run);
    await this.runner.handleBatch(events, BusContext.partitionKeyOf(context));
  }

  /** A partition's batch in one transaction with one checkpoint write. */
  @BatchEventPattern(TOPICS.rewards, consumerGroup('rewards'))
  async applyRewards(@Payload() events: RecordedEvent[], @Ctx() context: unknown): Promise<void> {
    await this.grantsRunner.handleBatch(events, BusContext.partitionKeyOf(context));
  }
}

@Controller('v1')
export class RewardsController {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: DataSource,
    private readonly scope: TenantScope,
  ) {}

  @Get('campaigns/:campaignId/supporters/:donorId')
  @Roles('intake', 'officer', 'auditor')
  async supporter(@Param('campaignId', idOf('campaign')) campaignId: string, @Param('donorId') donorId: string, @RequestContext() ctx: RequestContext) {
    await this.scope.campaign(ctx, campaignId);
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

@Module({
  controllers: [RewardsController, RewardTiersController, RewardsProjections, RewardGrantsController],
  providers: [RewardTiersService, RewardGrantingService, RewardRevocationService, RewardFulfilmentService],
})
export class RewardsModule {
  /** Its part of the API document (/v1/openapi.json): the routes its controllers map. */
  static readonly api = REWARDS_API;
}
