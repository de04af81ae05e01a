import { performance } from 'node:perf_hooks';
import type { RecordedEvent } from '#contracts';
import type { EventHandler, SubscribeOptions, Subscription } from './ledger-store.port.js';

/** What a subscription needs from a store that can be read by position. */
export interface PositionedSource {
  head(): Promise<number | null>;
  /** Matching events in (after, upTo], oldest first, at most `max`. */
  read(after: number | null, upTo: number, max: number): Promise<RecordedEvent[]>;
  /**
   * Optional: the newest position committed, final or not (where `head` answers only what is
   * final). `caughtUp` waits for the scan to pass it: an append committed before the call but
   * still above the final line (an older append elsewhere has not ended) is waited for, not
   * passed over.
   */
  committedHead?(): Promise<number | null>;
  /** Registers a wake-up for new appends; returns the unregister. */
  onAppended(listener: () => void): () => void;
  /**
   * Optional: the matching events after `after` that are final, at most `max`, and the line
   * below which every position is final, in ONE round trip (where `head` + `read` take two).
   * Nothing matching lies in (last event returned, settledBelow) when fewer than `max` came.
   */
  readSettled?(after: number | null, max: number): Promise<{ events: RecordedEvent[]; settledBelow: number }>;
}

/**
 * Appends are announced (in process, and by NOTIFY across processes on PostgreSQL), so the
 * poll is only a safety net: for a lost announcement, and for events held back behind an
 * append that then rolled back (nothing announces a rollback). It backs off while the ledger
 * is quiet, to at most a second, which bounds the delay such an event can see.
 */
const IDLE_POLL_MIN_MS = 250;
const IDLE_POLL_MAX_MS = 1_000;

/**
 * Catch-up then live, over any store that reads by position: read what lies between the
 * checkpoint and the head, hand it to the handler one event at a time, then sleep until an
 * append is announced (or a poll that backs off while nothing comes, should one be missed).
 */
export class PollingSubscription implements Subscription {
  lastPosition: number | null;
  readonly done: Promise<void>;
  private scanned: number | null;
  private stopping = false;
  private wake: (() => void) | null = null;
  /** An append was announced since the last read: do not sleep. */
  private dirty = false;
  private waiters: { target: number; resolve: () => void }[] = [];
  private idlePollMs = IDLE_POLL_MIN_MS;
  private readonly unregister: () => void;
  /** When the last read began; reads are at least `minReadIntervalMs` apart. */
  private lastReadAt = -Infinity;
  private readonly minReadIntervalMs: number;
  private halt: (() => void) | null = null;

  constructor(
    private readonly source: PositionedSource,
    options: SubscribeOptions,
    private readonly handler: EventHandler,
  ) {
    this.lastPosition = options.after;
    this.scanned = options.after;
    this.minReadIntervalMs = options.minReadIntervalMs ?? 0;
    this.unregister = source.onAppended(() => {
      this.dirty = true;
      this.wake?.();
    });
    this.done = this.run(options.batchSize ?? 500).finally(() => {
      this.unregister();
      this.releaseWaiters();
    });
    // Callers may only await stop(); an unobserved failure must not crash the process.
    this.done.catch(() => undefined);
  }

  async caughtUp(): Promise<void> {
    const target = (await (this.source.committedHead ? this.source.committedHead() : this.source.head())) ?? 0;
    if ((this.scanned ?? 0) >= target) return;
    await new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.halt?.();
    await this.done.catch(() => undefined);
  }

  private async run(batchSize: number): Promise<void> {
    let full = false;
    while (!this.stopping) {
      // Catching up (the last read was full) reads on at once; live, reads are spaced.
      if (!full) await this.spaceReads();
      if (this.stopping) return;
      this.dirty = false;
      this.lastReadAt = performance.now();
      const { batch, head } = await this.readNext(batchSize);
      full = batch.length >= batchSize;
      for (const event of batch) {
        if (this.stopping) return;
        await this.handler(event);
        this.lastPosition = event.position;
        this.scanned = event.position;
      }
      if (batch.length < batchSize) this.advanceScan(head);
      if (batch.length > 0 || this.dirty) this.idlePollMs = IDLE_POLL_MIN_MS;
      if ((batch.length === 0 || head <= (this.scanned ?? 0)) && !this.dirty) await this.sleep();
    }
  }

  /**
   * The next events and how far the scan may advance when they are all handled: one round
   * trip where the source can (`readSettled`), else the head, then what lies before it.
   */
  private async readNext(batchSize: number): Promise<{ batch: RecordedEvent[]; head: number }> {
    if (this.source.readSettled) {
      const { events, settledBelow } = await this.source.readSettled(this.scanned, batchSize);
      return { batch: events, head: settledBelow - 1 };
    }
    const head = (await this.source.head()) ?? 0;
    const batch = head > (this.scanned ?? 0) ? await this.source.read(this.scanned, head, batchSize) : [];
    return { batch, head };
  }

  /**
   * Appends announced during a surge are gathered: the next read waits until
   * `minReadIntervalMs` after the last one began, so one read carries many appends where each
   * announcement would have cost a read. Only `stop` cuts the wait short.
   */
  private spaceReads(): Promise<void> {
    const waitMs = this.lastReadAt + this.minReadIntervalMs - performance.now();
    if (waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.halt = null;
        resolve();
      }, waitMs);
      this.halt = () => {
        clearTimeout(timer);
        this.halt = null;
        resolve();
      };
    });
  }

  /** Nothing more matched up to `head`: the scan (not the handler) has reached it. */
  private advanceScan(head: number): void {
    if (this.stopping) return;
    this.scanned = Math.max(this.scanned ?? 0, head);
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.target > (this.scanned ?? 0)) return true;
      waiter.resolve();
      return false;
    });
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.idlePollMs);
      this.idlePollMs = Math.min(IDLE_POLL_MAX_MS, this.idlePollMs * 2);
      this.wake = done;
    });
  }

  private releaseWaiters(): void {
    this.waiters.forEach((waiter) => waiter.resolve());
    this.waiters = [];
  }
}
