import {
  deterministicId,
  donationStreamId,
  rewardStockStreamId,
  rewardSupportStreamId,
  rewardTiersStreamId,
  type DonationAcceptedV1,
  type EventMetadata,
  type NewEvent,
  type RecordedEvent,
  type RewardSupportCountedV1,
} from '#contracts';
import {
  claimReward,
  countRewardSupport,
  donationFold,
  rewardableMinor,
  rewardStockFold,
  rewardSupportFold,
  rewardTiersFold,
  tiersReached,
  type DonationState,
  type RewardStockState,
  type RewardSupportState,
  type RewardTiersState,
} from '#domain';
import { isWrongExpectedRevision, loadStreams, streamLoad, type AggregateCache, type AppendRequest, type LedgerStore, type Loaded } from '#ledger';

export type Accepted = RecordedEvent<'DonationAccepted', DonationAcceptedV1>;

/** The states a rewards replica keeps between batches; each is caught up on every read and guarded by the append's revision. */
export interface GrantingCaches {
  tiers: AggregateCache<RewardTiersState>;
  support: AggregateCache<RewardSupportState>;
  stock: AggregateCache<RewardStockState>;
}

/** Tries of a batch that lost a race for a support or stock stream, before it is handed to the one-at-a-time path. */
const BATCH_ATTEMPTS = 3;

/** A stream as the batch decides on it: the state read (then as the batch's own events leave it), the revision read, and its pending events. */
interface Working<S> {
  state: S;
  revision: number | null;
  /** Events read (the tail after a kept state, or the whole stream). */
  read: readonly RecordedEvent[];
  pending: NewEvent[];
}

/**
 * A partition's accepted donations granted together: the campaigns' tiers, the donations, the
 * donors' support and the tiers' stock read in one round trip (each kept state caught up from
 * its revision), each donation decided in order on the states as the ones before it in the
 * batch left them (two gifts of one donor share one running total, two donors one stock), and
 * every count and claim written in ONE atomic append, each stream guarded by the revision read.
 * A lost race reads again; answers the donations it did not grant (all of them after
 * BATCH_ATTEMPTS lost races or any other refusal), for the one-at-a-time path.
 */
export async function grantTogether(ledger: LedgerStore, caches: GrantingCaches, events: readonly Accepted[], metadataFor: (event: Accepted) => EventMetadata): Promise<{ undecided: Accepted[] }> {
  for (let attempt = 1; attempt <= BATCH_ATTEMPTS; attempt++) {
    const read = await readFor(ledger, caches, events);
    const requests = decideAll(read, events, metadataFor);
    if (requests === null) return { undecided: [...events] };
    if (requests.length === 0) return { undecided: [] };
    try {
      const results = await ledger.appendMany(requests.map((r) => r.request));
      requests.forEach(({ request, keep }, i) => (results[i].duplicate ? keep.delete(request.streamId) : keep.set(results[i].nextExpectedRevision)));
      return { undecided: [] };
    } catch (error) {
      // Nothing of the batch was written (the append is atomic): what we kept of these streams is stale.
      for (const { request, keep } of requests) keep.delete(request.streamId);
      if (!isWrongExpectedRevision(error)) return { undecided: [...events] };
    }
  }
  return { undecided: [...events] };
}

interface BatchRead {
  tiers: Map<string, RewardTiersState>;
  donations: Map<string, DonationState>;
  support: Map<string, Working<RewardSupportState>>;
  stock: Map<string, Working<RewardStockState>>;
  caches: GrantingCaches;
}

const supportStreamOf = (e: Accepted) => rewardSupportStreamId(e.payload.campaignId, e.payload.donorId);
const countedEventOf = (read: readonly RecordedEvent[], donationId: string) =>
  read.find((e) => e.type === 'RewardSupportCounted' && (e.payload as RewardSupportCountedV1).donationId === donationId);

/**
 * One readStreams for the batch when the tiers are kept; a second only for what the first
 * showed was missing: the stock of a tier not seen before, and the whole support stream of a
 * donor whose donation was counted before (a redelivery), whose running total it reports.
 */
async function readFor(ledger: LedgerStore, caches: GrantingCaches, events: readonly Accepted[]): Promise<BatchRead> {
  const campaigns = [...new Set(events.map((e) => e.payload.campaignId))];
  const donationIds = [...new Set(events.map((e) => e.payload.donationId))];
  const supportIds = [...new Set(events.map(supportStreamOf))];
  const knownStock = campaigns.flatMap((c) => (caches.tiers.get(rewardTiersStreamId(c))?.state.tiers ?? []).map((t) => rewardStockStreamId(t.campaignId, t.tierId)));
  const loaded: readonly Loaded<unknown>[] = await loadStreams(ledger, [
    ...campaigns.map((c) => streamLoad(rewardTiersStreamId(c), rewardTiersFold, caches.tiers)),
    ...donationIds.map((d) => streamLoad(donationStreamId(d), donationFold)),
    ...supportIds.map((s) => streamLoad(s, rewardSupportFold, caches.support)),
    ...knownStock.map((s) => streamLoad(s, rewardStockFold, caches.stock)),
  ]);
  const at = (offset: number) => loaded.slice(offset);
  const tiers = new Map(campaigns.map((c, i) => [c, loaded[i].state as RewardTiersState]));
  const donations = new Map(donationIds.map((d, i) => [d, at(campaigns.length)[i].state as DonationState]));
  const working = <S>(l: Loaded<unknown>): Working<S> => ({ state: l.state as S, revision: l.revision, read: l.events as unknown as RecordedEvent[], pending: [] });
  const support = new Map(supportIds.map((s, i) => [s, working<RewardSupportState>(at(campaigns.length + donationIds.length)[i])]));
  const stock = new Map(knownStock.map((s, i) => [s, working<RewardStockState>(at(campaigns.length + donationIds.length + supportIds.length)[i])]));
  const newStock = [...new Set([...tiers.values()].flatMap((t) => t.tiers.map((tier) => rewardStockStreamId(tier.campaignId, tier.tierId))))].filter((s) => !stock.has(s));
  const recounted = [...new Set(events.filter((e) => isCountedUnseen(support.get(supportStreamOf(e))!, e.payload.donationId)).map(supportStreamOf))];
  if (newStock.length + recounted.length > 0) {
    const more: readonly Loaded<unknown>[] = await loadStreams(ledger, [
      ...newStock.map((s) => streamLoad(s, rewardStockFold, caches.stock)),
      // Whole, not from the kept state: the counted event's running total is what is looked for.
      ...recounted.map((s) => streamLoad(s, rewardSupportFold)),
    ]);
    newStock.forEach((s, i) => stock.set(s, working(more[i])));
    recounted.forEach((s, i) => support.set(s, working(more[newStock.length + i])));
  }
  return { tiers, donations, support, stock, caches };
}

