import {
  committeeStreamId,
  donationStreamId,
  donorAggregateStreamId,
  withTrace,
  type DonationReceivedV4,
  type NewEvent,
  type RecordedEvent,
} from '#contracts';
import { electionsOfCycle } from '#compliance-rules';
import { combinedAggregate, committeeFold, contributionPack, type CommitteeState, decideContribution, electionFactsOf, decisionEvents, donationFold, type DonationRecord, type DonationState, donorAggregateFold, type DonorAggregateState, UNDESIGNATED } from '#domain';
import { loadStreams, streamLoad, type AggregateCache, type AppendRequest, type Loaded, type LedgerStore } from '#ledger';

export type Received = RecordedEvent<'DonationReceived', DonationReceivedV4>;

/**
 * What one decision writes: the count on the donor's aggregate (if any), the donation's
 * decision, and on the committee's stream what a gift for an election already held paid of
 * its net debts (none for almost every gift).
 */
export interface ContributionWrites {
  counted: NewEvent[];
  recorded: NewEvent[];
  committee: NewEvent[];
  /** Each partner's or member's counted share, for their own aggregate stream (11 CFR 110.1(e), (g)). */
  partners: { donorId: string; events: NewEvent[] }[];
}

/**
 * Decides one received donation on the aggregate given, counted together with the aggregates
 * of the donors an officer linked to it (`linked`); the rule itself is decideContribution's.
 */
export function contributionWrites(
  event: Received,
  committee: CommitteeState & { status: 'registered' },
  aggregate: DonorAggregateState,
  linked: readonly DonorAggregateState[] = [],
  partners?: ReadonlyMap<string, DonorAggregateState>,
): ContributionWrites {
  const donation = event.payload;
  // The numbers of the donation's election cycle (of its day of receipt under PPERA), never
  // today's, every day and deadline counted in the committee's own zone, all read from the
  // committee state already held.
  const { pack, notes } = contributionPack(committee, donation.electionId, donation.receivedAt);
  const decision = decideContribution(
    {
      type: 'DecideContribution',
      donation,
      causationEventId: event.eventId,
      correlationId: event.metadata.correlationId,
      pack,
      packNotes: notes,
      cycleElectionIds: electionsOfCycle(committee.elections, donation.electionId ?? UNDESIGNATED),
      // The election's day, its net debts still outstanding and whether the candidacy in it
      // ended, as the committee recorded them (11 CFR 110.1(b)(3), 102.9(e)(3)).
      ...withElection(electionFactsOf(committee, donation.electionId)),
      ...(partners ? { partners } : {}),
      decidedAt: new Date().toISOString(),
    },
    combinedAggregate(aggregate, linked),
  );
  const counted = decision.outcome === 'accept' && decision.counted ? [decision.counted] : [];
  const applied = decision.outcome === 'accept' && decision.netDebtsApplied ? [decision.netDebtsApplied] : [];
  const trace = event.metadata.traceId;
  const partnerCounted = decision.outcome === 'accept' ? (decision.partnerCounted ?? []) : [];
  return {
    counted: withTrace(counted, trace),
    recorded: withTrace(decisionEvents(decision), trace),
    committee: withTrace(applied, trace),
    partners: partnerCounted.map((e) => ({ donorId: e.payload.donorId, events: withTrace([e], trace) })),
  };
}

const withElection = (election: ReturnType<typeof electionFactsOf>) => (election ? { election } : {});

/** A donation refunded or charged back before it was decided: reversed once its count is written. */
export interface RefundedFirst {
  event: Received;
  donation: DonationRecord;
}

export interface BatchCaches {
  committees: AggregateCache<CommitteeState>;
  aggregates: AggregateCache<DonorAggregateState>;
}

/**
 * A partition's received donations decided together: every stream they need read in one
 * round trip, each donation decided in order on the aggregate as the ones before it in the
 * batch left it (so two gifts of one donor in a batch share its headroom exactly as two in a
 * row would), and every count and decision written in ONE atomic append, each aggregate
 * guarded by the revision read. Answers the donations it did not decide here, for the
 * one-at-a-time path: none when all went through, all of them when the append lost a race.
 */
