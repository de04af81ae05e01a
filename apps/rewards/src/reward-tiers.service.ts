import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, rewardStockStreamId, rewardTiersStreamId, type EventMetadata, type RewardTierTerms } from '#contracts';
import {
  changeRewardTier,
  defineRewardTier,
  reject,
  rewardStockFold,
  unitsOut,
  type RewardStockState,
  type RewardTier,
  rewardTiersFold,
  type RewardTiersState,
  tierOf,
} from '#domain';
import { handleCommand, LEDGER_STORE, loadState, type LedgerStore } from '#ledger';

export interface TierCommandContext {
  campaignId: string;
  committeeId: string;
  currency: string;
  actor: string;
  correlationId: string;
  /** The staff request's W3C traceparent, when it sent one. */
  traceId?: string;
}

/** Staff's use cases on a campaign's tiers: read the tiers stream, decide, append with the revision read. */
@Injectable()
export class RewardTiersService {
  constructor(@Inject(LEDGER_STORE) private readonly ledger: LedgerStore) {}

  async tiers(campaignId: string): Promise<RewardTiersState> {
    return (await loadState(this.ledger, rewardTiersStreamId(campaignId), rewardTiersFold)).state;
  }

  async tier(campaignId: string, tierId: string): Promise<{ tier: RewardTier; stock: RewardStockState }> {
    const tier = tierOf(await this.tiers(campaignId), tierId);
    if (!tier) return reject('reward_tier_not_found', `campaign ${campaignId} has no tier ${tierId}`);
    const stock = await loadState(this.ledger, rewardStockStreamId(campaignId, tierId), rewardStockFold);
    return { tier, stock: stock.state };
  }

  /** The event id derives from campaign and tier, so two racing definitions of one tier record it once. */
  async define(ctx: TierCommandContext, tierId: string, terms: RewardTierTerms): Promise<RewardTier> {
    const streamId = rewardTiersStreamId(ctx.campaignId);
    const { after } = await handleCommand(this.ledger, streamId, rewardTiersFold, (tiers) =>
      defineRewardTier(
        {
          type: 'DefineRewardTier',
          eventId: deterministicId('reward-tier-defined', ctx.campaignId, tierId),
          metadata: this.metadata(ctx),
          data: { tierId, campaignId: ctx.campaignId, committeeId: ctx.committeeId, currency: ctx.currency, terms, definedBy: ctx.actor },
        },
        tiers,
      ),
    );
    return tierOf(after, tierId) as RewardTier;
  }

  /** Concurrent changes are applied one after the other: a stale one re-reads and decides again. */
  async change(ctx: TierCommandContext, tierId: string, terms: RewardTierTerms): Promise<RewardTier> {
    const streamId = rewardTiersStreamId(ctx.campaignId);
    const stock = await loadState(this.ledger, rewardStockStreamId(ctx.campaignId, tierId), rewardStockFold);
    const { after } = await handleCommand(this.ledger, streamId, rewardTiersFold, (tiers) =>
      changeRewardTier(
        { type: 'ChangeRewardTier', eventId: randomUUID(), metadata: this.metadata(ctx), data: { tierId, campaignId: ctx.campaignId, terms, changedBy: ctx.actor }, unitsOut: unitsOut(stock.state) },
        tiers,
      ),
    );
    return tierOf(after, tierId) as RewardTier;
  }

  private metadata(ctx: TierCommandContext): EventMetadata {
    return {
      occurredAt: new Date().toISOString(),
      correlationId: ctx.correlationId,
      causationId: ctx.correlationId,
      committeeId: ctx.committeeId,
      actor: ctx.actor,
      ...(ctx.traceId ? { traceId: ctx.traceId } : {}),
    };
  }
}
