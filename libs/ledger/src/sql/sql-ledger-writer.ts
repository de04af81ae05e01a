import type { NewEvent, RecordedEvent } from '#contracts';
import { inLane, isForeground, sqlStateOf, UNIQUE_VIOLATION, type SqlDatabase } from '#sql';
import { canonicalJson } from '../canonical-json.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import { hashOfTexts } from '../hash-chain.js';
import type { AppendRequest, AppendResult, ExpectedRevision } from '../ledger-store.port.js';
import { StreamHeads, type StreamHead } from './stream-heads.js';

/** Events one call of the append function carries at most (a transaction holds 65,536). */
const MAX_EVENTS_PER_CALL = 4_096;
/** Tries of one unit: stale heads cost one each; a hot stream appended with 'any' may cost more. */
const MAX_ATTEMPTS = 100;
/**
 * How long the one call in flight may take before a second is let start beside it. One call at a
 * time makes the largest groups: on the distributed bench it halved the append calls (3,700 to
 * 1,800 per 4,000 donations) and cut the function's time in PostgreSQL by a third. A call held up
 * (a stream's row locked by another process, a connection gone quiet) must not hold up every
 * append of the process, so past this wait more calls may run, up to the writer's limit.
 */
export const STALLED_CALL_MS = 250;
/** Failures after which a whole call is simply tried again: the next try sees what won. */
const RETRYABLE_STATES = new Set([UNIQUE_VIOLATION, '40P01', '40001']);

interface Unit {
  requests: AppendRequest[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
  attempts: number;
  /** Set after a call failed with other units in it: this one goes alone, so one bad unit fails alone. */
  alone: boolean;
  /** Written for a request someone waits on: the call that carries it goes in the foreground. */
  urgent: boolean;
}

interface GroupResult {
  grp: number;
  status: 'ok' | 'duplicate' | 'foreign' | 'mixed' | 'conflict' | 'aborted';
  head_revision: string | number | null;
  head_hash: string | null;
  last_position: string | number | null;
  detail: string | null;
}

/**
 * Group commit for the SQL ledger. Appends made while a call is in flight wait for the next
 * call and go together: one round trip and one transaction for the lot, each unit still all
 * or nothing on its own (see append_groups). Chains are computed here from the head each
 * stream is believed to have (what this process last wrote or read); the function checks the
 * belief under the stream's row lock, and a wrong one only costs another try.
 */
export class SqlLedgerWriter {
  private readonly queue: Unit[] = [];
  /** When each call in flight started (performance.now()), youngest last. */
  private readonly started: number[] = [];
  private stallCheck: NodeJS.Timeout | null = null;
  readonly heads = new StreamHeads();

  constructor(
    private readonly db: SqlDatabase,
    private readonly s: string,
    private readonly notifyChannel: string | null,
    private readonly maxInFlight: number,
    private readonly onAppended: () => void,
    private readonly stalledAfterMs = STALLED_CALL_MS,
  ) {}

