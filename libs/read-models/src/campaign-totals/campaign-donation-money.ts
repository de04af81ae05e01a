import type { EntityManager } from 'typeorm';
import { CampaignDonationRow } from './campaign-donation.entity.js';
import { isNoChange, settleReversals, type TotalsChange } from './campaign-totals.evolve.js';

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
 * `recordDonationMoney` for many donations at once, for the amounts that are set (received,
 * accepted): one upsert, rows locked in donation order. Each donation at most once.
 */
export async function recordDonationMoneyMany(
  manager: EntityManager,
  column: 'received_minor' | 'accepted_minor',
  amounts: readonly { donationId: string; campaignId: string; amountMinor: bigint }[],
): Promise<MoneyRow[]> {
  if (amounts.length === 0) return [];
  const table = manager.connection.getMetadata(CampaignDonationRow).tablePath;
  const sorted = [...amounts].sort((a, b) => (a.donationId < b.donationId ? -1 : a.donationId > b.donationId ? 1 : 0));
  return (await manager.query(
    `INSERT INTO ${table} AS d (donation_id, campaign_id, ${column})
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (donation_id) DO UPDATE SET ${column} = EXCLUDED.${column}
     RETURNING donation_id, received_minor, accepted_minor, refunded_minor, charged_back_minor, reversed_by_refund_minor, reversed_by_chargeback_minor`,
    [sorted.map((a) => a.donationId), sorted.map((a) => a.campaignId), sorted.map((a) => a.amountMinor.toString())],
  )) as MoneyRow[];
}

/**
 * Settles the row's reversals through the pure `settleReversals` and stores what it brought
 * them up to; answers the change the campaign totals take.
 */
export async function settleRowReversals(manager: EntityManager, row: MoneyRow): Promise<TotalsChange> {
  const { money, change } = settleReversals({
    receivedMinor: row.received_minor === null ? null : big(row.received_minor),
    acceptedMinor: big(row.accepted_minor),
    refundedMinor: big(row.refunded_minor),
    chargedBackMinor: big(row.charged_back_minor),
    reversedByRefundMinor: big(row.reversed_by_refund_minor),
    reversedByChargebackMinor: big(row.reversed_by_chargeback_minor),
  });
  if (!isNoChange(change)) {
    await manager.query(
      `UPDATE ${manager.connection.getMetadata(CampaignDonationRow).tablePath}
       SET reversed_by_refund_minor = $2, reversed_by_chargeback_minor = $3 WHERE donation_id = $1`,
      [row.donation_id, money.reversedByRefundMinor.toString(), money.reversedByChargebackMinor.toString()],
    );
  }
  return change;
}
