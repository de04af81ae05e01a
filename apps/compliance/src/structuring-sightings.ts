import { committeeStreamId, upcast, type DonationReceivedV4, type NewEvent, type RecordedEvent } from '#contracts';
import { structuringLookbackMinutes, type KeyHistory, type RulePack } from '#compliance-rules';
import { committeeFold, committeeRulePack, keepSightingWindow, sightingWindowFold, sightingWindowOf, windowCovers, windowHistory, type CommitteeState, type KeyedSighting, type SightingWindow } from '#domain';
import { GroupedStatement, togetherOrEachAlone } from '#sql';
import { BoundedAggregateCache, DECIDE_AGAIN, DEFAULT_RETRY_POLICY, loadStreams, retryLostRaces, streamLoad, type AppendRequest, type LedgerStore, type Loaded, type RetryPolicy } from '#ledger';

const COMMITTEES_KEPT = 10_000;
/** Key windows kept: a few per donor of the last weeks; an evicted one is read whole once more. */
const KEY_WINDOWS_KEPT = 50_000;

/** A key stream as the batch judges on it: its window (with the batch's own sightings folded in), the revision read, what the batch appends to it. */
interface KeyWork {
  window: SightingWindow;
  revision: number | null;
  pending: NewEvent[];
}

/** A donation's sightings once recorded, and what each key held before its own. */
export interface RecordedSightings {
  pack: RulePack;
  histories: KeyHistory[];
}

/** One donation to record: what was received, and its sightings (one per key). */
export interface SightingsToRecord {
  received: DonationReceivedV4;
  sightings: readonly KeyedSighting[];
}

/** A donation of the batch whose pack runs structuring detectors. */
interface Judged {
  index: number;
  pack: RulePack;
  lookbackMinutes: number;
}

/**
 * Records donations' sightings on their key streams: every committee and key of a batch read
 * in one round trip, each key caught up from the window kept for it (only the events since; the
 * whole stream where the window does not cover a donation), each donation judged in order on
 * its keys as the donations before it in the batch left them, and every new sighting appended
 * in one appendMany, each key at the revision read. A lost race reads again and judges again,
 * under the command path's retry policy. A sighting already recorded (a redelivered message, or
 * a replica that got there first) is found in its key, and its history is what came before it.
 */
export class StructuringSightings {
  private readonly committees = new BoundedAggregateCache<CommitteeState>(COMMITTEES_KEPT);
  private readonly windows = new BoundedAggregateCache<SightingWindow>(KEY_WINDOWS_KEPT);
  /** Partitions' runs submitted while one is being recorded: they go together next (recordTogether). */
  private readonly grouped = new GroupedStatement<readonly SightingsToRecord[], (RecordedSightings | null)[] | Error>((runs) =>
    togetherOrEachAlone(runs, async (together) => {
      const answers = await this.recordNow(together.flat());
      let at = 0;
      return together.map((run) => answers.slice(at, (at += run.length)));
    }),
  );

