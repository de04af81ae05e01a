import process from 'node:process';
import { jest } from '@jest/globals';
import type { NewEvent } from '#contracts';
import { InMemoryLedger } from '#testing';
import { BoundedAggregateCache } from './aggregate-cache.js';
import { handleCommand, type StreamFold } from './handle-command.js';
import { loadStreams, streamLoad } from './load-streams.js';

/** A tally that keeps every amount, so a state shows which events were folded into it, in order. */
type Added = NewEvent<'Added', { amount: number }>;
const tally: StreamFold<number[], Added> = {
  evolve: (amounts, event) => [...amounts, event.payload.amount],
  initialState: () => [],
  snapshot: {
    schema: 'tally/1',
    encode: (amounts) => ({ amounts }),
    decode: (data) => {
      const { amounts } = data as { amounts: unknown };
      if (!Array.isArray(amounts)) throw new TypeError('not a tally');
      return amounts as number[];
    },
  },
};
const STREAM = 'tally-1';
const added = (n: number): Added => ({
  eventId: `e-${n}`,
  type: 'Added',
  version: 1,
  payload: { amount: n },
  metadata: { occurredAt: '2026-06-01T12:00:00.000Z', correlationId: `c-${n}`, causationId: `c-${n}`, committeeId: 'c-1' },
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A ledger keeping a snapshot every 4 events, with `count` events in the tally stream. */
async function given(count: number, options: { snapshotInterval?: number } = { snapshotInterval: 4 }): Promise<InMemoryLedger> {
  const ledger = new InMemoryLedger(options);
  for (const n of range(0, count)) await ledger.append(STREAM, [added(n)], 'any');
  return ledger;
}

const load = async (ledger: InMemoryLedger, cache?: BoundedAggregateCache<number[]>) => (await loadStreams(ledger, [streamLoad(STREAM, tally, cache)]))[0];

describe('loadStreams with snapshots', () => {
  describe('given a stream of 10 events, no snapshot yet, and a process that keeps states', () => {
    it('then the whole stream is read, and a snapshot of its state at revision 9 is offered and known to the cache', async () => {
      const ledger = await given(10);
      const cache = new BoundedAggregateCache<number[]>(10);
      const loaded = await load(ledger, cache);
      expect([loaded.state, loaded.revision, loaded.events.length]).toEqual([range(0, 10), 9, 10]);
      expect(ledger.snapshots!.offered).toEqual([{ streamId: STREAM, schema: 'tally/1', revision: 9, state: { amounts: range(0, 10) } }]);
      expect(cache.get(STREAM)?.snapshotRevision).toBe(9);
    });
  });

  describe('given a snapshot at revision 9 and three events after it', () => {
    it('then a process that keeps nothing of the stream reads the snapshot and the three events only, and folds the same state', async () => {
      const ledger = await given(10);
      await load(ledger, new BoundedAggregateCache(10));
      for (const n of range(10, 13)) await ledger.append(STREAM, [added(n)], n - 1);
      const loaded = await load(ledger, new BoundedAggregateCache(10));
      expect(loaded.state).toEqual(range(0, 13));
      expect(loaded.events.map((e) => e.revision)).toEqual([10, 11, 12]);
      expect(ledger.snapshots!.reads).toBe(2);
      // Three events since the snapshot, fewer than the interval: no new one.
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9]);
    });

    it('then a caller that keeps no states still reads the whole stream, and neither reads nor offers a snapshot', async () => {
      const ledger = await given(10);
      await load(ledger, new BoundedAggregateCache(10));
      const loaded = await load(ledger);
      expect(loaded.events.length).toBe(10);
      expect([ledger.snapshots!.reads, ledger.snapshots!.offered.length]).toEqual([1, 1]);
    });
  });

  describe('given states kept after the process appended them itself (handleCommand with the cache)', () => {
    it('then the snapshot known is kept with them, and the next is offered once the interval is reached again', async () => {
      const ledger = await given(10);
      const cache = new BoundedAggregateCache<number[]>(10);
      await load(ledger, cache);
      for (const n of range(10, 14)) {
        await handleCommand(ledger, STREAM, tally, () => [added(n)], { cache });
        await load(ledger, cache);
      }
      expect(cache.get(STREAM)).toMatchObject({ revision: 13, snapshotRevision: 13 });
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9, 13]);
      expect(ledger.snapshots!.offered[1].state).toEqual({ amounts: range(0, 14) });
    });

    it('then the next snapshot is the state an append left, taken with no read after it, and a restarted process reads it with no tail and offers none', async () => {
      const ledger = await given(10);
      const cache = new BoundedAggregateCache<number[]>(10);
      await load(ledger, cache);
      for (const n of range(10, 14)) await handleCommand(ledger, STREAM, tally, () => [added(n)], { cache });
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9, 13]);
      expect(ledger.snapshots!.offered[1].state).toEqual({ amounts: range(0, 14) });
      const restarted = new BoundedAggregateCache<number[]>(10);
      const loaded = await load(ledger, restarted);
      expect([loaded.state, loaded.events.length, restarted.get(STREAM)?.snapshotRevision]).toEqual([range(0, 14), 0, 13]);
      expect(ledger.snapshots!.offered).toHaveLength(2);
    });

    it('then a state its codec cannot write is kept but not offered, and the command that made it still succeeds', async () => {
      const ledger = await given(3);
      const brittle: StreamFold<number[], Added> = { ...tally, snapshot: { ...tally.snapshot!, schema: 'brittle/1', encode: () => { throw new TypeError('cannot write this state'); } } };
      const cache = new BoundedAggregateCache<number[]>(10);
      const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        await loadStreams(ledger, [streamLoad(STREAM, brittle, cache)]);
        for (const n of range(3, 8)) await handleCommand(ledger, STREAM, brittle, () => [added(n)], { cache });
        expect(cache.get(STREAM)).toMatchObject({ state: range(0, 8), revision: 7, snapshotRevision: undefined });
        expect(ledger.snapshots!.offered).toEqual([]);
        expect(warnings.mock.calls.map(([message]) => String(message))).toEqual(['ledger snapshots: a brittle/1 state could not be written as a snapshot: cannot write this state']);
      } finally {
        warnings.mockRestore();
      }
    });

    it('then a state that is not newer than the one kept is neither kept nor offered', async () => {
      const ledger = await given(10);
      const cache = new BoundedAggregateCache<number[]>(10);
      await load(ledger, cache);
      await handleCommand(ledger, STREAM, tally, () => [added(10)], { cache });
      cache.set(STREAM, { state: [], revision: 4 });
      expect(cache.get(STREAM)).toMatchObject({ revision: 10, snapshotRevision: 9 });
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9]);
    });
  });

  describe('given a command on a stream with a snapshot, in a process that keeps nothing of it yet (a refund after a restart)', () => {
    it('then handleCommand with a cache starts from the snapshot and reads only the tail, decides on the whole state, and keeps (and snapshots) what it appended', async () => {
      const ledger = await given(10);
      await load(ledger, new BoundedAggregateCache(10));
      for (const n of range(10, 13)) await ledger.append(STREAM, [added(n)], n - 1);
      const readsBefore = ledger.snapshots!.reads;
      const cache = new BoundedAggregateCache<number[]>(10);
      const result = await handleCommand(ledger, STREAM, tally, (state) => [added(state.length)], { cache });
      expect([result.before, result.loaded.revision, result.loaded.events.map((e) => e.revision)]).toEqual([range(0, 13), 12, [10, 11, 12]]);
      expect(ledger.snapshots!.reads).toBe(readsBefore + 1);
      // The append's state is the interval past the snapshot read: the next is taken from it.
      expect(cache.get(STREAM)).toMatchObject({ state: range(0, 14), revision: 13, snapshotRevision: 13 });
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9, 13]);
    });

    it('then handleCommand without a cache reads the whole stream, every event in what it loaded, and no snapshot', async () => {
      const ledger = await given(10);
      await load(ledger, new BoundedAggregateCache(10));
      const readsBefore = ledger.snapshots!.reads;
      const result = await handleCommand(ledger, STREAM, tally, (state) => [added(state.length)]);
      expect([result.before, result.loaded.events.length, ledger.snapshots!.reads]).toEqual([range(0, 10), 10, readsBefore]);
    });

    it('then a lost race reads the snapshot and the new tail again, and decides on the state the rival left', async () => {
      const ledger = await given(10);
      await load(ledger, new BoundedAggregateCache(10));
      const cache = new BoundedAggregateCache<number[]>(10);
      let rivalWrote = false;
      const result = await handleCommand(
        ledger,
        STREAM,
        tally,
        async (state) => {
          if (!rivalWrote) {
            rivalWrote = true;
            await ledger.append(STREAM, [added(100)], 9);
          }
          return [added(state.length)];
        },
        { cache },
      );
      expect([result.attempts, result.before, result.after]).toEqual([2, [...range(0, 10), 100], [...range(0, 10), 100, 11]]);
    });
  });

  describe('given a snapshot that cannot be read back, or one of another schema', () => {
    it('then the stream is read from its start, folded right, and a readable snapshot offered in its place', async () => {
      const ledger = await given(10);
      ledger.snapshots!.put({ streamId: STREAM, schema: 'tally/1', revision: 5, state: { amounts: 'damaged' } });
      const loaded = await load(ledger, new BoundedAggregateCache(10));
      expect([loaded.state, loaded.events.length]).toEqual([range(0, 10), 10]);
      expect(ledger.snapshots!.offered.map((s) => s.revision)).toEqual([9]);
      expect((await load(ledger, new BoundedAggregateCache(10))).events.length).toBe(0);
    });

    it('then a snapshot kept under another schema (an older fold) is never read', async () => {
      const ledger = await given(6);
      ledger.snapshots!.put({ streamId: STREAM, schema: 'tally/0', revision: 5, state: { amounts: [99] } });
      const loaded = await load(ledger, new BoundedAggregateCache(10));
      expect(loaded.state).toEqual(range(0, 6));
    });
  });

  describe('given a ledger that keeps no snapshots', () => {
    it('then states are kept in memory only, as before', async () => {
      const ledger = await given(10, {});
      const cache = new BoundedAggregateCache<number[]>(10);
      const loaded = await load(ledger, cache);
      expect([loaded.state, cache.get(STREAM)?.snapshotRevision]).toEqual([range(0, 10), undefined]);
    });
  });
});
