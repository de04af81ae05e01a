import { donorAggregateStreamId, type DonationReceivedV4 } from '#contracts';
import { combinedAggregate, donorAggregateFold, type DonorAggregateState } from '#domain';
import { loadStreams, streamLoad, type AggregateCache, type LedgerStore, type Loaded } from '#ledger';

/** More linked identities than this for one person is a mistake to look at, not a group to sum. */
const MAX_LINKED = 50;

export interface LinkedDonor {
  donorId: string;
  state: DonorAggregateState;
  revision: number | null;
}

/**
 * The aggregates of every donor linked to this one, directly or through another link, read a
 * ring at a time (one round trip per ring). Empty for a donor nobody linked, without a read:
 * the cost of linking falls only on the donors an officer linked.
 */
export async function linkedDonorsOf(
  ledger: LedgerStore,
  committeeId: string,
  donorId: string,
  own: DonorAggregateState,
  cache?: AggregateCache<DonorAggregateState>,
): Promise<LinkedDonor[]> {
  const seen = new Set([donorId]);
  const found: LinkedDonor[] = [];
  let ring = [...own.linkedDonorIds].filter((id) => !seen.has(id));
  while (ring.length > 0 && seen.size < MAX_LINKED) {
    ring.forEach((id) => seen.add(id));
    const loaded = (await loadStreams(ledger, ring.map((id) => streamLoad(donorAggregateStreamId(committeeId, id), donorAggregateFold, cache)))) as readonly Loaded<DonorAggregateState>[];
    const next = new Set<string>();
    loaded.forEach((l, i) => {
      found.push({ donorId: ring[i], state: l.state, revision: l.revision });
      for (const id of l.state.linkedDonorIds) if (!seen.has(id)) next.add(id);
    });
    ring = [...next];
  }
  return found;
}

/** A partner or member a gift is attributed to: their own aggregate (guarded by its revision) and what they count for with their linked donors. */
export interface PartnerAggregate {
  donorId: string;
  streamId: string;
  revision: number | null;
  /** Their own aggregate with the donors linked to them: what their share is judged against. */
  together: DonorAggregateState;
}

/**
 * The aggregates of the partners or members a partnership's or LLC's gift is attributed to
 * (11 CFR 110.1(e), (g)), in one read, each with the donors an officer linked to it: a partner
 * who gave in their own name, or under another spelling linked to it, is counted with it.
 * None for every other gift, without a read.
 */
export async function partnerAggregatesOf(ledger: LedgerStore, donation: DonationReceivedV4, cache?: AggregateCache<DonorAggregateState>): Promise<PartnerAggregate[]> {
  const shares = donation.donor.attribution?.shares ?? [];
  if (shares.length === 0) return [];
  const streamIds = shares.map((s) => donorAggregateStreamId(donation.committeeId, s.donorId));
  const loaded = (await loadStreams(ledger, streamIds.map((id) => streamLoad(id, donorAggregateFold, cache)))) as readonly Loaded<DonorAggregateState>[];
  return Promise.all(
    shares.map(async (share, i) => {
      const linked = await linkedDonorsOf(ledger, donation.committeeId, share.donorId, loaded[i].state, cache);
      return { donorId: share.donorId, streamId: streamIds[i], revision: loaded[i].revision, together: combinedAggregate(loaded[i].state, linked.map((l) => l.state)) };
    }),
  );
}
