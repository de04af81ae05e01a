import { CURRENT_VERSIONS, type EventMetadata, type FulfilmentStatus, type RewardFulfilmentRecorded, type RewardKind } from '#contracts';
import { reject } from '../shared/rejection.js';
import type { RewardStockState } from './reward-granting.decider.js';

/** The steps each kind of reward can go through: tickets are redeemed at the door, mentions delivered (published). */
export const FULFILMENT_STEPS: Readonly<Record<RewardKind, readonly FulfilmentStatus[]>> = {
  item: ['shipped', 'delivered'],
  ticket: ['shipped', 'delivered', 'redeemed'],
  mention: ['delivered'],
};

const RANK: Readonly<Record<FulfilmentStatus, number>> = { shipped: 1, delivered: 2, redeemed: 3 };

export interface RecordFulfilment {
  type: 'RecordFulfilment';
  eventId: string;
  metadata: EventMetadata;
  campaignId: string;
  tierId: string;
  grantId: string;
  status: FulfilmentStatus;
  note: string | null;
  recordedBy: string;
  at: string;
}

/**
 * Staff record how far a grant has been handed over. Refused in this order: a grant the tier
 * does not hold, a revoked grant, a step the reward kind does not have, a step behind one
 * already recorded. The step already recorded again records nothing (a retried request).
 * Steps may be skipped (a ticket handed over at the door is redeemed without being shipped).
 */
export function recordFulfilment(command: RecordFulfilment, state: RewardStockState): RewardFulfilmentRecorded[] {
  const grant = state.grants.find((candidate) => candidate.grantId === command.grantId);
  if (!grant) return reject('reward_grant_not_found', `no reward grant ${command.grantId}`);
  if (grant.revoked !== null) reject('reward_grant_revoked', `grant ${command.grantId} was revoked: its donation no longer qualifies`);
  if (!FULFILMENT_STEPS[grant.rewardKind].includes(command.status)) {
    reject('fulfilment_status_not_applicable', `a ${grant.rewardKind} is not ${command.status}; it may be ${FULFILMENT_STEPS[grant.rewardKind].join(' or ')}`);
  }
  if (grant.fulfilment === command.status) return [];
  if (grant.fulfilment !== null && RANK[grant.fulfilment] > RANK[command.status]) {
    reject('fulfilment_out_of_order', `grant ${command.grantId} is ${grant.fulfilment} already`);
  }
  return [
    {
      eventId: command.eventId,
      type: 'RewardFulfilmentRecorded',
      version: CURRENT_VERSIONS.RewardFulfilmentRecorded,
      payload: {
        grantId: grant.grantId,
        campaignId: command.campaignId,
        tierId: command.tierId,
        donorId: grant.donorId,
        status: command.status,
        note: command.note,
        recordedBy: command.recordedBy,
        recordedAt: command.at,
      },
      metadata: { ...command.metadata, donorId: grant.donorId },
    },
  ];
}
