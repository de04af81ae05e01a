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
import { recordDonationMoney, recordDonationMoneyMany, settleRowReversals } from './campaign-donation-money.js';
import { acceptanceChange, evolveCampaignTotals, isNoChange, type TotalsChange } from './campaign-totals.evolve.js';
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
  /**
   * Runs of receipts and acceptances (a surge is nothing else) in a few statements whatever
   * their length; a refund or a chargeback is applied on its own, in its place.
   */
  async applyBatch(manager: EntityManager, events: readonly RecordedEvent[]): Promise<void> {
    let run: RecordedEvent[] = [];
    for (const event of events) {
      if (event.type === 'DonationReceived' || event.type === 'DonationAccepted') {
        run.push(event);
        continue;
      }
      await moneyIn(manager, run);
      run = [];
      await campaignTotalsProjection.apply(manager, event);
    }
    await moneyIn(manager, run);
  },
};

/**
 * A run of receipts and acceptances as `apply` would leave it, in five statements at most: the
 * received amounts, the accepted amounts (and any reversal a refund that overtook the decision
 * now settles), the donors' rows, and one increment of each campaign's totals row, so a hot
 * campaign's row is written once per batch. Falls back to one event at a time when a
 * donation appears twice in the run.
 */
async function moneyIn(manager: EntityManager, run: readonly RecordedEvent[]): Promise<void> {
  if (run.length === 0) return;
  const received = run.filter((e) => e.type === 'DonationReceived').map((e) => e.payload as DonationReceivedV4);
  const acceptances = run.filter((e) => e.type === 'DonationAccepted').map((e) => e.payload as DonationAcceptedV1);
  const once = (ids: string[]): boolean => new Set(ids).size === ids.length;
  if (!once(received.map((p) => p.donationId)) || !once(acceptances.map((p) => p.donationId))) {
    for (const event of run) await campaignTotalsProjection.apply(manager, event);
    return;
  }
  await recordDonationMoneyMany(
    manager,
    'received_minor',
    received.map((p) => ({ donationId: p.donationId, campaignId: p.campaignId, amountMinor: parseMinor(p.amountMinor) })),
  );
  if (acceptances.length === 0) return;
  const changes = new Map<string, { change: TotalsChange; committeeId: string; currency: string }>();
  const add = (payload: DonationAcceptedV1, change: TotalsChange): void => {
    const entry = changes.get(payload.campaignId);
    if (entry) entry.change = evolveCampaignTotals(entry.change, change);
    else changes.set(payload.campaignId, { change, committeeId: payload.committeeId, currency: payload.currency });
  };
  const firstGifts = await countDonors(manager, acceptances);
  for (const payload of acceptances) {
    const key = donorKey(payload);
    add(payload, acceptanceChange(parseMinor(payload.acceptedAmountMinor), firstGifts.delete(key)));
  }
  const money = await recordDonationMoneyMany(
    manager,
    'accepted_minor',
    acceptances.map((p) => ({ donationId: p.donationId, campaignId: p.campaignId, amountMinor: parseMinor(p.acceptedAmountMinor) })),
  );
  const byDonation = new Map(acceptances.map((p) => [p.donationId, p]));
  for (const row of money) {
    const change = await settleRowReversals(manager, row);
    if (!isNoChange(change)) add(byDonation.get(row.donation_id) as DonationAcceptedV1, change);
  }
  const campaigns = [...changes.keys()].sort();
  const column = <T>(pick: (entry: { change: TotalsChange; committeeId: string; currency: string }) => T): T[] =>
    campaigns.map((id) => pick(changes.get(id) as { change: TotalsChange; committeeId: string; currency: string }));
  await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignTotalsRow)} AS t
       (campaign_id, raised_minor, refunded_minor, charged_back_minor, donation_count, unique_donors, committee_id, currency)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::text[], $8::text[])
     ON CONFLICT (campaign_id) DO UPDATE SET
       raised_minor = t.raised_minor + EXCLUDED.raised_minor, refunded_minor = t.refunded_minor + EXCLUDED.refunded_minor,
       charged_back_minor = t.charged_back_minor + EXCLUDED.charged_back_minor,
       donation_count = t.donation_count + EXCLUDED.donation_count, unique_donors = t.unique_donors + EXCLUDED.unique_donors`,
    [
      campaigns,
      column((e) => e.change.raisedMinor.toString()),
      column((e) => e.change.refundedMinor.toString()),
      column((e) => e.change.chargedBackMinor.toString()),
      column((e) => e.change.donationCount),
      column((e) => e.change.uniqueDonors),
      column((e) => e.committeeId),
      column((e) => e.currency),
    ],
  );
}

const donorKey = (payload: { campaignId: string; donorId: string }): string => JSON.stringify([payload.campaignId, payload.donorId]);

/** Adds the acceptances to their donors' rows in one upsert; answers the donors whose row it created (their first gift). */
async function countDonors(manager: EntityManager, acceptances: readonly DonationAcceptedV1[]): Promise<Set<string>> {
  const sums = new Map<string, { campaignId: string; donorId: string; minor: bigint; count: number }>();
  for (const p of acceptances) {
    const key = donorKey(p);
    const sum = sums.get(key) ?? { campaignId: p.campaignId, donorId: p.donorId, minor: 0n, count: 0 };
    sum.minor += parseMinor(p.acceptedAmountMinor);
    sum.count += 1;
    sums.set(key, sum);
  }
  const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, sum]) => sum);
  const created = (await manager.query(
    `INSERT INTO ${tableOf(manager, CampaignDonorRow)} AS d (campaign_id, donor_id, accepted_minor, accepted_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[])
     ON CONFLICT (campaign_id, donor_id) DO UPDATE
       SET accepted_minor = d.accepted_minor + EXCLUDED.accepted_minor, accepted_count = d.accepted_count + EXCLUDED.accepted_count
     RETURNING campaign_id, donor_id, (xmax = 0) AS first_gift`,
    [rows.map((r) => r.campaignId), rows.map((r) => r.donorId), rows.map((r) => r.minor.toString()), rows.map((r) => r.count)],
  )) as { campaign_id: string; donor_id: string; first_gift: boolean }[];
  return new Set(created.filter((r) => r.first_gift).map((r) => donorKey({ campaignId: r.campaign_id, donorId: r.donor_id })));
}

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
