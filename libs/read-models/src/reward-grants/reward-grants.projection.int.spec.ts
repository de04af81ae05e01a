import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '#contracts';
import { DonorWallRow } from '../donor-wall/donor-wall.entity.js';
import { donorWallProjection } from '../donor-wall/donor-wall.projection.js';
import { ProjectionRunner } from '../store/projection-runner.js';
import { openReadModelDataSource } from '../store/read-model-data-source.js';
import { RewardGrantRow, RewardWaitlistRow } from './reward-grant.entity.js';
import { rewardGrantsProjection } from './reward-grants.projection.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const at = '2026-03-01T12:00:00.000Z';

let position = 0;
function recorded(type: string, payload: Record<string, unknown>, version = 1): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(), type, version, streamId: 'reward-stock-spring.mug', revision: position, position, recordedAt: at, hash: 'h', prevHash: 'p', payload,
    metadata: { occurredAt: at, correlationId: 'c', causationId: 'c', committeeId: 'c-smith' },
  } as RecordedEvent;
}

const grant = (donorId: string, grantedCount: number) => ({
  grantId: `grant-${donorId}`, campaignId: 'spring', committeeId: 'c-smith', tierId: 'mug', tierVersion: 1, donorId, donationId: `d-${donorId}`,
  rewardKind: 'item', fairMarketValueMinor: '1200', currency: 'USD', grantedCount, grantedAt: at,
});

describe('the reward_grants and donor_wall read models on a PostgreSQL server', () => {
  const schema = `rgrants_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openReadModelDataSource({ kind: 'postgres', url, poolSize: 4 }, schema);
  });
  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('given grants, a waitlisting, a fulfilment, a revocation and a promotion, when every event is applied twice, then the rows are those of applying each once', async () => {
    const events = [
      recorded('RewardGranted', grant('dn_a', 1)),
      recorded('RewardWaitlisted', { campaignId: 'spring', tierId: 'mug', tierVersion: 1, donorId: 'dn_b', donationId: 'd-dn_b', waitlistPosition: 1, waitlistedAt: at }),
      recorded('RewardFulfilmentRecorded', { grantId: 'grant-dn_a', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', status: 'shipped', note: null, recordedBy: 'k', recordedAt: at }),
      recorded('RewardRevoked', { ...grant('dn_a', 1), reason: 'refund', causationEventId: 'e', stockReturned: false, revokedAt: at }),
      recorded('RewardRevocationFlagged', { grantId: 'grant-dn_a', campaignId: 'spring', tierId: 'mug', donorId: 'dn_a', fulfilmentStatus: 'shipped', reason: 'refund', flaggedAt: at }),
      recorded('RewardGranted', grant('dn_b', 1)),
    ];
    const runner = new ProjectionRunner(dataSource, [rewardGrantsProjection]);
    for (const event of [...events, ...events]) await runner.handle(event, 'hustings.rewards.v1:0');
    // A second runner (a restarted replica) replaying from an older offset changes nothing either.
    for (const event of events) await new ProjectionRunner(dataSource, [rewardGrantsProjection]).handle(event, 'hustings.rewards.v1:0');

    const grants = await dataSource.getRepository(RewardGrantRow).find({ order: { grantedPosition: 'ASC' } });
    expect(grants.map((g) => [g.grantId, g.fulfilment, g.revocationReason, g.stockReturned, g.flaggedForStaff, Number(g.fairMarketValueMinor)])).toEqual([
      ['grant-dn_a', 'shipped', 'refund', false, true, 1200],
      ['grant-dn_b', null, null, null, false, 1200],
    ]);
    expect((await dataSource.getRepository(RewardWaitlistRow).find()).map((w) => [w.donorId, w.waitlistPosition, w.status])).toEqual([['dn_b', 1, 'promoted']]);
  });

  it('given a consenting and a silent donor, when their donations are received, accepted and one refunded, then only the consenting one is kept, and listed until the refund', async () => {
    const receivedOf = (donationId: string, consent: unknown) =>
      recorded('DonationReceived', {
        donationId, campaignId: 'spring', committeeId: 'c-smith', amountMinor: '5000', currency: 'USD',
        donor: { donorId: `dn_${donationId}`, type: 'individual', sealedPii: 'pii1.1.x', attestations: {}, detailsGiven: null },
        payment: { method: 'card', pspReference: null }, electionId: null, receivedAt: at, publicAcknowledgement: consent,
      }, 4);
    const acceptedOf = (donationId: string) =>
      recorded('DonationAccepted', { donationId, campaignId: 'spring', committeeId: 'c-smith', donorId: `dn_${donationId}`, electionId: null, acceptedAmountMinor: '5000', currency: 'USD', aggregateAfterMinor: '5000', ruleIds: [], rulePackVersion: 't', figures: {}, itemized: false }, 2);
    const runner = new ProjectionRunner(dataSource, [donorWallProjection]);
    for (const event of [receivedOf('w1', { sealedDisplayName: 'pii1.1.name', showAmount: true }), receivedOf('w2', null), acceptedOf('w1'), acceptedOf('w2')]) {
      await runner.handle(event, 'hustings.donations.v1:0');
    }
    const rows = await dataSource.getRepository(DonorWallRow).find();
    expect(rows.map((r) => [r.donationId, r.listed, r.amountMinor === null ? null : Number(r.amountMinor)])).toEqual([['w1', true, 5000]]);

    const refund = recorded('DonationRefunded', { donationId: 'w1', campaignId: 'spring', amountMinor: '1', currency: 'USD', reason: 'r', decidedBy: 'psp', pspReference: null });
    await runner.handle(refund, 'hustings.donations.v1:0');
    await runner.handle(refund, 'hustings.donations.v1:0');
    const after = await dataSource.getRepository(DonorWallRow).findOneByOrFail({ donationId: 'w1' });
    expect([after.listed, after.amountMinor, Number(after.refundedMinor)]).toEqual([false, null, 1]);
  });
});