  constructor(
    private readonly ledger: LedgerStore,
    private readonly retry: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /** Null when the pack in force runs no structuring detectors. */
  async record(received: DonationReceivedV4, sightings: readonly KeyedSighting[]): Promise<RecordedSightings | null> {
    const [recorded] = await this.recordTogether([{ received, sightings }]);
    return recorded;
  }

  /**
   * One answer per donation, in order: null where the pack in force runs no structuring
   * detectors. Runs submitted while another is being recorded (other partitions' batches) wait
   * and go together in the next one, judged in the order they came: a key they share (a
   * household's address) is then appended once by this process, where each run would have raced
   * the others for it and lost, read again and judged again.
   */
  async recordTogether(items: readonly SightingsToRecord[]): Promise<(RecordedSightings | null)[]> {
    const answers = await this.grouped.submit(items);
    if (answers instanceof Error) throw answers;
    return answers;
  }

  private async recordNow(items: readonly SightingsToRecord[]): Promise<(RecordedSightings | null)[]> {
    const { result } = await retryLostRaces(
      this.retry,
      async () => {
        const { judged, keys } = await this.read(items);
        const answers: (RecordedSightings | null)[] = items.map(() => null);
        for (const { index, pack } of judged) answers[index] = { pack, histories: items[index].sightings.map((s) => judge(keys.get(s.streamId)!, s)) };
        const requests: AppendRequest[] = [...keys].filter(([, k]) => k.pending.length > 0).map(([streamId, k]) => ({ streamId, events: k.pending, expected: k.revision ?? 'no_stream' }));
        // A lost race, a sighting found recorded by a racing replica after our read, or a
        // failure leaves the windows kept as they were: each is a stream's state at the revision
        // it names, so the next read catches up from it with what the others appended.
        const appended = requests.length === 0 ? [] : await this.ledger.appendMany(requests);
        if (appended.some((r) => r.duplicate)) return DECIDE_AGAIN;
        requests.forEach((r, n) => (keys.get(r.streamId)!.revision = appended[n].nextExpectedRevision));
        this.keep(items, judged, keys);
        return answers;
      },
      { exhausted: (attempt) => `sightings of ${items.length} donation(s) were found recorded ${attempt} times` },
    );
    return result;
  }

  private async read(items: readonly SightingsToRecord[]): Promise<{ judged: Judged[]; keys: Map<string, KeyWork> }> {
    const committeeIds = [...new Set(items.map((i) => i.received.committeeId))];
    const keyIds = [...new Set(items.flatMap((i) => i.sightings.map((s) => s.streamId)))];
    const loaded: readonly Loaded<unknown>[] = await loadStreams(this.ledger, [
      ...committeeIds.map((id) => streamLoad(committeeStreamId(id), committeeFold, this.committees)),
      ...keyIds.map((id) => streamLoad(id, sightingWindowFold, this.windows)),
    ]);
    const committees = new Map(committeeIds.map((id, i) => [id, loaded[i].state as CommitteeState]));
    const keys = new Map(keyIds.map((id, i): [string, KeyWork] => [id, { window: loaded[committeeIds.length + i].state as SightingWindow, revision: loaded[committeeIds.length + i].revision, pending: [] }]));
    const judged: Judged[] = [];
    const uncovered = new Set<string>();
    items.forEach(({ received, sightings }, index) => {
      const committee = committees.get(received.committeeId)!;
      if (committee.status !== 'registered') throw new Error(`committee ${received.committeeId} of donation ${received.donationId} is not registered`);
      const pack = committeeRulePack(committee, received.receivedAt);
      if (!pack.structuring) return;
      const lookbackMinutes = structuringLookbackMinutes(pack.structuring);
      judged.push({ index, pack, lookbackMinutes });
      for (const s of sightings) if (!windowCovers(keys.get(s.streamId)!.window, received.receivedAt, lookbackMinutes)) uncovered.add(s.streamId);
    });
    if (uncovered.size > 0) await this.readWhole([...uncovered], keys);
    // Only the donations judged write sightings.
    const judging = new Set(judged.flatMap((j) => items[j.index].sightings.map((s) => s.streamId)));
    for (const id of keyIds) if (!judging.has(id)) keys.delete(id);
    return { judged, keys };
  }

  /** Received before what a window kept, or a refund of a donation it left out: correctness first, the whole stream. */
  private async readWhole(streamIds: string[], keys: Map<string, KeyWork>): Promise<void> {
    const whole = await this.ledger.readStreams(streamIds.map((streamId) => ({ streamId, afterRevision: null })));
    streamIds.forEach((streamId, n) => {
      const events = whole[n].map((e) => upcast(e) as RecordedEvent);
      const revision = events.length > 0 ? events[events.length - 1].revision : null;
      keys.set(streamId, { window: sightingWindowOf(events), revision, pending: [] });
      if (revision !== null) this.windows.set(streamId, { state: keys.get(streamId)!.window, revision });
    });
  }

  /** Keeps each key's window with the batch's sightings in it, pruned for each donation judged, in order. */
  private keep(items: readonly SightingsToRecord[], judged: readonly Judged[], keys: Map<string, KeyWork>): void {
    for (const { index, lookbackMinutes } of judged) {
      for (const s of items[index].sightings) {
        const key = keys.get(s.streamId)!;
        key.window = keepSightingWindow(key.window, items[index].received.receivedAt, lookbackMinutes);
      }
    }
    for (const [streamId, key] of keys) if (key.revision !== null) this.windows.set(streamId, { state: key.window, revision: key.revision });
  }
}

/**
 * What the key held before this sighting; a sighting not recorded yet is put after what the
 * key holds (and after the batch's earlier sightings), at the revision it will be appended at.
 */
function judge(key: KeyWork, sighting: KeyedSighting): KeyHistory {
  const judged = windowHistory(key.window, sighting.keyKind, sighting.event.eventId);
  if (!judged.recorded) {
    const revision = (key.revision ?? -1) + key.pending.length + 1;
    key.window = sightingWindowFold.evolve(key.window, { ...sighting.event, revision });
    key.pending.push(sighting.event);
  }
  return judged.history;
}
