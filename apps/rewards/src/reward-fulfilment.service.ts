import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { deterministicId, rewardStockStreamId, type FulfilmentStatus } from '#contracts';
import { recordFulfilment, reject, rewardStockFold } from '#domain';
import { handleCommand, LEDGER_STORE, type LedgerStore } from '#ledger';
import { READ_MODELS } from '#platform';
import { RewardGrantRow } from '#read-models';

export interface FulfilmentRequest {
  grantId: string;
  status: FulfilmentStatus;
  note: string | null;
  actor: string;
  correlationId: string;
  /** The staff request's W3C traceparent, when it sent one. */
  traceId?: string;
}

/**
 * Staff record a step of handing a grant over. The reward_grants read model says which stock
 * stream holds the grant; the decision is made on that stream, appended at the revision read,
 * so a refund's revocation racing the fulfilment is decided strictly before or after it.
 */
@Injectable()
export class RewardFulfilmentService {
  constructor(
    @Inject(LEDGER_STORE) private readonly ledger: LedgerStore,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
  ) {}

  async grant(grantId: string): Promise<RewardGrantRow> {
    const row = await this.readModels.getRepository(RewardGrantRow).findOneBy({ grantId });
    return row ?? reject('reward_grant_not_found', `no reward grant ${grantId}`);
  }

  async record(row: RewardGrantRow, request: FulfilmentRequest): Promise<{ recorded: boolean }> {
    const streamId = rewardStockStreamId(row.campaignId, row.tierId);
    const { events } = await handleCommand(this.ledger, streamId, rewardStockFold, (stock) => {
      const at = new Date().toISOString();
      return recordFulfilment(
        {
          type: 'RecordFulfilment',
          // One step of one grant is recorded once, however often staff retry it.
          eventId: deterministicId('reward-fulfilment', row.grantId, request.status),
          metadata: { occurredAt: at, correlationId: request.correlationId, causationId: request.correlationId, committeeId: row.committeeId, actor: request.actor, ...(request.traceId ? { traceId: request.traceId } : {}) },
          campaignId: row.campaignId,
          tierId: row.tierId,
          grantId: row.grantId,
          status: request.status,
          note: request.note,
          recordedBy: request.actor,
          at,
        },
        stock,
      );
    });
    return { recorded: events.length > 0 };
  }
}
