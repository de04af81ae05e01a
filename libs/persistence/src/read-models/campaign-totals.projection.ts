import type { EntityManager } from 'typeorm';
import { parseMinor, type DonationAcceptedV1, type DonationRefundedV1, type ChargebackReceivedV1, type RecordedEvent } from '#contracts';
import type { Projection } from '../typeorm/projection-runner.js';
import { CampaignDonorRow, CampaignTotalsRow } from './entities.js';

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

async function reversed(
  manager: EntityManager,
  type: 'DonationRefunded' | 'ChargebackReceived',
  payload: DonationRefundedV1 | ChargebackReceivedV1,
): Promise<void> {
  const column = type === 'DonationRefunded' ? 'refunded_minor' : 'charged_back_minor';
  await manager.query(`UPDATE ${tableOf(manager, CampaignTotalsRow)} SET ${column} = ${column} + $2 WHERE campaign_id = $1`, [
    payload.campaignId,
    parseMinor(payload.amountMinor).toString(),
  ]);
}