  write(requests: AppendRequest[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ requests, resolve, reject, attempts: 0, alone: false, urgent: isForeground() });
      this.pump();
    });
  }

  /**
   * One call at a time, and another (up to maxInFlight) only once every call in flight has been
   * out longer than stalledAfterMs: beside a stuck call, appends still go one large call at a time.
   */
  private mayStart(now: number): boolean {
    if (this.started.length === 0) return true;
    return this.started.length < this.maxInFlight && now - this.started[this.started.length - 1] >= this.stalledAfterMs;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.mayStart(performance.now())) {
      const units = this.take();
      const start = performance.now();
      this.started.push(start);
      void inLane(units.some((unit) => unit.urgent), () => this.call(units)).finally(() => {
        this.started.splice(this.started.indexOf(start), 1);
        this.pump();
      });
    }
    // Appends wait behind a call: look again once it counts as stalled.
    if (this.queue.length > 0 && this.started.length < this.maxInFlight && this.stallCheck === null) {
      this.stallCheck = setTimeout(() => {
        this.stallCheck = null;
        this.pump();
      }, Math.max(1, this.started[this.started.length - 1] + this.stalledAfterMs - performance.now()));
      this.stallCheck.unref();
    }
  }

  private take(): Unit[] {
    const first = this.queue.shift() as Unit;
    if (first.alone) return [first];
    const units = [first];
    let events = countEvents(first);
    while (this.queue.length > 0 && !this.queue[0].alone && events + countEvents(this.queue[0]) <= MAX_EVENTS_PER_CALL) {
      const next = this.queue.shift() as Unit;
      events += countEvents(next);
      units.push(next);
    }
    return units;
  }

  private async call(units: Unit[]): Promise<void> {
    const plan = this.plan(units);
    let rows: GroupResult[];
    try {
      ({ rows } = await this.db.query<GroupResult>(APPEND_CALL(this.s), [...plan.params, this.notifyChannel]));
    } catch (error) {
      this.failed(units, error);
      return;
    }
    let wrote = false;
    units.forEach((unit, u) => {
      const outcome = this.settle(unit, plan.groups[u], rows);
      if (outcome === 'retry') this.retry(unit, null);
      wrote ||= outcome === 'wrote';
    });
    if (wrote) this.onAppended();
  }

  /** Chains every group from the head it is believed to have, heads of earlier groups in the call included. */
  private plan(units: Unit[]): { groups: PlannedGroup[][]; params: unknown[] } {
    const projected = new Map<string, StreamHead>();
    const recordedAt = new Date().toISOString();
    const cols = emptyColumns();
    const groups = units.map((unit, u) =>
      unit.requests.map((request) => {
        const base = believedBase(request.expected, projected.get(request.streamId) ?? this.heads.get(request.streamId));
        const records = chain(request.streamId, base.revision, base.hash, request.events, recordedAt);
        const last = records[records.length - 1];
        const g = cols.g_stream.length + 1;
        cols.g_stream.push(request.streamId);
        cols.g_base.push(String(base.revision));
        cols.g_base_hash.push(base.hash);
        cols.g_unit.push(u);
        cols.g_new_rev.push(String(last.revision));
        cols.g_new_hash.push(last.hash);
        for (const r of records) pushEvent(cols, g, r);
        projected.set(request.streamId, { revision: last.revision, hash: last.hash });
        return { g, request, newHead: { revision: last.revision, hash: last.hash } };
      }),
    );
    return { groups, params: Object.values(cols) };
  }

  /** Resolves, rejects or asks for another try of one unit from its groups' statuses. */
  private settle(unit: Unit, groups: PlannedGroup[], rows: GroupResult[]): 'wrote' | 'done' | 'retry' {
    const results: AppendResult[] = [];
    let retry = false;
    for (const { g, request, newHead } of groups) {
      const row = rows[g - 1];
      const refusal = refusalOf(row, request);
      if (refusal) {
        unit.reject(refusal);
        return 'done';
      }
      if (row.status === 'conflict') {
        const head = { revision: Number(row.head_revision), hash: row.head_hash ?? '' };
        this.heads.set(request.streamId, head);
        if (!satisfies(request.expected, head.revision)) {
          unit.reject(new WrongExpectedRevisionError(request.streamId, request.expected, head.revision < 0 ? 'no_stream' : head.revision));
          return 'done';
        }
        retry = true;
      } else if (row.status === 'aborted') {
        retry = true;
      } else {
        if (row.status === 'ok') this.heads.set(request.streamId, newHead);
        results.push({ nextExpectedRevision: Number(row.head_revision), position: Number(row.last_position), duplicate: row.status === 'duplicate' });
      }
    }
    if (retry) return 'retry';
    unit.resolve(results);
    return results.some((r) => !r.duplicate) ? 'wrote' : 'done';
  }

  private failed(units: Unit[], error: unknown): void {
    const state = sqlStateOf(error);
    for (const unit of units) {
      if (state !== undefined && RETRYABLE_STATES.has(state)) this.retry(unit, error);
      else if (units.length > 1) this.retry({ ...unit, alone: true }, error);
      else unit.reject(error);
    }
  }

  private retry(unit: Unit, error: unknown): void {
    if (++unit.attempts >= MAX_ATTEMPTS) {
      const last = unit.requests[0];
      unit.reject(error ?? new WrongExpectedRevisionError(last.streamId, last.expected, this.heads.get(last.streamId)?.revision ?? 'no_stream'));
      return;
    }
    this.queue.unshift(unit);
  }
}

