import { donorAggregateStreamId } from '#contracts';
import { donorAggregateFold, type DonorAggregateState } from '#domain';
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
