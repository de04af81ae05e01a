import { EventEmitter } from 'node:events';
import { UUID_PATTERN, type NewEvent, type RecordedEvent } from '#contracts';
import { GroupedStatement, identifier, type SqlDatabase } from '#sql';
import type {
  AllFilter,
  AppendRequest,
  AppendResult,
  EventHandler,
  ExpectedRevision,
  LedgerStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamTailRequest,
  SubscribeOptions,
  Subscription,
} from '../ledger-store.port.js';
import { PollingSubscription } from '../polling-subscription.js';
import { POSITIONS_PER_TRANSACTION } from './sql-ledger.append-function.js';
import { ledgerSchemaCurrentSql, ledgerSchemaSql } from './sql-ledger.schema.js';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './sql-ledger.rows.js';
import { SqlLedgerWriter } from './sql-ledger-writer.js';
import { DEFAULT_SNAPSHOT_INTERVAL, SqlSnapshotStore } from './sql-snapshot-store.js';

/** Calls of the append function one process keeps in flight on a server (PGlite has one session). */
const SERVER_CALLS_IN_FLIGHT = 4;

/** The ledger on SQL: PostgreSQL server or embedded PGlite, same statements. */
export class SqlLedgerStore implements LedgerStore {
  private readonly s: string;
  private readonly appended = new EventEmitter();
  /** LISTEN, once a subscription asked for it (see `follow`); null until then and after close. */
  private listening: Promise<() => Promise<void>> | null = null;
  private closed = false;
  private readonly writer: SqlLedgerWriter;
  private readonly tailReads: GroupedStatement<StreamTailRequest[], RecordedEvent[][]>;

