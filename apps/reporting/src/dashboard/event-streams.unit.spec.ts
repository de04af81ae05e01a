import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { EventStreams, sseFrame, type StreamSink } from './event-streams.js';

/** A response as the stream sees it, recording what was written and whether it ended. */
class FakeSink extends EventEmitter implements StreamSink {
  status = 0;
  headers: Record<string, string> = {};
  written: string[] = [];
  ended = false;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string) {
    this.written.push(chunk);
  }
  end() {
    this.ended = true;
  }
}

const settle = () => new Promise<void>((resolve) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(resolve));

describe('EventStreams', () => {
  let streams: EventStreams;
  beforeEach(() => {
    jest.useFakeTimers();
    streams = new EventStreams();
    streams.useTimings({ intervalMs: 1_000, heartbeatMs: 5_000 });
  });
  afterEach(() => jest.useRealTimers());

  it('given a stream, when it starts, then it answers text/event-stream and sends a reading at once', async () => {
    const sink = new FakeSink();
    streams.start(sink, 'dashboard', async () => ({ n: 1 }));
    await settle();
    expect(sink.status).toBe(200);
    expect(sink.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sink.written).toEqual([sseFrame('dashboard', { n: 1 })]);
  });

  it('given an open stream, when the intervals pass, then readings and a heartbeat comment follow', async () => {
    const sink = new FakeSink();
    let n = 0;
    streams.start(sink, 'dashboard', async () => ({ n: ++n }));
    await settle();
    for (let i = 0; i < 5; i++) {
      jest.advanceTimersByTime(1_000);
      await settle();
    }
    expect(sink.written.filter((w) => w.startsWith('event: dashboard'))).toHaveLength(6);
    expect(sink.written).toContain(': heartbeat\n\n');
  });

  it('given an open stream, when the client disconnects, then its timers are cleared and nothing more is written', async () => {
    const sink = new FakeSink();
    streams.start(sink, 'dashboard', async () => ({}));
    await settle();
    expect(jest.getTimerCount()).toBe(2);
    sink.emit('close');
    expect(jest.getTimerCount()).toBe(0);
    expect(streams.openCount).toBe(0);
    const before = sink.written.length;
    jest.advanceTimersByTime(60_000);
    await settle();
    expect(sink.written).toHaveLength(before);
  });

  it('given a client that left while its request was answered (the response already closed), when the stream starts, then it is ended at once and keeps no timer', async () => {
    for (const left of [{ destroyed: true }, { closed: true }, { socket: { destroyed: true } }]) {
      const sink = Object.assign(new FakeSink(), left);
      streams.start(sink, 'dashboard', async () => ({}));
      await settle();
      expect([streams.openCount, jest.getTimerCount(), sink.ended, sink.written]).toEqual([0, 0, true, []]);
    }
  });

  it('given open streams, when the app shuts down, then each is ended and no interval is left', async () => {
    const sinks = [new FakeSink(), new FakeSink()];
    for (const sink of sinks) streams.start(sink, 'dashboard', async () => ({}));
    streams.beforeApplicationShutdown();
    expect(sinks.every((sink) => sink.ended)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(streams.openCount).toBe(0);
  });

  it('given a reading that fails, when it is sent, then the stream carries a problem event and stays open', async () => {
    const sink = new FakeSink();
    streams.start(sink, 'dashboard', async () => Promise.reject(new Error('read models are down')));
    await settle();
    expect(sink.written[0]).toMatch(/^event: problem\n/);
    expect(streams.openCount).toBe(1);
    streams.beforeApplicationShutdown();
  });
});
