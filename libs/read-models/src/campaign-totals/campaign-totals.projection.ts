import type { EntityManager } from 'typeorm';
import {
  parseMinor,
  type ChargebackReceivedV1,
  type DonationAcceptedV1,
  type DonationReceivedV4,
  type DonationRefundedV1,
  type RecordedEvent,
} from '#contracts';
import type { SharedRowsWrite, StoredProjection } from '../projection.js';
import { recordDonationMoney, recordDonationMoneyMany, settleRowReversals } from './campaign-donation-money.js';
import { acceptanceChange, evolveCampaignTotals, isNoChange, type TotalsChange } from './campaign-totals.evolve.js';
import { CampaignDonorRow, CampaignTotalsRow } from './campaign-totals.entity.js';

/**
 * Campaign totals as stored: the figures of `evolveCampaignTotals` (campaign-totals.evolve.ts),
 * each event's change worked out by the pure `acceptanceChange` and `settleReversals` and
 * written as increments of the campaign's row. A refund of money compliance never accepted
 * takes nothing off: the same counted-amount rule as the donor's aggregate.
 *
 * A campaign's row is shared by every partition, whose batches are applied concurrently: the
 * batch's changes are gathered per campaign and handed to the runner as a shared-rows write,
 * made last in the transaction, so the row's lock is held from one statement to the commit
 * rather than through every other projection's work (measured on the distributed bench with
 * six partitions: the row's upsert waited 266 ms a call for the lock when it came first).
 */
export const campaignTotalsProjection: StoredProjection = {
  name: 'campaign-totals',
  canHandle: ['DonationReceived', 'DonationAccepted', 'DonationRefunded', 'ChargebackReceived'],
  async apply(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const shared = await campaignTotalsProjection.applyBatch?.(manager, [event]);
    if (shared) await shared(manager);
  },
  /**
   * Runs of receipts and acceptances (a surge is nothing else) in a few statements whatever
   * their length; a refund or a chargeback is applied on its own, in its place. Answers the
   * write of the campaigns' rows, one statement for every campaign the batch changed.
   */
  async applyBatch(manager: EntityManager, events: readonly RecordedEvent[]): Promise<SharedRowsWrite | undefined> {
    const totals = new TotalsChanges();
    let run: RecordedEvent[] = [];
    for (const event of events) {
      if (event.type === 'DonationReceived' || event.type === 'DonationAccepted') {
        run.push(event);
        continue;
      }
      await moneyIn(manager, run, totals);
      run = [];
      const payload = event.payload as DonationRefundedV1 | ChargebackReceivedV1;
      const column = event.type === 'DonationRefunded' ? 'refunded_minor' : 'charged_back_minor';
      await settle(manager, payload, column, parseMinor(payload.amountMinor), totals);
    }
    await moneyIn(manager, run, totals);
    return totals.isEmpty() ? undefined : (shared) => totals.write(shared);
  },
};

/** A campaign's change as a batch gathered it; the committee and currency of an acceptance create the row. */
interface CampaignChange {
  change: TotalsChange;
  owner: { committeeId: string; currency: string } | null;
}

/**
 * The batch's changes of campaign rows, summed per campaign (totals are sums, so one increment
 * gives what the changes one by one would), and written in campaign order, so two batches
 * lock shared rows in the same order and cannot deadlock on them.
 */
class TotalsChanges {
  private readonly byCampaign = new Map<string, CampaignChange>();

  add(campaignId: string, change: TotalsChange, owner: CampaignChange['owner']): void {
    if (isNoChange(change)) return;
    const entry = this.byCampaign.get(campaignId);
    if (!entry) this.byCampaign.set(campaignId, { change, owner });
    else {
      entry.change = evolveCampaignTotals(entry.change, change);
      entry.owner ??= owner;
    }
  }

  isEmpty(): boolean {
    return this.byCampaign.size === 0;
  }

