import type { EntityManager } from 'typeorm';
import type {
  RecordedEvent,
  RewardFulfilmentRecordedV1,
  RewardGrantedV1,
  RewardRevocationFlaggedV1,
  RewardRevokedV1,
  RewardWaitlistedV1,
  RewardWaitlistLeftV1,
} from '#contracts';
import type { StoredProjection } from '../projection.js';
import { RewardGrantRow, RewardWaitlistRow } from './reward-grant.entity.js';

/*
 * Every change is a write of the whole outcome keyed by the grant or the place in line, so
 * applying an event twice (a replay past the checkpoint) leaves the same rows.
 */

async function granted(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const grant = event.payload as RewardGrantedV1;
  const existing = await manager.getRepository(RewardGrantRow).findOneBy({ grantId: grant.grantId });
  if (!existing) {
    await manager.getRepository(RewardGrantRow).insert({
      grantId: grant.grantId,
      campaignId: grant.campaignId,
      committeeId: grant.committeeId,
      tierId: grant.tierId,
      tierVersion: grant.tierVersion,
      donorId: grant.donorId,
      donationId: grant.donationId,
      rewardKind: grant.rewardKind,
      fairMarketValueMinor: grant.fairMarketValueMinor,
      currency: grant.currency,
      grantedPosition: String(event.position),
      grantedAt: new Date(grant.grantedAt),
      fulfilment: null,
      fulfilledAt: null,
      revokedAt: null,
      revocationReason: null,
      stockReturned: null,
      flaggedForStaff: false,
    });
  }
  // A grant to a donor in line is their promotion.
  await manager
    .getRepository(RewardWaitlistRow)
    .update({ campaignId: grant.campaignId, tierId: grant.tierId, donorId: grant.donorId, status: 'waiting' }, { status: 'promoted', closedAt: new Date(grant.grantedAt) });
}

async function waitlisted(manager: EntityManager, event: RecordedEvent): Promise<void> {
  const entry = event.payload as RewardWaitlistedV1;
  await manager
    .createQueryBuilder()
    .insert()
    .into(RewardWaitlistRow)
    .values({
      campaignId: entry.campaignId,
      tierId: entry.tierId,
      waitlistPosition: entry.waitlistPosition,
      donorId: entry.donorId,
      donationId: entry.donationId,
      status: 'waiting',
      waitlistedAt: new Date(entry.waitlistedAt),
      closedAt: null,
    })
    .orIgnore()
    .execute();
}

export const rewardGrantsProjection: StoredProjection = {
  name: 'reward-grants',
  canHandle: ['RewardGranted', 'RewardWaitlisted', 'RewardWaitlistLeft', 'RewardRevoked', 'RewardRevocationFlagged', 'RewardFulfilmentRecorded'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const grants = manager.getRepository(RewardGrantRow);
    switch (event.type) {
      case 'RewardGranted':
        return granted(manager, event);
      case 'RewardWaitlisted':
        return waitlisted(manager, event);
      case 'RewardWaitlistLeft': {
        const left = event.payload as RewardWaitlistLeftV1;
        await manager
          .getRepository(RewardWaitlistRow)
          .update({ campaignId: left.campaignId, tierId: left.tierId, donorId: left.donorId, status: 'waiting' }, { status: 'left', closedAt: new Date(left.leftAt) });
        return;
      }
      case 'RewardRevoked': {
        const revoked = event.payload as RewardRevokedV1;
        await grants.update({ grantId: revoked.grantId }, { revokedAt: new Date(revoked.revokedAt), revocationReason: revoked.reason, stockReturned: revoked.stockReturned });
        return;
      }
      case 'RewardRevocationFlagged':
        await grants.update({ grantId: (event.payload as RewardRevocationFlaggedV1).grantId }, { flaggedForStaff: true });
        return;
      case 'RewardFulfilmentRecorded': {
        const recorded = event.payload as RewardFulfilmentRecordedV1;
        await grants.update({ grantId: recorded.grantId }, { fulfilment: recorded.status, fulfilledAt: new Date(recorded.recordedAt) });
        return;
      }
      default:
        return;
    }
  },
};