  readonly snapshots: SqlSnapshotStore | undefined;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly schema: string,
    private readonly ownsDatabase: boolean,
    snapshotInterval: number,
  ) {
    this.s = identifier(schema);
    this.snapshots =
      snapshotInterval > 0
        ? new SqlSnapshotStore(db, this.s, snapshotInterval, {
            noteHead: (head) => this.writer.heads.set(head.streamId, { revision: head.revision, hash: head.hash }),
            readStreams: (requests) => this.readStreams(requests),
          })
        : undefined;
    this.appended.setMaxListeners(0);
    const server = db.engine === 'postgres';
    this.writer = new SqlLedgerWriter(db, this.s, server ? this.channel : null, server ? SERVER_CALLS_IN_FLIGHT : 1, () =>
      this.appended.emit('appended'),
    );
    this.tailReads = new GroupedStatement((groups) => this.readTailsOf(groups), { maxInFlight: server ? 2 : 1 });
  }

  /** `snapshotInterval`: events between a stream's snapshots (DEFAULT_SNAPSHOT_INTERVAL); 0 takes none and reads none. */
  static async open(db: SqlDatabase, options: { schema?: string; ownsDatabase?: boolean; snapshotInterval?: number } = {}): Promise<SqlLedgerStore> {
    const schema = options.schema ?? 'ledger';
    const store = new SqlLedgerStore(db, schema, options.ownsDatabase ?? false, options.snapshotInterval ?? DEFAULT_SNAPSHOT_INTERVAL);
    const current = ledgerSchemaCurrentSql(schema);
    const { rows } = await db.query<{ version: string | null }>(current.sql, current.params);
    // Several processes may start at once against one server: one of them creates the schema.
    if (rows[0]?.version !== current.version) await db.transaction(async (session) => {
      await session.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`hustings-ledger-schema-${schema}`]);
      await session.exec(ledgerSchemaSql(schema));
    });
    return store;
  }

  private get channel(): string {
    return `hustings_ledger_${this.schema}`;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    const [result] = await this.writer.write([{ streamId, events, expected }]);
    return result;
  }

  readonly atomicMultiStreamAppend = true;

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    for (const request of requests) assertAppendable(request.streamId, request.events);
    if (new Set(requests.map((r) => r.streamId)).size !== requests.length) throw new TypeError('appendMany: a stream named twice');
    if (new Set(requests.flatMap((r) => r.events.map((e) => e.eventId))).size !== requests.reduce((n, r) => n + r.events.length, 0)) {
      throw new TypeError('appendMany: the same event id twice in one append');
    }
    return this.writer.write(requests);
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
    const events = rows.map(toRecorded);
    const readsHead = backwards ? options.fromRevision === undefined : options.maxCount === undefined;
    const head = backwards ? events[0] : events[events.length - 1];
    if (readsHead && head) this.writer.heads.set(streamId, { revision: head.revision, hash: head.hash });
    return events;
  }

  /**
   * The tails asked for at the same moment (a surge's requests and decisions each read a few
   * streams) go in one statement: reads arriving while two are in flight wait and share the next.
   */
  async readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> {
    if (requests.length === 0) return [];
    return this.tailReads.submit(requests);
  }

  /** Several callers' requests read at once, each caller answered its own part. */
  private async readTailsOf(groups: readonly StreamTailRequest[][]): Promise<RecordedEvent[][][]> {
    const tails = await this.readTails(groups.flat());
    let next = 0;
    return groups.map((group) => {
      const mine = tails.slice(next, next + group.length);
      next += group.length;
      return mine;
    });
  }

  private async readTails(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> {
    // A stream asked for twice is read once, from the earlier of its two revisions.
    const after = new Map<string, number>();
    for (const r of requests) after.set(r.streamId, Math.min(after.get(r.streamId) ?? Infinity, r.afterRevision ?? -1));
    const { rows } = await this.db.query<EventRow>(
      // Each stream's tail through the (stream_id, revision) index, whatever the planner believes of
      // the table's size (OFFSET 0 keeps the lookup per stream): as a join it became a hash join over
      // a scan of every event whenever the table's statistics lagged behind its growth.
      `SELECT e.* FROM unnest($1::text[], $2::bigint[]) AS q(sid, after)
         CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
                              WHERE stream_id = q.sid AND revision > q.after ORDER BY revision OFFSET 0) e
       ORDER BY e.stream_id, e.revision`,
      [[...after.keys()], [...after.values()].map(String)],
    );
    const byStream = new Map<string, RecordedEvent[]>([...after.keys()].map((id) => [id, []]));
    for (const row of rows) byStream.get(row.stream_id)?.push(toRecorded(row));
    for (const [streamId, events] of byStream) {
      const head = events[events.length - 1];
      if (head) this.writer.heads.set(streamId, { revision: head.revision, hash: head.hash });
    }
    return requests.map((r) => (byStream.get(r.streamId) ?? []).filter((e) => e.revision > (r.afterRevision ?? -1)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readRange(options.after ?? null, null, options.maxCount ?? 1000, options.filter);
  }

  /** Events in (after, upTo] matching the filter, oldest first. */
  async readRange(after: number | null, upTo: number | null, maxCount: number, filter?: AllFilter): Promise<RecordedEvent[]> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
       WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2) AND position < ${settledBelow()}
         AND ${matchesFilter('$3', '$4')}
       ORDER BY position LIMIT $5`,
      [String(after ?? 0), upTo === null ? null : String(upTo), filter?.streamPrefixes ?? null, filter?.eventTypes ?? null, maxCount],
    );
    return rows.map(toRecorded);
  }

  /**
   * The settled events after `after` (at most `maxCount`) and the line below which every
   * position is settled, from one statement and so one snapshot: a subscription's round trip.
   */
  async readSettled(after: number | null, maxCount: number, filter?: AllFilter): Promise<{ events: RecordedEvent[]; settledBelow: number }> {
    const { rows } = await this.db.query<EventRow & { settled_below: string }>(
      `SELECT b.settled_below::text AS settled_below, e.*
       FROM (SELECT ${settledBelow()} AS settled_below) b
       LEFT JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
         WHERE position > $1 AND position < b.settled_below AND ${matchesFilter('$2', '$3')}
         ORDER BY position LIMIT $4
       ) e ON true`,
      [String(after ?? 0), filter?.streamPrefixes ?? null, filter?.eventTypes ?? null, maxCount],
    );
    const events = rows.filter((row) => row.event_id != null).map(toRecorded);
    return { events, settledBelow: Number(rows[0].settled_below) };
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    return new PollingSubscription(
      {
        head: () => this.headPosition(),
        committedHead: () => this.committedHeadPosition(),
        read: (after, upTo, max) => this.readRange(after, upTo, max, options.filter),
        readSettled: (after, max) => this.readSettled(after, max, options.filter),
        onAppended: (listener) => {
          this.appended.on('appended', listener);
          this.follow();
          return () => this.appended.off('appended', listener);
        },
      },
      options,
      handler,
    );
  }

  async headPosition(): Promise<number | null> {
    return this.maxPosition(`WHERE position < ${settledBelow()}`);
  }

  /** The newest position committed, whether or not it is final yet (headPosition answers the final one). */
  private committedHeadPosition(): Promise<number | null> {
    return this.maxPosition('');
  }

  private async maxPosition(where: string): Promise<number | null> {
    const { rows } = await this.db.query<{ position: string | null }>(`SELECT max(position) AS position FROM ${this.s}.events ${where}`);
    return rows[0]?.position == null ? null : Number(rows[0].position);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /**
   * LISTENs for other processes' appends from the first subscription on. A store that only
   * appends and reads (compliance, rewards, reporting: they follow Kafka, not the ledger) holds
   * no listening connection, so an append's NOTIFY signals only the servers' sessions of the
   * processes that follow the ledger (the relay), and wakes no one else: with every app
   * listening, each committed append woke four sessions and four processes for nothing.
   * Once LISTEN is on, subscribers read once, for appends made before it was (the database
   * keeps trying a LISTEN that fails, and meanwhile their idle polls find new events).
   */
  private follow(): void {
    if (this.closed) return;
    this.listening ??= this.db.listen(this.channel, () => this.appended.emit('appended')).then((unlisten) => {
      this.appended.emit('appended');
      return unlisten;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const listening = this.listening;
    this.listening = null;
    const unlisten = await listening;
    await unlisten?.();
    this.appended.removeAllListeners();
    await this.snapshots?.settled();
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

/** The subscription filter: stream prefixes in parameter `prefixes`, event types in `types` (null: all). */
const matchesFilter = (prefixes: string, types: string): string =>
  `(${prefixes}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(${prefixes}::text[]) AS p WHERE starts_with(stream_id, p)))
         AND (${types}::text[] IS NULL OR type = ANY(${types}::text[]))`;

/** Positions below this are final: every transaction that could still write one has ended (see append_groups). */
const settledBelow = (): string => `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint * ${POSITIONS_PER_TRANSACTION})`;
