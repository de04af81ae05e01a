import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '#contracts';
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
import { CatchUpCursor } from './catch-up-cursor.js';
import { EventStoreAppender } from './esdb-append.js';
import { fromEsdbRecord } from './esdb-codec.js';
import { matchesFilter, matchesNothing, serverFilterFor } from './esdb-filters.js';
import { clientConnectionString, clientStreamRead, redactCredentials, startAfter, toLedgerPosition } from './esdb-mapping.js';
import { isLedgerRecord, PING_STREAM } from './esdb-names.js';
import { EventStoreSubscription, type Decoded } from './esdb-subscription.js';

/** Same default page as the SQL adapter: callers page through `$all` with `after`. */
const DEFAULT_READ_ALL_MAX = 1000;
const PING_TIMEOUT_MS = 3_000;

/**
 * The ledger on EventStoreDB (20.10 client protocol, tested against 24.10 and KurrentDB 25):
 * one EventStoreDB stream per ledger stream, payload as JSON data, our envelope and hash
 * chain in the event metadata, global positions from the transaction log. See README.md.
 */
export class EventStoreLedgerStore implements LedgerStore {
  private readonly appender: EventStoreAppender;
  private readonly subscriptions = new Set<Subscription>();
  private closing: Promise<void> | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly ownsClient = true,
  ) {
    this.appender = new EventStoreAppender({
      client,
      readStream: (streamId, options) => this.readStream(streamId, options),
      now: () => new Date(),
    });
  }

  /** Connects and checks the server answers, so a wrong URL fails at start, not at the first donation. */
  static async connect(url: string): Promise<EventStoreLedgerStore> {
    const store = new EventStoreLedgerStore(EventStoreDBClient.connectionString(clientConnectionString(url)));
    try {
      await store.ping();
    } catch (error) {
      await store.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot reach EventStoreDB at ${redactCredentials(url)}: ${reason}`, { cause: error });
    }
    return store;
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.appender.append(streamId, events, expected);
  }

  /** One read per stream, all at once: the protocol reads one stream per call. */
  readStreams(requests: StreamTailRequest[]): Promise<RecordedEvent[][]> {
    return Promise.all(
      requests.map((r) => this.readStream(r.streamId, r.afterRevision === null ? {} : { fromRevision: r.afterRevision + 1 })),
    );
  }

  /** The 20.10 protocol has no multi-stream transaction: one stream after another, in order. */
  readonly atomicMultiStreamAppend = false;

  async appendMany(requests: AppendRequest[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const request of requests) results.push(await this.append(request.streamId, request.events, request.expected));
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const read = clientStreamRead(options);
    if (read.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, read)) {
        if (resolved.event) events.push(fromEsdbRecord(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * The 6.x client reads `$all` without server-side filters, so a filtered read is a
   * filtered catch-up subscription that we leave once it reaches the head as it was when
   * the read began (or the server says it caught up, or we have enough).
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? null;
    const limit = options.maxCount ?? DEFAULT_READ_ALL_MAX;
    if (limit <= 0 || matchesNothing(options.filter)) return [];
    const head = await this.headPosition();
    if (head === null || (after !== null && after >= head)) return [];
    const cursor = this.openCursor(after, options.filter, Math.min(limit, DEFAULT_READ_ALL_MAX));
    const events: RecordedEvent[] = [];
    try {
      for (;;) {
        const item = await cursor.next();
        if (item.kind === 'event') {
          const { position, event } = this.decodeAll(item.value, options.filter);
          if (event && (after === null || position > after)) events.push(event);
          if (events.length >= limit || position >= head) return events;
        } else if (item.kind === 'checkpoint') {
          if (item.position >= head) return events;
        } else if (item.kind === 'caught_up') {
          return events;
        } else if (item.kind === 'end') {
          throw new Error('EventStoreDB ended a read of $all before it reached the head');
        }
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    if (this.closing) throw new Error('the EventStoreDB ledger is closed');
    const { filter } = options;
    const subscription = new EventStoreSubscription<AllStreamResolvedEvent>(
      {
        open: (after, bufferSize) => this.openCursor(after, filter, bufferSize),
        decode: (resolved) => this.decodeAll(resolved, filter),
        head: () => this.headPosition(),
        firstAfter: async (after) => (await this.readAll({ after, maxCount: 1, filter }))[0],
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /** Reads `$all` backwards to the newest ledger event, past system events and id claims. */
  async headPosition(): Promise<number | null> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
    try {
      for await (const resolved of read) {
        const record = resolved.event;
        if (record && isLedgerRecord(record.streamId, record.type)) return toLedgerPosition(record.position.commit);
      }
      return null;
    } finally {
      await cancelQuietly(read);
    }
  }

  /** Reads a stream nobody writes: "not found" is the answer of a reachable server. */
  async ping(): Promise<void> {
    const read = this.client.readStream(PING_STREAM, { maxCount: 1 });
    const drain = (async () => {
      try {
        for await (const _ of read) break;
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
    })();
    // Whichever loses the race below settles later, unobserved.
    drain.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`EventStoreDB did not answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([drain, timeout]);
    } finally {
      clearTimeout(timer);
      await cancelQuietly(read);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.stopAndDispose();
    return this.closing;
  }

  private async stopAndDispose(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private openCursor(after: number | null, filter: AllFilter | undefined, bufferSize: number): CatchUpCursor<AllStreamResolvedEvent> {
    let cursor: CatchUpCursor<AllStreamResolvedEvent> | null = null;
    const subscription = this.client.subscribeToAll(
      {
        fromPosition: startAfter(after),
        filter: serverFilterFor(filter, (position) => cursor?.checkpoint(toLedgerPosition(position.commit))),
      },
      { highWaterMark: bufferSize },
    );
    cursor = new CatchUpCursor<AllStreamResolvedEvent>(subscription, () => subscription.unsubscribe());
    return cursor;
  }

  private decodeAll(resolved: AllStreamResolvedEvent, filter: AllFilter | undefined): Decoded {
    const record = resolved.event;
    if (!record) {
      // Only a link to a deleted event comes without one, and we never resolve links.
      if (resolved.commitPosition === undefined) throw new Error('EventStoreDB sent an item of $all without a position');
      return { position: toLedgerPosition(resolved.commitPosition), event: null };
    }
    const position = toLedgerPosition(record.position.commit);
    return { position, event: matchesFilter(record.streamId, record.type, filter) ? fromEsdbRecord(record) : null };
  }
}

async function cancelQuietly(read: StreamingRead<unknown>): Promise<void> {
  await read.cancel().catch(() => undefined);
}