export async function decideTogether(ledger: LedgerStore, caches: BatchCaches, events: readonly Received[]): Promise<{ undecided: Received[]; refundedFirst: RefundedFirst[] }> {
  const aggregateOf = (e: Received) => donorAggregateStreamId(e.payload.committeeId, e.payload.donor.donorId);
  const committeeIds = [...new Set(events.map((e) => e.payload.committeeId))];
  const aggregateIds = [...new Set(events.map(aggregateOf))];
  const loaded: readonly Loaded<unknown>[] = await loadStreams(ledger, [
    ...events.map((e) => streamLoad(donationStreamId(e.payload.donationId), donationFold)),
    ...committeeIds.map((id) => streamLoad(committeeStreamId(id), committeeFold, caches.committees)),
    ...aggregateIds.map((id) => streamLoad(id, donorAggregateFold, caches.aggregates)),
  ]);
  const donations = loaded.slice(0, events.length) as Loaded<DonationState>[];
  const committees = new Map(committeeIds.map((id, i) => [id, loaded[events.length + i].state as CommitteeState]));
  const aggregates = new Map(aggregateIds.map((id, i) => [id, loaded[events.length + committeeIds.length + i] as Loaded<DonorAggregateState>]));
  const states = new Map([...aggregates].map(([id, l]) => [id, l.state]));
  const counted = new Map<string, NewEvent[]>();
  const recorded: AppendRequest[] = [];
  const refundedFirst: RefundedFirst[] = [];
  // A donor an officer linked to others is judged with their aggregates, read one at a time.
  const linked: Received[] = [];
  const seen = new Set<string>();
  for (const [i, event] of events.entries()) {
    const current = donations[i].state;
    // Decided once (also when the batch holds a redelivered copy); a refund that came first does
    // not stop the decision (it is reversed after, by the caller).
    if (current.status === 'none' || current.decision !== null || seen.has(event.payload.donationId)) continue;
    seen.add(event.payload.donationId);
    const committee = committees.get(event.payload.committeeId);
    if (committee?.status !== 'registered') return { undecided: [...events], refundedFirst: [] };
    const stream = aggregateOf(event);
    // So is a partnership's or LLC's gift, whose shares count on its partners' aggregates.
    if ((states.get(stream) as DonorAggregateState).linkedDonorIds.size > 0 || event.payload.donor.attribution !== undefined) {
      linked.push(event);
      continue;
    }
    const writes = contributionWrites(event, committee, states.get(stream) as DonorAggregateState);
    // A gift paying an election's net debts changes the committee's stream, which the rest of
    // the batch decided on: rare enough to leave the whole batch to the one-at-a-time path.
    if (writes.committee.length > 0) return { undecided: [...events], refundedFirst: [] };
    states.set(stream, writes.counted.reduce((s, e) => donorAggregateFold.evolve(s, e as never), states.get(stream) as DonorAggregateState));
    if (writes.counted.length > 0) counted.set(stream, [...(counted.get(stream) ?? []), ...writes.counted]);
    recorded.push({ streamId: donationStreamId(event.payload.donationId), events: writes.recorded, expected: 'any' });
    if (current.refundedAmountMinor + current.chargedBackAmountMinor > 0n) refundedFirst.push({ event, donation: current });
  }
  if (recorded.length === 0) return { undecided: linked, refundedFirst };
  const guarded = [...counted].map(([streamId, evs]): AppendRequest => ({ streamId, events: evs, expected: aggregates.get(streamId)?.revision ?? 'no_stream' }));
  try {
    const results = await ledger.appendMany([...guarded, ...recorded]);
    // A count found already stored (a racing copy wrote it) leaves the aggregate unknown here.
    guarded.forEach((g, i) =>
      results[i].duplicate
        ? caches.aggregates.delete(g.streamId)
        : caches.aggregates.set(g.streamId, { state: states.get(g.streamId) as DonorAggregateState, revision: results[i].nextExpectedRevision }),
    );
    return { undecided: linked, refundedFirst };
  } catch {
    // Another writer moved an aggregate (a second replica, an officer's remedy), or a copy of a
    // decision raced ours: nothing of the batch was written; the one-at-a-time path sorts it out.
    for (const g of guarded) caches.aggregates.delete(g.streamId);
    return { undecided: [...events], refundedFirst: [] };
  }
}
