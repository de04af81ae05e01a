import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';

/** How often a stream sends a fresh reading: the dashboard's old poll, now pushed. */
export const STREAM_INTERVAL_MS = 2_000;
/** A comment line this often keeps proxies (nginx, the ingress) from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/** The part of a response (Express's, or a test's) a stream writes to. */
export interface StreamSink {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): unknown;
  end(): unknown;
  once(event: 'close', listener: () => void): unknown;
  flushHeaders?(): void;
  /** Node's response: set once the connection is gone (its 'close' is then already past). */
  readonly destroyed?: boolean;
  readonly closed?: boolean;
  readonly socket?: { readonly destroyed?: boolean } | null;
}

/** Whether the client went away before the stream began (a page closed while its request was answered). */
const gone = (sink: StreamSink): boolean => sink.destroyed === true || sink.closed === true || sink.socket?.destroyed === true;

export interface StreamTimings {
  intervalMs: number;
  heartbeatMs: number;
}

/** A server-sent event: named, one JSON line of data, ended by a blank line. */
export const sseFrame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Every open text/event-stream of this process. Each sends a reading at once and then every
 * interval, and a heartbeat comment between; its timers are cleared when the client goes away
 * and, for those still open, before the app shuts down, so neither leaves an interval behind
 * nor holds the HTTP server's close waiting.
 */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventStreams.name);
  private readonly open = new Set<() => void>();
  private timings: StreamTimings = { intervalMs: STREAM_INTERVAL_MS, heartbeatMs: HEARTBEAT_MS };

  /** Faster timings, for a spec that must see several readings quickly. */
  useTimings(timings: StreamTimings): void {
    this.timings = timings;
  }

  get openCount(): number {
    return this.open.size;
  }

  start(sink: StreamSink, event: string, read: () => Promise<unknown>): void {
    sink.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    sink.flushHeaders?.();
    let reading = false;
    const push = async () => {
      // A slow read is not stacked on by the next tick.
      if (reading) return;
      reading = true;
      try {
        const data = await read();
        if (this.open.has(close)) sink.write(sseFrame(event, data));
      } catch (error) {
        if (this.open.has(close)) sink.write(sseFrame('problem', { title: 'The reading failed', detail: (error as Error).message }));
        this.logger.warn(`A ${event} reading failed: ${(error as Error).message}`);
      } finally {
        reading = false;
      }
    };
    const interval = setInterval(() => void push(), this.timings.intervalMs);
    const heartbeat = setInterval(() => sink.write(': heartbeat\n\n'), this.timings.heartbeatMs);
    const close = () => {
      if (!this.open.delete(close)) return;
      clearInterval(interval);
      clearInterval(heartbeat);
      sink.end();
    };
    this.open.add(close);
    sink.once('close', close);
    // A client that left while its request was being authorised has closed already, and a
    // 'close' listener added after the fact never runs: the stream would stay open for good.
    if (gone(sink)) {
      close();
      return;
    }
    void push();
  }

  beforeApplicationShutdown(): void {
    for (const close of [...this.open]) close();
  }
}