interface PlannedGroup {
  g: number;
  request: AppendRequest;
  newHead: StreamHead;
}

const APPEND_CALL = (s: string): string =>
  `SELECT grp, status, head_revision, head_hash, last_position, detail FROM ${s}.append_groups(
     $1::text[], $2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::text[],
     $7::int[], $8::uuid[], $9::bigint[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
     $17::text) ORDER BY grp`;

function emptyColumns() {
  return {
    g_stream: [] as string[],
    g_base: [] as string[],
    g_base_hash: [] as string[],
    g_unit: [] as number[],
    g_new_rev: [] as string[],
    g_new_hash: [] as string[],
    e_group: [] as number[],
    e_id: [] as string[],
    e_revision: [] as string[],
    e_type: [] as string[],
    e_version: [] as number[],
    e_payload: [] as string[],
    e_metadata: [] as string[],
    e_recorded_at: [] as string[],
    e_prev_hash: [] as string[],
    e_hash: [] as string[],
  };
}

function pushEvent(cols: ReturnType<typeof emptyColumns>, g: number, r: ChainedEvent): void {
  cols.e_group.push(g);
  cols.e_id.push(r.eventId);
  cols.e_revision.push(String(r.revision));
  cols.e_type.push(r.type);
  cols.e_version.push(r.version);
  cols.e_payload.push(r.payloadJson);
  cols.e_metadata.push(r.metadataJson);
  cols.e_recorded_at.push(r.recordedAt);
  cols.e_prev_hash.push(r.prevHash);
  cols.e_hash.push(r.hash);
}

const countEvents = (unit: Unit): number => unit.requests.reduce((n, r) => n + r.events.length, 0);

/**
 * The head to chain from. An exact revision is the only one allowed (its hash known only if
 * this process saw that head); otherwise the last head seen, or "new" when none was: a wrong
 * guess is answered with the true head, and the next try uses it.
 */
function believedBase(expected: ExpectedRevision, seen: StreamHead | undefined): StreamHead {
  if (expected === 'no_stream') return { revision: -1, hash: '' };
  if (typeof expected === 'number') return { revision: expected, hash: seen?.revision === expected ? seen.hash : '' };
  if (seen) return seen;
  return expected === 'stream_exists' ? { revision: 0, hash: '' } : { revision: -1, hash: '' };
}

function refusalOf(row: GroupResult, request: AppendRequest): Error | null {
  if (row.status === 'foreign') {
    const [eventId, other] = splitDetail(row.detail);
    return new DuplicateEventIdError(eventId, request.streamId, other);
  }
  if (row.status === 'mixed') {
    const [stored, fresh] = splitDetail(row.detail);
    return new DuplicateEventIdError(stored, request.streamId, `${request.streamId} (batch mixes stored and new events, e.g. ${fresh})`);
  }
  return null;
}

function splitDetail(detail: string | null): [string, string] {
  const text = detail ?? '';
  const space = text.indexOf(' ');
  return [text.slice(0, space), text.slice(space + 1)];
}

export function satisfies(expected: ExpectedRevision, current: number): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && current < 0) ||
    (expected === 'stream_exists' && current >= 0) ||
    (typeof expected === 'number' && expected === current)
  );
}

/** An event as the append writes it: its chain fields, and its payload and metadata in canonical JSON (the texts its hash covers). */
interface ChainedEvent extends Omit<RecordedEvent, 'payload' | 'metadata' | 'position'> {
  payloadJson: string;
  metadataJson: string;
}

/** Gives each new event its revision, record time and link to the one before; each value is canonicalised once, for its column and its hash. */
function chain(streamId: string, currentRevision: number, lastHash: string, events: NewEvent[], recordedAt: string): ChainedEvent[] {
  let prevHash = lastHash;
  return events.map((event, index) => {
    const fields = { eventId: event.eventId, type: event.type, version: event.version, streamId, revision: currentRevision + 1 + index, recordedAt, prevHash };
    const payloadJson = canonicalJson(event.payload);
    const metadataJson = canonicalJson(event.metadata);
    const hash = hashOfTexts(fields, payloadJson, metadataJson);
    prevHash = hash;
    return { ...fields, payloadJson, metadataJson, hash };
  });
}
