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
import { recordDonationMoney, settleReversals } from './campaign-donation-money.js';
import { CampaignDonorRow, CampaignTotalsRow } from './campaign-totals.entity.js';

/**
 * Campaign totals: money accepted (raised), the part of it refunds and chargebacks took
 * back, the count of accepted donations and of distinct donors. Net is derived when read.
 * A refund of money compliance never accepted (a rejected donation, the excess of a partly
 * accepted one) takes nothing off: the same counted-amount rule as the donor's aggregate.
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

/**
 * One campaign's totals row is shared by every partition, and partitions are applied
 * concurrently (one Kafka partition per consumer slot): each change is a single atomic
 * upsert, never a read-modify-write that two transactions could interleave and lose.
 */
async function accepted(manager: EntityManager, payload: DonationAcceptedV1): Promise<void> {
  const amount = parseMinor(payload.acceptedAmountMinor).toString();
  const [donor] = (await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignDonorRow)} AS d (campaign_id, donor_id, accepted_minor, accepted_count)
     VALUES ($1, $2, $3, 1)
     ON CONFLICT (campaign_id, donor_id) DO UPDATE
       SET accepted_minor = d.accepted_minor + EXCLUDED.accepted_minor, accepted_count = d.accepted_count + 1
     RETURNING (xmax = 0) AS first_gift`,
    [payload.campaignId, payload.donorId, amount],
  )) as { first_gift: boolean }[];
  await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignTotalsRow)} AS t
       (campaign_id, committee_id, currency, raised_minor, refunded_minor, charged_back_minor, donation_count, unique_donors)
     VALUES ($1, $2, $3, $4, 0, 0, 1, $5)
     ON CONFLICT (campaign_id) DO UPDATE
       SET raised_minor = t.raised_minor + EXCLUDED.raised_minor,
           donation_count = t.donation_count + 1,
           unique_donors = t.unique_donors + EXCLUDED.unique_donors`,
    [payload.campaignId, payload.committeeId, payload.currency, amount, donor.first_gift ? 1 : 0],
  );
}

/**
 * Adds the event's money to the donation's row, then takes off the campaign totals whatever
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
  const { refundMinor, chargebackMinor } = await settleReversals(manager, row);
  if (refundMinor === 0n && chargebackMinor === 0n) return;
  await manager.query(
    `UPDATE ${tableOf(manager, CampaignTotalsRow)}
     SET refunded_minor = refunded_minor + $2, charged_back_minor = charged_back_minor + $3 WHERE campaign_id = $1`,
    [payload.campaignId, refundMinor.toString(), chargebackMinor.toString()],
  );
}
