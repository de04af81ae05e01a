import type { RecordedEvent } from '#contracts';
import type { EventHandler, SubscribeOptions, Subscription } from '../ledger-store.port.js';
import type { CatchUpCursor, CursorItem } from './catch-up-cursor.js';

/** One item of `$all` as the subscription sees it: where it is, and the ledger event if it is one of ours that matches. */
export interface Decoded {
  position: number;
  event: RecordedEvent | null;
}

/** What the subscription needs from the store, already bound to its filter. */
export interface SubscriptionSource<T> {
  open(after: number | null, bufferSize: number): CatchUpCursor<T>;
  decode(item: T): Decoded;
  head(): Promise<number | null>;
  /** The first matching ledger event after `after`, if any: asks the server directly. */
  firstAfter(after: number | null): Promise<RecordedEvent | undefined>;
}

const DEFAULT_BUFFER = 500;
/** While not live, this long without news from the server means we may be at the head. */
const QUIET_MS = 500;

/**
 * A catch-up subscription to `$all`: the server sends everything after the checkpoint,
 * then live appends; handlers run one at a time in global order, and a handler error ends
 * the subscription without passing the event.
 */
export class EventStoreSubscription<T> implements Subscription {
  lastPosition: number | null;
  readonly done: Promise<void>;
  /** Position up to which `$all` has been seen, events handled or filtered out alike. */
  private scanned: number | null;
  private live = false;
  private busy = false;
  private stopping = false;
  private finished = false;
  private lastNewsAt = Date.now();
  private readonly cursor: CatchUpCursor<T>;
  private readonly changes = new Changes();

  constructor(
    private readonly source: SubscriptionSource<T>,
    options: SubscribeOptions,
    private readonly handler: EventHandler,
  ) {
    this.lastPosition = options.after;
    this.scanned = options.after;
    this.cursor = source.open(options.after, options.batchSize ?? DEFAULT_BUFFER);
    this.done = this.run().finally(() => {
      this.finished = true;
      this.changes.notify();
    });
    // Callers may only ever await stop(); an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  /**
   * Resolves once every matching event up to the head at the time of the call has been
   * handled (or when the subscription ends). While the server is still catching us up we
   * wait; once it is live (or silent), one read of `$all` tells whether anything up to
   * that head is still owed to us.
   */
  async caughtUp(): Promise<void> {
    const target = await this.source.head();
    while (target !== null && !this.finished && !this.reached(target)) {
      if (!this.idle()) {
        await this.changes.next(QUIET_MS);
        continue;
      }
      const owed = await this.source.firstAfter(this.scanned);
      if (!owed || owed.position > target) return;
      await this.changes.until(() => this.finished || this.reached(owed.position));
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.cursor.close().catch(() => undefined);
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping) {
        const item = await this.cursor.next();
        if (this.stopping) return;
        await this.apply(item);
        this.lastNewsAt = Date.now();
        this.changes.notify();
      }
    } finally {
      await this.cursor.close().catch(() => undefined);
    }
  }

  private async apply(item: CursorItem<T>): Promise<void> {
    switch (item.kind) {
      case 'event':
        return this.deliver(item.value);
      case 'checkpoint':
        this.advance(item.position);
        return;
      case 'caught_up':
        this.live = true;
        return;
      case 'fell_behind':
        this.live = false;
        return;
      case 'end':
        // Only stop() ends a subscription on purpose, and it is checked before we get here.
        throw new Error('EventStoreDB ended the $all subscription');
      default: {
        const unknown: never = item;
        throw new Error(`unknown cursor item ${JSON.stringify(unknown)}`);
      }
    }
  }

  private async deliver(item: T): Promise<void> {
    const { position, event } = this.source.decode(item);
    // The start is exclusive of the checkpoint; never hand out an event twice.
    if (this.reached(position)) return;
    if (event) {
      this.busy = true;
      try {
        await this.handler(event);
      } finally {
        this.busy = false;
      }
      this.lastPosition = event.position;
    }
    this.advance(position);
  }

  private advance(position: number): void {
    if (!this.reached(position)) this.scanned = position;
  }

  private reached(position: number): boolean {
    return this.scanned !== null && this.scanned >= position;
  }

  /** Nothing received is waiting, and the server is live or has been quiet for a while. */
  private idle(): boolean {
    if (this.busy || this.cursor.buffered > 0) return false;
    return this.live || Date.now() - this.lastNewsAt >= QUIET_MS;
  }
}

/** Lets waiters sleep until the subscription moves, without polling tighter than needed. */
class Changes {
  private waiters: (() => void)[] = [];

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves at the next change, or after `timeoutMs` at the latest. */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve();
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await this.next(QUIET_MS);
  }
}
