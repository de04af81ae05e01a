import type { EntityManager } from 'typeorm';
import { countedAmounts } from '#domain';
import { CampaignDonationRow } from './campaign-donation.entity.js';

interface MoneyRow {
  donation_id: string;
  received_minor: string | null;
  accepted_minor: string;
  refunded_minor: string;
  charged_back_minor: string;
  reversed_by_refund_minor: string;
  reversed_by_chargeback_minor: string;
}

const big = (value: string | number | null): bigint => BigInt(String(value ?? 0));

/**
 * Records one amount of a donation: the received and accepted amounts are set, refunds and
 * chargebacks add up. One atomic upsert that returns the row and holds its lock.
 */
export async function recordDonationMoney(
  manager: EntityManager,
  donationId: string,
  campaignId: string,
  column: 'received_minor' | 'accepted_minor' | 'refunded_minor' | 'charged_back_minor',
  amountMinor: bigint,
): Promise<MoneyRow> {
  const table = manager.connection.getMetadata(CampaignDonationRow).tablePath;
  const adds = column === 'refunded_minor' || column === 'charged_back_minor';
  const [row] = (await manager.query(
    `INSERT INTO ${table} AS d (donation_id, campaign_id, ${column}) VALUES ($1, $2, $3)
     ON CONFLICT (donation_id) DO UPDATE SET ${column} = ${adds ? `d.${column} + EXCLUDED.${column}` : `EXCLUDED.${column}`}
     RETURNING donation_id, received_minor, accepted_minor, refunded_minor, charged_back_minor, reversed_by_refund_minor, reversed_by_chargeback_minor`,
    [donationId, campaignId, amountMinor.toString()],
  )) as MoneyRow[];
  return row;
}

/**
 * Brings the row's reversed amounts up to what the counted-amount rule says now and answers
 * by how much each grew: what the campaign totals must take off.
 */
export async function settleReversals(manager: EntityManager, row: MoneyRow): Promise<{ refundMinor: bigint; chargebackMinor: bigint }> {
  const accepted = big(row.accepted_minor);
  const split = countedAmounts({
    // A donation received before reporting kept received amounts counts as accepted in full.
    receivedMinor: row.received_minor === null ? accepted : big(row.received_minor),
    acceptedMinor: accepted,
    refundedMinor: big(row.refunded_minor),
    chargedBackMinor: big(row.charged_back_minor),
  });
  const refundMinor = split.reversedByRefundMinor - big(row.reversed_by_refund_minor);
  const chargebackMinor = split.reversedByChargebackMinor - big(row.reversed_by_chargeback_minor);
  if (refundMinor !== 0n || chargebackMinor !== 0n) {
    await manager.query(
      `UPDATE ${manager.connection.getMetadata(CampaignDonationRow).tablePath}
       SET reversed_by_refund_minor = $2, reversed_by_chargeback_minor = $3 WHERE donation_id = $1`,
      [row.donation_id, split.reversedByRefundMinor.toString(), split.reversedByChargebackMinor.toString()],
    );
  }
  return { refundMinor, chargebackMinor };
}
