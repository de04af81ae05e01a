import { randomUUID } from 'node:crypto';
import { jsonEvent, NO_STREAM, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { UUID_PATTERN, type NewEvent, type RecordedEvent } from '#contracts';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import { GENESIS_HASH } from '../hash-chain.js';
import type { AppendResult, ExpectedRevision, ReadStreamOptions } from '../ledger-store.port.js';
import { chainEvents, toEventData } from './esdb-codec.js';
import {
  appendRevisionFor,
  assertExpectedRevision,
  checkExpected,
  NO_EVENTS,
  retriesOnConflict,
  type CurrentRevision,
} from './esdb-mapping.js';
import { assertLedgerStreamId, CLAIM_EVENT_TYPE, claimStreamOf, isClaimData } from './esdb-names.js';

/** Attempts for 'any' / 'stream_exists' appends that keep losing races to other writers. */
const MAX_ATTEMPTS = 8;
const SCAN_PAGE = 256;

export interface AppendDeps {
  client: EventStoreDBClient;
  readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;
  now(): Date;
}

interface Tail {
  revision: CurrentRevision;
  hash: string;
}

/**
 * Appends with the port's guarantees on top of EventStoreDB:
 * 1. the stream's last event is read: the revision and hash to chain onto;
 * 2. each event id is claimed for this stream (refused if another stream holds it);
 * 3. if any id was claimed before, the stream is searched: a batch already stored answers
 *    with its original result and `duplicate: true`, whatever the expectation;
 * 4. the caller's expectation is checked against the tail read in step 1, and the events
 *    are appended conditional on exactly that revision, so the chain cannot fork;
 * 5. a lost race is looked at again: the events above our tail are read once; if the
 *    winner wrote these very events, this append is their duplicate; otherwise the race
 *    is refused, or for 'any' and 'stream_exists' retried on top of what was read.
 *
 * Why this order keeps concurrent copies of one append from both writing or failing: a
 * copy stored by the time of step 1 was claimed before our claim, so step 3 finds it; a
 * copy stored after step 1 sits above our tail, where the conditional append meets it
 * (step 5). A tail read after the search could see a copy stored in between, and with
 * 'any' chain a second copy on top of it: EventStoreDB appends ids it already holds
 * when the expected revision is the current one.
 */
export class EventStoreAppender {
  constructor(private readonly deps: AppendDeps) {}

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expected);
    const tail = await this.tail(streamId);
    const claims = await Promise.all(events.map((event) => this.claim(event.eventId, streamId)));
    if (claims.includes('held')) {
      const stored = await this.storedCopy(streamId, events);
      if (stored) return stored;
    }
    return this.appendChained(streamId, events, expected, tail);
  }

  private async appendChained(streamId: string, events: NewEvent[], expected: ExpectedRevision, first: Tail): Promise<AppendResult> {
    let tail = first;
    for (let attempt = 1; ; attempt++) {
      checkExpected(streamId, expected, tail.revision);
      const records = chainEvents(streamId, tail.revision, tail.hash, events, this.deps.now().toISOString());
      try {
        await this.deps.client.appendToStream(streamId, records.map(toEventData), {
          expectedRevision: appendRevisionFor(tail.revision),
        });
        return await this.confirm(streamId, tail, records);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
      const retries = retriesOnConflict(expected) && attempt < MAX_ATTEMPTS;
      if (retries) await backOff(attempt);
      const above = await this.scanAbove(streamId, events, tail);
      if (above.stored) return above.stored;
      if (!retries) {
        const actual = above.tail.revision;
        throw new WrongExpectedRevisionError(streamId, expected, actual === NO_EVENTS ? 'no_stream' : actual);
      }
      tail = above.tail;
    }
  }

  /**
   * Reads the appended events back for their positions: the append's own answer gives a
   * single position for the whole batch. EventStoreDB also answers an append of ids it
   * already holds at that revision as a success without writing (its own idempotency);
   * a stored hash other than ours tells that another writer's copy is the one kept.
   */
  private async confirm(streamId: string, tail: Tail, records: RecordedEvent[]): Promise<AppendResult> {
    const stored = await this.deps.readStream(streamId, { fromRevision: tail.revision + 1, maxCount: records.length });
    const mismatch = records.findIndex((record, i) => stored[i]?.eventId !== record.eventId);
    if (mismatch >= 0) {
      throw new Error(`append to ${streamId} succeeded but revision ${tail.revision + 1 + mismatch} holds another event`);
    }
    const last = stored[stored.length - 1];
    const duplicate = last.hash !== records[records.length - 1].hash;
    return { nextExpectedRevision: last.revision, position: last.position, duplicate };
  }

  /** Claims the id for this stream: 'new' on first use, 'held' if this stream claimed it before. */
  private async claim(eventId: string, streamId: string): Promise<'new' | 'held'> {
    try {
      // A fresh claim event id, so EventStoreDB's own idempotency cannot mistake another
      // stream's claim for a retry of ours: only NO_STREAM decides.
      const claim = jsonEvent({ id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { streamId } });
      await this.deps.client.appendToStream(claimStreamOf(eventId), claim, { expectedRevision: NO_STREAM });
      return 'new';
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    const owner = await this.claimOwner(eventId);
    if (owner !== streamId) throw new DuplicateEventIdError(eventId, streamId, owner);
    return 'held';
  }

  private async claimOwner(eventId: string): Promise<string> {
    for await (const resolved of this.deps.client.readStream(claimStreamOf(eventId), { maxCount: 1 })) {
      const data = resolved.event?.data;
      if (isClaimData(data)) return data.streamId;
    }
    throw new Error(`the claim of event id ${eventId} is unreadable`);
  }

  /** Pages backwards from the end of the stream (a retry's copy lands near it) for a stored copy of the batch. */
  private async storedCopy(streamId: string, events: NewEvent[]): Promise<AppendResult | null> {
    const ids = new Set(events.map((e) => e.eventId));
    const found = new Map<string, RecordedEvent>();
    let next: number | undefined;
    for (;;) {
      const page = await this.deps.readStream(streamId, { direction: 'backwards', fromRevision: next, maxCount: SCAN_PAGE });
      page.filter((e) => ids.has(e.eventId)).forEach((e) => found.set(e.eventId, e));
      const edge = page[page.length - 1]?.revision;
      if (found.size === ids.size || page.length < SCAN_PAGE || edge === undefined || edge === 0) {
        return asDuplicate(streamId, events, [...found.values()]);
      }
      next = edge - 1;
    }
  }

  /**
   * Reads everything above `tail` in one forward pass: a copy of the batch stored there by
   * a racing writer, and otherwise the stream's new tail. A copy stored after this pass
   * lands above that new tail, where the next conditional append meets it.
   */
  private async scanAbove(streamId: string, events: NewEvent[], tail: Tail): Promise<{ stored: AppendResult | null; tail: Tail }> {
    const ids = new Set(events.map((e) => e.eventId));
    const found: RecordedEvent[] = [];
    let last = tail;
    for (;;) {
      const page = await this.deps.readStream(streamId, { fromRevision: last.revision + 1, maxCount: SCAN_PAGE });
      found.push(...page.filter((e) => ids.has(e.eventId)));
      const end = page[page.length - 1];
      if (end) last = { revision: end.revision, hash: end.hash };
      if (found.length === ids.size || page.length < SCAN_PAGE) {
        return { stored: asDuplicate(streamId, events, found), tail: last };
      }
    }
  }

  private async tail(streamId: string): Promise<Tail> {
    const [last] = await this.deps.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? { revision: last.revision, hash: last.hash } : { revision: NO_EVENTS, hash: GENESIS_HASH };
  }
}

/** The original result if the whole batch is among `found`; null if none of it is; refused if part is. */
function asDuplicate(streamId: string, events: NewEvent[], found: RecordedEvent[]): AppendResult | null {
  if (found.length === 0) return null;
  if (found.length < events.length) {
    const known = new Set(found.map((e) => e.eventId));
    const fresh = events.find((e) => !known.has(e.eventId))?.eventId ?? '';
    throw new DuplicateEventIdError(found[0].eventId, streamId, `${streamId} (batch mixes stored and new events, e.g. ${fresh})`);
  }
  const last = found.reduce((a, b) => (b.revision > a.revision ? b : a));
  return { nextExpectedRevision: last.revision, position: last.position, duplicate: true };
}

export function assertAppendable(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  assertLedgerStreamId(streamId);
  assertExpectedRevision(expected);
  if (events.length === 0) throw new TypeError(`append to ${streamId}: no events`);
  for (const event of events) {
    if (!UUID_PATTERN.test(event.eventId)) throw new TypeError(`event id ${event.eventId} is not a lowercase UUID`);
    // A '$' type would read as a system event and vanish from $all reads and subscriptions.
    if (!event.type || event.type.startsWith('$')) throw new TypeError(`event type '${event.type}' is not allowed`);
    if (!Number.isSafeInteger(event.version)) throw new TypeError(`event ${event.eventId}: version is not an integer`);
  }
  if (new Set(events.map((e) => e.eventId)).size !== events.length) {
    throw new TypeError(`append to ${streamId}: the same event id twice in one batch`);
  }
}

/** Jittered, growing pause between attempts, so racing writers spread out. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
