import type { EntityManager } from 'typeorm';
import {
  parseMinor,
  type ChargebackReceivedV1,
  type DonationAcceptedV1,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type RecordedEvent,
} from '#contracts';
import type { StoredProjection } from '../projection.js';
import { recordDonationMoney, settleRowReversals } from './campaign-donation-money.js';
import { acceptanceChange, isNoChange, type TotalsChange } from './campaign-totals.evolve.js';
import { CampaignDonorRow, CampaignTotalsRow } from './campaign-totals.entity.js';

/**
 * Campaign totals as stored: the figures of `evolveCampaignTotals` (campaign-totals.evolve.ts),
 * each event's change worked out by the pure `acceptanceChange` and `settleReversals` and
 * written as increments of the campaign's row. A refund of money compliance never accepted
 * takes nothing off: the same counted-amount rule as the donor's aggregate.
 */
export const campaignTotalsProjection: StoredProjection = {
  name: 'campaign-totals',
  canHandle: ['DonationReceived', 'DonationAccepted', 'DonationRefunded', 'ChargebackReceived'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case 'DonationReceived': {
        const payload = event.payload as DonationReceivedV4;
        await recordDonationMoney(manager, payload.donationId, payload.campaignId, 'received_minor', parseMinor(payload.amountMinor));
        return;
      }
      case 'DonationAccepted': {
        const payload = event.payload as DonationAcceptedV1;
        await accepted(manager, payload);
        return settle(manager, payload, 'accepted_minor', parseMinor(payload.acceptedAmountMinor));
      }
      case 'DonationRefunded':
      case 'ChargebackReceived': {
        const payload = event.payload as DonationRefundedV1 | ChargebackReceivedV1;
        const column = event.type === 'DonationRefunded' ? 'refunded_minor' : 'charged_back_minor';
        return settle(manager, payload, column, parseMinor(payload.amountMinor));
      }
    }
  },
};

/** Schema-qualified table of an entity in the projection's own schema. */
const tableOf = (manager: EntityManager, entity: typeof CampaignTotalsRow | typeof CampaignDonorRow): string =>
  manager.connection.getMetadata(entity).tablePath;

/*
 * One campaign's totals row is shared by every partition, and partitions are applied
 * concurrently (one Kafka partition per consumer slot): each change of `evolveCampaignTotals`
 * is stored as a single atomic increment of the row, never a read-modify-write that two
 * transactions could interleave and lose. Totals are sums, so the increments give the evolve's figures.
 */
const INCREMENTS = `raised_minor = t.raised_minor + $2, refunded_minor = t.refunded_minor + $3, charged_back_minor = t.charged_back_minor + $4,
  donation_count = t.donation_count + $5, unique_donors = t.unique_donors + $6`;
const changeParams = (campaignId: string, change: TotalsChange): unknown[] => [
  campaignId,
  change.raisedMinor.toString(),
  change.refundedMinor.toString(),
  change.chargedBackMinor.toString(),
  change.donationCount,
  change.uniqueDonors,
];

/** The donation's acceptance: the donor's first gift to the campaign or not, then the acceptance's change, creating the row. */
async function accepted(manager: EntityManager, payload: DonationAcceptedV1): Promise<void> {
  const amount = parseMinor(payload.acceptedAmountMinor);
  const [donor] = (await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignDonorRow)} AS d (campaign_id, donor_id, accepted_minor, accepted_count)
     VALUES ($1, $2, $3, 1)
     ON CONFLICT (campaign_id, donor_id) DO UPDATE
       SET accepted_minor = d.accepted_minor + EXCLUDED.accepted_minor, accepted_count = d.accepted_count + 1
     RETURNING (xmax = 0) AS first_gift`,
    [payload.campaignId, payload.donorId, amount.toString()],
  )) as { first_gift: boolean }[];
  await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignTotalsRow)} AS t
       (campaign_id, raised_minor, refunded_minor, charged_back_minor, donation_count, unique_donors, committee_id, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (campaign_id) DO UPDATE SET ${INCREMENTS}`,
    [...changeParams(payload.campaignId, acceptanceChange(amount, donor.first_gift)), payload.committeeId, payload.currency],
  );
}

/**
 * Adds the event's money to the donation's row, then applies to the campaign totals whatever
 * more of the accepted money now stands reversed. Both in the projection's transaction,
 * under the donation row's lock.
 */
async function settle(
  manager: EntityManager,
  payload: { donationId: string; campaignId: string },
  column: 'accepted_minor' | 'refunded_minor' | 'charged_back_minor',
  amountMinor: bigint,
): Promise<void> {
  const row = await recordDonationMoney(manager, payload.donationId, payload.campaignId, column, amountMinor);
  const change = await settleRowReversals(manager, row);
  if (isNoChange(change)) return;
  // Only accepted money is reversed, and its acceptance created the totals row.
  await manager.query(`UPDATE ${tableOf(manager, CampaignTotalsRow)} AS t SET ${INCREMENTS} WHERE campaign_id = $1`, changeParams(payload.campaignId, change));
}