  /**
   * One atomic increment per row, never a read-modify-write two transactions could interleave
   * and lose. A campaign an acceptance changed is upserted (its first acceptance creates the
   * row); one only reversals changed is updated, as its acceptance created the row before.
   */
  async write(manager: EntityManager): Promise<void> {
    const campaigns = [...this.byCampaign.keys()].sort();
    const table = tableOf(manager, CampaignTotalsRow);
    const created = campaigns.filter((id) => this.byCampaign.get(id)?.owner);
    const updated = campaigns.filter((id) => !this.byCampaign.get(id)?.owner);
    const figures = (ids: string[]) => {
      const entries = ids.map((id) => this.byCampaign.get(id) as CampaignChange);
      return [
        ids,
        entries.map((e) => e.change.raisedMinor.toString()),
        entries.map((e) => e.change.refundedMinor.toString()),
        entries.map((e) => e.change.chargedBackMinor.toString()),
        entries.map((e) => e.change.donationCount),
        entries.map((e) => e.change.uniqueDonors),
      ];
    };
    if (created.length > 0) {
      const owners = created.map((id) => this.byCampaign.get(id)?.owner as { committeeId: string; currency: string });
      await manager.query(
        `INSERT INTO ${table} AS t
           (campaign_id, raised_minor, refunded_minor, charged_back_minor, donation_count, unique_donors, committee_id, currency)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::text[], $8::text[])
         ON CONFLICT (campaign_id) DO UPDATE SET ${increments('EXCLUDED')}`,
        [...figures(created), owners.map((o) => o.committeeId), owners.map((o) => o.currency)],
      );
    }
    if (updated.length > 0) {
      await manager.query(
        `UPDATE ${table} AS t SET ${increments('v')}
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::int[])
           AS v(campaign_id, raised_minor, refunded_minor, charged_back_minor, donation_count, unique_donors)
         WHERE t.campaign_id = v.campaign_id`,
        figures(updated),
      );
    }
  }
}

/** The row `t` incremented by the figures of `by` (EXCLUDED in an upsert). */
const increments = (by: string): string => `raised_minor = t.raised_minor + ${by}.raised_minor, refunded_minor = t.refunded_minor + ${by}.refunded_minor,
  charged_back_minor = t.charged_back_minor + ${by}.charged_back_minor,
  donation_count = t.donation_count + ${by}.donation_count, unique_donors = t.unique_donors + ${by}.unique_donors`;

/**
 * A run of receipts and acceptances as `apply` would leave it, in four statements at most: the
 * received amounts, the accepted amounts (and any reversal a refund that overtook the decision
 * now settles), and the donors' rows; the campaigns' changes go to `totals`. Falls back to one
 * event at a time when a donation appears twice in the run.
 */
async function moneyIn(manager: EntityManager, run: readonly RecordedEvent[], totals: TotalsChanges): Promise<void> {
  if (run.length === 0) return;
  const received = run.filter((e) => e.type === 'DonationReceived').map((e) => e.payload as DonationReceivedV4);
  const acceptances = run.filter((e) => e.type === 'DonationAccepted').map((e) => e.payload as DonationAcceptedV1);
  const once = (ids: string[]): boolean => new Set(ids).size === ids.length;
  if (run.length > 1 && (!once(received.map((p) => p.donationId)) || !once(acceptances.map((p) => p.donationId)))) {
    for (const event of run) await moneyIn(manager, [event], totals);
    return;
  }
  await recordDonationMoneyMany(
    manager,
    'received_minor',
    received.map((p) => ({ donationId: p.donationId, campaignId: p.campaignId, amountMinor: parseMinor(p.amountMinor) })),
  );
  if (acceptances.length === 0) return;
  const owner = (p: DonationAcceptedV1) => ({ committeeId: p.committeeId, currency: p.currency });
  const firstGifts = await countDonors(manager, acceptances);
  for (const payload of acceptances) {
    totals.add(payload.campaignId, acceptanceChange(parseMinor(payload.acceptedAmountMinor), firstGifts.delete(donorKey(payload))), owner(payload));
  }
  const money = await recordDonationMoneyMany(
    manager,
    'accepted_minor',
    acceptances.map((p) => ({ donationId: p.donationId, campaignId: p.campaignId, amountMinor: parseMinor(p.acceptedAmountMinor) })),
  );
  const byDonation = new Map(acceptances.map((p) => [p.donationId, p]));
  for (const row of money) {
    const payload = byDonation.get(row.donation_id) as DonationAcceptedV1;
    totals.add(payload.campaignId, await settleRowReversals(manager, row), owner(payload));
  }
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

/**
 * Adds a refund or chargeback to the donation's row, then gives the campaign whatever more of
 * the accepted money now stands reversed. Under the donation row's lock, in the projection's
 * transaction.
 */
async function settle(
  manager: EntityManager,
  payload: { donationId: string; campaignId: string },
  column: 'refunded_minor' | 'charged_back_minor',
  amountMinor: bigint,
  totals: TotalsChanges,
): Promise<void> {
  const row = await recordDonationMoney(manager, payload.donationId, payload.campaignId, column, amountMinor);
  // Only accepted money is reversed, and its acceptance created the totals row.
  totals.add(payload.campaignId, await settleRowReversals(manager, row), null);
}
