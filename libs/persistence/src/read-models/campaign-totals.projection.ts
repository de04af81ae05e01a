import type { EntityManager } from 'typeorm';
import { parseMinor, type DonationAcceptedV1, type DonationRefundedV1, type ChargebackReceivedV1, type RecordedEvent } from '#contracts';
import type { Projection } from '../typeorm/projection-runner.js';
import { CampaignDonorRow, CampaignTotalsRow } from './entities.js';

const add = (a: string, b: bigint): string => (parseMinor(String(a)) + b).toString();

/**
 * Campaign totals: money accepted (raised), refunded and charged back, the count of accepted
 * donations and of distinct donors. Net is derived when read.
 */
export const campaignTotalsProjection: Projection = {
  name: 'campaign-totals',
  eventTypes: ['DonationAccepted', 'DonationRefunded', 'ChargebackReceived'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'DonationAccepted':
        return accepted(manager, event.payload as DonationAcceptedV1);
      case 'DonationRefunded':
      case 'ChargebackReceived':
        return reversed(manager, event.type, event.payload as DonationRefundedV1 | ChargebackReceivedV1);
    }
  },
};

async function totalsRow(manager: EntityManager, campaignId: string, committeeId: string, currency: string): Promise<CampaignTotalsRow> {
  const repo = manager.getRepository(CampaignTotalsRow);
  return (
    (await repo.findOneBy({ campaignId })) ??
    repo.create({
      campaignId,
      committeeId,
      currency,
      raisedMinor: '0',
      refundedMinor: '0',
      chargedBackMinor: '0',
      donationCount: 0,
      uniqueDonors: 0,
    })
  );
}

async function accepted(manager: EntityManager, payload: DonationAcceptedV1): Promise<void> {
  const amount = parseMinor(payload.acceptedAmountMinor);
  const totals = await totalsRow(manager, payload.campaignId, payload.committeeId, payload.currency);
  const donors = manager.getRepository(CampaignDonorRow);
  const donor = await donors.findOneBy({ campaignId: payload.campaignId, donorId: payload.donorId });
  if (!donor) totals.uniqueDonors += 1;
  await donors.save({
    campaignId: payload.campaignId,
    donorId: payload.donorId,
    acceptedMinor: add(donor?.acceptedMinor ?? '0', amount),
    acceptedCount: (donor?.acceptedCount ?? 0) + 1,
  });
  totals.raisedMinor = add(totals.raisedMinor, amount);
  totals.donationCount += 1;
  await manager.getRepository(CampaignTotalsRow).save(totals);
}

async function reversed(
  manager: EntityManager,
  type: 'DonationRefunded' | 'ChargebackReceived',
  payload: DonationRefundedV1 | ChargebackReceivedV1,
): Promise<void> {
  const repo = manager.getRepository(CampaignTotalsRow);
  const totals = await repo.findOneBy({ campaignId: payload.campaignId });
  if (!totals) return;
  const amount = parseMinor(payload.amountMinor);
  if (type === 'DonationRefunded') totals.refundedMinor = add(totals.refundedMinor, amount);
  else totals.chargedBackMinor = add(totals.chargedBackMinor, amount);
  await repo.save(totals);
}
