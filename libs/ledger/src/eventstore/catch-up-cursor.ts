export type CursorItem<T> =
  | { kind: 'event'; value: T }
  /** The server has scanned `$all` up to here (filtered subscriptions report this now and then). */
  | { kind: 'checkpoint'; position: number }
  /** The server switched to live: everything before this item was all it had. */
  | { kind: 'caught_up' }
  /** The server fell back to catching up (EventStoreDB 24.2 and later do this instead of dropping). */
  | { kind: 'fell_behind' }
  | { kind: 'end' };

type Signal<T> = Exclude<CursorItem<T>, { kind: 'event' } | { kind: 'end' }>;

/**
 * The part of the client's subscription (an object-mode Readable that also emits
 * 'caughtUp' and 'fellBehind') the cursor uses; structural, because the client is typed
 * against an older @types/node than ours.
 */
export interface SignallingStream {
  read(): unknown;
  readonly readableLength: number;
  on(event: string, listener: (...args: never[]) => void): unknown;
  destroy(): unknown;
}

/**
 * Pulls a catch-up subscription one item at a time, with its out-of-band signals put back
 * in their place among the events.
 *
 * The client emits `caughtUp` (and calls the checkpoint callback) while it processes the
 * server's message, but the events before that message may still sit in the stream's
 * buffer, unread. Read naively, "caught up" would arrive before the last catch-up events.
 * Since every event the stream produced has either been taken by us or is still buffered,
 * `taken + readableLength` at the moment of the signal is exactly the number of events that
 * precede it; the signal is handed out once that many have been taken.
 */
export class CatchUpCursor<T> {
  private taken = 0;
  private readonly marks: { at: number; signal: Signal<T> }[] = [];
  private failure: Error | null = null;
  private finished = false;
  private closing: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly stream: SignallingStream,
    private readonly cancel: () => Promise<void>,
  ) {
    // A 'readable' listener puts the stream in paused mode: nothing flows unless we read().
    stream.on('readable', () => this.notify());
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
    stream.on('error', (error: Error) => {
      this.failure ??= error;
      this.notify();
    });
    stream.on('caughtUp', () => this.mark({ kind: 'caught_up' }));
    stream.on('fellBehind', () => this.mark({ kind: 'fell_behind' }));
  }

  /** Wired to the filter's checkpoint callback, which the client calls in stream order. */
  checkpoint(position: number): void {
    this.mark({ kind: 'checkpoint', position });
  }

  /** Items received but not yet handed out. */
  get buffered(): number {
    return this.stream.readableLength + this.marks.length;
  }

  async next(): Promise<CursorItem<T>> {
    for (;;) {
      const mark = this.marks[0];
      if (mark && mark.at <= this.taken) {
        this.marks.shift();
        return mark.signal;
      }
      const value = this.finished ? null : (this.stream.read() as T | null);
      if (value !== null) {
        this.taken++;
        return { kind: 'event', value };
      }
      // Events that arrived before a failure are still handed out first.
      if (this.failure) throw this.failure;
      if (this.finished) return { kind: 'end' };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Cancels the server call and releases the stream; `next()` then answers 'end'. */
  close(): Promise<void> {
    this.closing ??= this.cancelAndDestroy();
    return this.closing;
  }

  private async cancelAndDestroy(): Promise<void> {
    this.finish();
    try {
      await this.cancel();
    } finally {
      this.stream.destroy();
    }
  }

  private mark(signal: Signal<T>): void {
    this.marks.push({ at: this.taken + this.stream.readableLength, signal });
    this.notify();
  }

  private finish(): void {
    this.finished = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
