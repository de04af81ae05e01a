import { committeeStreamId, upcast, type DonationReceivedV4, type RecordedEvent } from '#contracts';
import { rulePackFor, structuringLookbackMinutes, type KeyHistory, type RulePack } from '#compliance-rules';
import { committeeFold, type CommitteeState, keepSightingWindow, type KeyedSighting, type SightingWindow, sightingWindowFold, sightingWindowOf, windowCovers, windowHistory } from '#domain';
import { BoundedAggregateCache, DECIDE_AGAIN, DEFAULT_RETRY_POLICY, loadStreams, retryLostRaces, streamLoad, type AppendResult, type LedgerStore, type RetryPolicy } from '#ledger';

const COMMITTEES_KEPT = 10_000;
/** Key windows kept: a few per donor of the last weeks; an evicted one is read whole once more. */
const KEY_WINDOWS_KEPT = 50_000;

/** A key stream as read: its window and the revision it is at (null: no stream yet). */
interface KeyRead {
  window: SightingWindow;
  revision: number | null;
}

/** A donation's sightings once recorded, and what each key held before its own. */
export interface RecordedSightings {
  pack: RulePack;
  histories: KeyHistory[];
}

/**
 * Records a donation's sightings on its key streams: the committee and every key read in one
 * round trip, each key caught up from the window kept for it (only the events since; the whole
 * stream where the window does not cover the donation), and every new sighting appended in one
 * appendMany, each key at the revision read. A lost race reads again and decides again, under
 * the command path's retry policy. A sighting already recorded (a redelivered message, or a
 * replica that got there first) is found in its key, and its history is what came before it.
 */
export class StructuringSightings {
  private readonly committees = new BoundedAggregateCache<CommitteeState>(COMMITTEES_KEPT);
  private readonly windows = new BoundedAggregateCache<SightingWindow>(KEY_WINDOWS_KEPT);

  constructor(
    private readonly ledger: LedgerStore,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /** Null when the pack in force runs no structuring detectors. */
  async record(received: DonationReceivedV4, sightings: readonly KeyedSighting[]): Promise<RecordedSightings | null> {
    const { result } = await retryLostRaces(
      this.retry,
      async () => {
        const read = await this.read(received, sightings);
        if (read === null) return null;
        const judged = sightings.map((s, i) => windowHistory(read.keys[i].window, s.keyKind, s.event.eventId));
        const fresh = sightings.flatMap((s, i) => (judged[i].recorded ? [] : [i]));
        const appended = fresh.length === 0 ? [] : await this.ledger.appendMany(fresh.map((i) => ({ streamId: sightings[i].streamId, events: [sightings[i].event], expected: read.keys[i].revision ?? 'no_stream' })));
        // Recorded by a racing replica after our read: what came before it is read next time.
        if (appended.some((r) => r.duplicate)) return DECIDE_AGAIN;
        this.keep(received, sightings, read, new Map(fresh.map((i, n) => [i, appended[n]])));
        return { pack: read.pack, histories: judged.map((j) => j.history) };
      },
      { exhausted: (attempt) => `sightings of donation ${received.donationId} were found recorded ${attempt} times` },
    );
    return result;
  }

  private async read(received: DonationReceivedV4, sightings: readonly KeyedSighting[]) {
    const [committee, ...keys] = await loadStreams(this.ledger, [
      streamLoad(committeeStreamId(received.committeeId), committeeFold, this.committees),
      ...sightings.map((s) => streamLoad(s.streamId, sightingWindowFold, this.windows)),
    ]);
    if (committee.state.status !== 'registered') throw new Error(`committee ${received.committeeId} of donation ${received.donationId} is not registered`);
    const pack = rulePackFor(committee.state.jurisdiction, received.receivedAt);
    if (!pack.structuring) return null;
    const lookbackMinutes = structuringLookbackMinutes(pack.structuring);
    const read: KeyRead[] = keys.map((k) => ({ window: k.state, revision: k.revision }));
    const uncovered = sightings.flatMap((s, i) => (windowCovers(read[i].window, received.receivedAt, lookbackMinutes) ? [] : [i]));
    if (uncovered.length > 0) {
      // Received before what the window kept, or a refund of a donation it left out: correctness first, the whole stream.
      const whole = await this.ledger.readStreams(uncovered.map((i) => ({ streamId: sightings[i].streamId, afterRevision: null })));
      uncovered.forEach((i, n) => {
        const events = whole[n].map((e) => upcast(e) as RecordedEvent);
        read[i] = { window: sightingWindowOf(events), revision: events.length > 0 ? events[events.length - 1].revision : null };
        if (read[i].revision !== null) this.windows.set(sightings[i].streamId, { state: read[i].window, revision: read[i].revision! });
      });
    }
    return { pack, lookbackMinutes, keys: read };
  }

  /** Keeps each key's window with our own sighting in it, pruned for the donation just judged. */
  private keep(received: DonationReceivedV4, sightings: readonly KeyedSighting[], read: { lookbackMinutes: number; keys: KeyRead[] }, appended: Map<number, AppendResult>): void {
    sightings.forEach((sighting, i) => {
      const ours = appended.get(i);
      let { window, revision } = read.keys[i];
      if (ours) {
        window = sightingWindowFold.evolve(window, { ...sighting.event, revision: ours.nextExpectedRevision });
        revision = ours.nextExpectedRevision;
      }
      if (revision !== null) this.windows.set(sighting.streamId, { state: keepSightingWindow(window, received.receivedAt, read.lookbackMinutes), revision });
    });
  }
}
