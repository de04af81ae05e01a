import { EventEmitter } from 'node:events';
import { UUID_PATTERN, type NewEvent, type RecordedEvent } from '#contracts';
import { identifier, sqlStateOf, UNIQUE_VIOLATION, type SqlDatabase, type SqlSession } from '#sql';
import { canonicalJson } from '../canonical-json.js';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors.js';
import { hashEvent } from '../hash-chain.js';
import type {
  AllFilter,
  AppendResult,
  EventHandler,
  ExpectedRevision,
  LedgerStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../ledger-store.port.js';
import { PollingSubscription } from '../polling-subscription.js';
import { ledgerSchemaSql } from './sql-ledger.schema.js';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './sql-ledger.rows.js';

const MAX_APPEND_ATTEMPTS = 3;

/** The ledger on SQL: PostgreSQL server or embedded PGlite, same statements. */
export class SqlLedgerStore implements LedgerStore {
  private readonly s: string;
  private readonly appended = new EventEmitter();
  private unlisten: (() => Promise<void>) | null = null;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly schema: string,
    private readonly ownsDatabase: boolean,
  ) {
    this.s = identifier(schema);
    this.appended.setMaxListeners(0);
  }

  static async open(db: SqlDatabase, options: { schema?: string; ownsDatabase?: boolean } = {}): Promise<SqlLedgerStore> {
    const schema = options.schema ?? 'ledger';
    const store = new SqlLedgerStore(db, schema, options.ownsDatabase ?? false);
    // Several processes may start at once against one server: one of them creates the schema.
    await db.transaction(async (session) => {
      await session.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`hustings-ledger-schema-${schema}`]);
      await session.exec(ledgerSchemaSql(schema));
    });
    store.unlisten = await db.listen(store.channel, () => store.appended.emit('appended'));
    return store;
  }

  private get channel(): string {
    return `hustings_ledger_${this.schema}`;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction((session) => this.appendIn(session, streamId, events, expected));
        if (!result.duplicate) this.appended.emit('appended');
        return result;
      } catch (error) {
        // A concurrent writer inserted the same event id first (here, with 'any' or
        // 'stream_exists', or in another stream): the next attempt finds it and answers as a
        // duplicate, or refuses an id another stream holds.
        if (sqlStateOf(error) !== UNIQUE_VIOLATION || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  private async appendIn(
    session: SqlSession,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    // Lock-free first look: stored events never change, so a hit is final. A miss can be stale
    // by the time the stream's lock is ours; see below.
    const duplicate = await this.findDuplicate(session, streamId, events);
    if (duplicate) return duplicate;
    await session.query(
      `INSERT INTO ${this.s}.streams (stream_id, revision, last_hash) VALUES ($1, -1, '') ON CONFLICT (stream_id) DO NOTHING`,
      [streamId],
    );
    const { rows } = await session.query<{ revision: string; last_hash: string }>(
      `SELECT revision, last_hash FROM ${this.s}.streams WHERE stream_id = $1 FOR UPDATE`,
      [streamId],
    );
    const current = Number(rows[0].revision);
    if (!satisfies(expected, current)) {
      // The stream may have moved while we waited for its lock because the writer we waited
      // for stored these very events (two copies of one request). Holding the lock, this
      // statement sees every committed event of the stream, so its answer is authoritative.
      const stored = await this.findDuplicate(session, streamId, events);
      if (stored) return stored;
      throw new WrongExpectedRevisionError(streamId, expected, current < 0 ? 'no_stream' : current);
    }
    const { rows: head } = await session.query<{ position: string }>(
      `UPDATE ${this.s}.ledger_head SET position = position + $1 WHERE id = 1 RETURNING position`,
      [events.length],
    );
    const firstPosition = Number(head[0].position) - events.length + 1;
    const records = chain(streamId, current, rows[0].last_hash, events, new Date().toISOString());
    await this.insertEvents(session, records, firstPosition);
    const last = records[records.length - 1];
    await session.query(`UPDATE ${this.s}.streams SET revision = $2, last_hash = $3 WHERE stream_id = $1`, [
      streamId,
      last.revision,
      last.hash,
    ]);
    if (this.db.engine === 'postgres') await session.query(`SELECT pg_notify($1, '')`, [this.channel]);
    return { nextExpectedRevision: last.revision, position: firstPosition + events.length - 1, duplicate: false };
  }

  private async findDuplicate(session: SqlSession, streamId: string, events: NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((e) => e.eventId);
    const { rows } = await session.query<{ event_id: string; stream_id: string; revision: string; position: string }>(
      `SELECT event_id, stream_id, revision, position FROM ${this.s}.events WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
      [ids],
    );
    if (rows.length === 0) return null;
    const foreign = rows.find((row) => row.stream_id !== streamId);
    if (foreign) throw new DuplicateEventIdError(foreign.event_id, streamId, foreign.stream_id);
    if (rows.length !== ids.length) {
      const known = new Set(rows.map((row) => row.event_id));
      const fresh = ids.find((id) => !known.has(id)) ?? '';
      throw new DuplicateEventIdError(rows[0].event_id, streamId, `${streamId} (batch mixes stored and new events, e.g. ${fresh})`);
    }
    const last = rows[rows.length - 1];
    return { nextExpectedRevision: Number(last.revision), position: Number(last.position), duplicate: true };
  }

  private async insertEvents(session: SqlSession, records: RecordedEvent[], firstPosition: number): Promise<void> {
    const column = <T>(pick: (r: RecordedEvent, i: number) => T): T[] => records.map(pick);
    await session.query(
      `INSERT INTO ${this.s}.events (${EVENT_COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::int[],
                            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
      [
        column((_, i) => String(firstPosition + i)),
        column((r) => r.eventId),
        column((r) => r.streamId),
        column((r) => String(r.revision)),
        column((r) => r.type),
        column((r) => r.version),
        column((r) => canonicalJson(r.payload)),
        column((r) => canonicalJson(r.metadata)),
        column((r) => r.recordedAt),
        column((r) => r.prevHash),
        column((r) => r.hash),
      ],
    );
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
       WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, String(from), options.maxCount ?? null],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readRange(options.after ?? null, null, options.maxCount ?? 1000, options.filter);
  }

  /** Events in (after, upTo] matching the filter, oldest first. */
  async readRange(after: number | null, upTo: number | null, maxCount: number, filter?: AllFilter): Promise<RecordedEvent[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
       WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2)
         AND ($3::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS p WHERE starts_with(stream_id, p)))
         AND ($4::text[] IS NULL OR type = ANY($4::text[]))
       ORDER BY position LIMIT $5`,
      [
        String(after ?? 0),
        upTo === null ? null : String(upTo),
        filter?.streamPrefixes ?? null,
        filter?.eventTypes ?? null,
        maxCount,
      ],
    );
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    return new PollingSubscription(
      {
        head: () => this.headPosition(),
        read: (after, upTo, max) => this.readRange(after, upTo, max, options.filter),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      options,
      handler,
    );
  }

  async headPosition(): Promise<number | null> {
    const { rows } = await this.db.query<{ position: string }>(`SELECT position FROM ${this.s}.ledger_head WHERE id = 1`);
    const position = Number(rows[0]?.position ?? 0);
    return position === 0 ? null : position;
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.appended.removeAllListeners();
    if (this.ownsDatabase) await this.db.close();
  }
}

function assertAppendable(streamId: string, events: NewEvent[]): void {
  if (!streamId || streamId.length > 200) throw new TypeError('stream id must be 1 to 200 characters');
  if (events.length === 0) throw new TypeError(`append to ${streamId}: no events`);
  for (const event of events) {
    if (!UUID_PATTERN.test(event.eventId)) throw new TypeError(`event id ${event.eventId} is not a lowercase UUID`);
  }
  if (new Set(events.map((e) => e.eventId)).size !== events.length) {
    throw new TypeError(`append to ${streamId}: the same event id twice in one batch`);
  }
}

function satisfies(expected: ExpectedRevision, current: number): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && current < 0) ||
    (expected === 'stream_exists' && current >= 0) ||
    (typeof expected === 'number' && expected === current)
  );
}

/** Gives each new event its revision, record time and link to the one before. */
export function chain(
  streamId: string,
  currentRevision: number,
  lastHash: string,
  events: NewEvent[],
  recordedAt: string,
): RecordedEvent[] {
  let prevHash = lastHash;
  return events.map((event, index) => {
    const fields = { ...event, streamId, revision: currentRevision + 1 + index, recordedAt, prevHash };
    const hash = hashEvent(fields);
    prevHash = hash;
    return { ...fields, position: 0, hash };
  });
}