/** Counted before, and the event that counted it is not among those read (the state came from the cache). */
const isCountedUnseen = (support: Working<RewardSupportState>, donationId: string): boolean =>
  Object.hasOwn(support.state.counted, donationId) && countedEventOf(support.read, donationId) === undefined;

interface Keep {
  set(revision: number): void;
  delete(streamId: string): void;
}

/**
 * Each accepted donation decided in order, as RewardGrantingService.onDonationAccepted decides
 * one: its rewardable part, its count on the donor's support, then a claim on every tier it
 * reaches. Null when a decision cannot be made here (a count known but not found).
 */
function decideAll(read: BatchRead, events: readonly Accepted[], metadataFor: (event: Accepted) => EventMetadata): { request: AppendRequest; keep: Keep }[] | null {
  const seen = new Set<string>();
  const totalsInBatch = new Map<string, bigint>();
  for (const event of events) {
    // A redelivered copy in the same batch is the same decision: made once.
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    const { campaignId, donorId, donationId, currency } = event.payload;
    const rewardable = rewardableOf(event, read.donations.get(donationId)!);
    const support = read.support.get(supportStreamOf(event))!;
    const counted = countRewardSupport(
      { type: 'CountRewardSupport', eventId: deterministicId('reward-support-counted', event.eventId), metadata: metadataFor(event), data: { campaignId, donorId, donationId, acceptedAmountMinor: rewardable, currency } },
      support.state,
    );
    let totalMinor = support.state.totalMinor;
    if (counted.length > 0) {
      totalMinor = BigInt(counted[0].payload.totalAfterMinor);
      support.state = rewardSupportFold.evolve(support.state, counted[0]);
      support.pending.push(...counted);
      totalsInBatch.set(donationId, totalMinor);
    } else if (Object.hasOwn(support.state.counted, donationId)) {
      const before = totalsInBatch.get(donationId) ?? countedTotalOf(support.read, donationId);
      if (before === null) return null;
      totalMinor = before;
    }
    const reached = tiersReached(read.tiers.get(campaignId)!.tiers, { currency, acceptedAmountMinor: rewardable, supportTotalMinor: totalMinor });
    for (const tier of reached) {
      const stock = read.stock.get(rewardStockStreamId(tier.campaignId, tier.tierId));
      if (!stock) return null;
      const grantId = deterministicId('reward-grant', event.eventId, tier.tierId);
      // Claimed before (a redelivery): its id is in the stream, and nothing is claimed twice.
      if (stock.state.grants.some((g) => g.grantId === grantId)) continue;
      const metadata = metadataFor(event);
      const claims = claimReward({ type: 'ClaimReward', eventId: deterministicId('reward-claim', event.eventId, tier.tierId), grantId, metadata, tier, donorId, donationId, at: metadata.occurredAt }, stock.state);
      stock.state = claims.reduce((s, e) => rewardStockFold.evolve(s, e), stock.state);
      stock.pending.push(...claims);
    }
  }
  return [...requestsOf(read.support, read.caches.support), ...requestsOf(read.stock, read.caches.stock)];
}

function requestsOf<S>(streams: Map<string, Working<S>>, cache: AggregateCache<S>): { request: AppendRequest; keep: Keep }[] {
  return [...streams]
    .filter(([, w]) => w.pending.length > 0)
    .map(([streamId, w]) => ({
      request: { streamId, events: w.pending, expected: w.revision ?? 'no_stream' },
      keep: { set: (revision: number) => cache.set(streamId, { state: w.state, revision }), delete: (id: string) => cache.delete(id) },
    }));
}

function countedTotalOf(read: readonly RecordedEvent[], donationId: string): bigint | null {
  const counted = countedEventOf(read, donationId);
  return counted ? BigInt((counted.payload as RewardSupportCountedV1).totalAfterMinor) : null;
}

/**
 * The accepted part, less what went back before the acceptance was handled (a refund that
 * overtook the decision): such money never counts, so it is never granted and revoked. Money
 * going back later is the revocation's business.
 */
export function rewardableOf(event: Accepted, donation: DonationState): bigint {
  const acceptedMinor = BigInt(event.payload.acceptedAmountMinor);
  if (donation.status === 'none') return acceptedMinor;
  const rewardable = rewardableMinor(donation);
  return rewardable < acceptedMinor ? rewardable : acceptedMinor;
}
