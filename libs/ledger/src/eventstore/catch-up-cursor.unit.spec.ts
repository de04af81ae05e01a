import { PassThrough } from 'node:stream';
import { CatchUpCursor, type CursorItem } from './catch-up-cursor.js';

/**
 * The cursor's one subtle duty is Node stream bookkeeping: putting signals that are
 * emitted out of band back behind the events that were already buffered when they fired.
 * A plain object-mode PassThrough buffers exactly like the client's subscription (both
 * are Transforms); nothing here imitates EventStoreDB.
 */
function setUp(): { stream: PassThrough; cursor: CatchUpCursor<string>; cancelled: () => number } {
  const stream = new PassThrough({ objectMode: true });
  let cancels = 0;
  const cursor = new CatchUpCursor<string>(stream, async () => {
    cancels++;
  });
  return { stream, cursor, cancelled: () => cancels };
}

async function take(cursor: CatchUpCursor<string>, count: number): Promise<CursorItem<string>[]> {
  const items: CursorItem<string>[] = [];
  for (let i = 0; i < count; i++) items.push(await cursor.next());
  return items;
}

const event = (value: string): CursorItem<string> => ({ kind: 'event', value });

describe('CatchUpCursor', () => {
  it('hands out "caught up" after the events buffered before it, not before', async () => {
    const { stream, cursor } = setUp();
    stream.write('a');
    stream.write('b');
    stream.emit('caughtUp');
    stream.write('c');
    expect(await take(cursor, 4)).toEqual([event('a'), event('b'), { kind: 'caught_up' }, event('c')]);
  });

  it('keeps its place when events were already taken when the signal fired', async () => {
    const { stream, cursor } = setUp();
    stream.write('a');
    expect(await cursor.next()).toEqual(event('a'));
    stream.write('b');
    stream.emit('fellBehind');
    cursor.checkpoint(42);
    stream.emit('caughtUp');
    expect(await take(cursor, 4)).toEqual([
      event('b'),
      { kind: 'fell_behind' },
      { kind: 'checkpoint', position: 42 },
      { kind: 'caught_up' },
    ]);
  });

  it('waits for items that have not arrived yet', async () => {
    const { stream, cursor } = setUp();
    const pending = cursor.next();
    setTimeout(() => stream.write('late'), 5);
    expect(await pending).toEqual(event('late'));
    const signal = cursor.next();
    setTimeout(() => stream.emit('caughtUp'), 5);
    expect(await signal).toEqual({ kind: 'caught_up' });
  });

  it('counts its backlog, so a subscription can tell when it is idle', async () => {
    const { stream, cursor } = setUp();
    stream.write('a');
    stream.emit('caughtUp');
    expect(cursor.buffered).toBe(2);
    await take(cursor, 2);
    expect(cursor.buffered).toBe(0);
  });

  it('hands out the events that arrived before a failure, then the failure', async () => {
    const { stream, cursor } = setUp();
    stream.write('a');
    stream.emit('error', new Error('connection lost'));
    expect(await cursor.next()).toEqual(event('a'));
    await expect(cursor.next()).rejects.toThrow('connection lost');
  });

  it('ends when the stream ends, and on close cancels the call once', async () => {
    const ended = setUp();
    ended.stream.end('last');
    expect(await take(ended.cursor, 2)).toEqual([event('last'), { kind: 'end' }]);

    const closed = setUp();
    const pending = closed.cursor.next();
    await Promise.all([closed.cursor.close(), closed.cursor.close()]);
    expect(await pending).toEqual({ kind: 'end' });
    expect(closed.cancelled()).toBe(1);
    expect(closed.stream.destroyed).toBe(true);
  });
});
