import type { NewEvent } from '#contracts';
import type { SqlDatabase } from '#sql';
import { SqlLedgerWriter } from './sql-ledger-writer.js';

/**
 * A database whose append calls each wait until the test lets them end, answering every group
 * written ("ok"); `calls` holds the streams each call carried, in the order the calls started.
 */
function heldDatabase() {
  const calls: string[][] = [];
  const release: (() => void)[] = [];
  const db = {
    engine: 'postgres',
    query: async (_sql: string, params: unknown[]) => {
      const streams = params[0] as string[];
      const newRevisions = params[4] as string[];
      const newHashes = params[5] as string[];
      calls.push(streams);
      await new Promise<void>((resolve) => release.push(resolve));
      return { rows: streams.map((_, i) => ({ grp: i + 1, status: 'ok', head_revision: newRevisions[i], head_hash: newHashes[i], last_position: i + 1, detail: null })) };
    },
  } as unknown as SqlDatabase;
  return { db, calls, release };
}

const event = (n: number): NewEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  version: 1,
  payload: { n },
  metadata: { occurredAt: '2026-12-06T00:00:00Z', correlationId: 'c', causationId: 'c', committeeId: 'C1' },
});

/** Appends one event to stream s-n, new. */
const appendTo = (writer: SqlLedgerWriter, n: number) => writer.write([{ streamId: `s-${n}`, events: [event(n)], expected: 'no_stream' }]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqlLedgerWriter: one append call at a time, a second only beside a stalled one', () => {
  it('given a call in flight, when three appends arrive meanwhile, then they wait and go together in the next call', async () => {
    const { db, calls, release } = heldDatabase();
    const writer = new SqlLedgerWriter(db, 'ledger', null, 4, () => undefined, 10_000);
    const first = appendTo(writer, 1);
    const rest = [2, 3, 4].map((n) => appendTo(writer, n));
    await sleep(20);
    expect(calls).toEqual([['s-1']]);
    release.shift()?.();
    await first;
    await sleep(5);
    expect(calls).toEqual([['s-1'], ['s-2', 's-3', 's-4']]);
    release.shift()?.();
    expect((await Promise.all(rest)).map(([r]) => r.nextExpectedRevision)).toEqual([0, 0, 0]);
  });

  it('given the call in flight held past the stall time, when an append waits, then a second call carries it beside the first', async () => {
    const { db, calls, release } = heldDatabase();
    const writer = new SqlLedgerWriter(db, 'ledger', null, 4, () => undefined, 30);
    const stuck = appendTo(writer, 1);
    const waiting = appendTo(writer, 2);
    await sleep(10);
    expect(calls).toEqual([['s-1']]);
    await sleep(60);
    expect(calls).toEqual([['s-1'], ['s-2']]);
    release[1]();
    const [written] = await waiting;
    expect(written.nextExpectedRevision).toBe(0);
    release[0]();
    await stuck;
  });

  it('given a stuck call and a second beside it, when more appends arrive, then they wait for the second (one healthy call at a time), not a third call each', async () => {
    const { db, calls, release } = heldDatabase();
    const writer = new SqlLedgerWriter(db, 'ledger', null, 4, () => undefined, 30);
    const stuck = appendTo(writer, 1);
    await sleep(40);
    const second = appendTo(writer, 2);
    const more = [3, 4].map((n) => appendTo(writer, n));
    await sleep(5);
    expect(calls).toEqual([['s-1'], ['s-2']]);
    release[1]();
    await second;
    await sleep(5);
    expect(calls).toEqual([['s-1'], ['s-2'], ['s-3', 's-4']]);
    release[2]();
    await Promise.all(more);
    release[0]();
    await stuck;
  });

  it('given a limit of one call (the embedded engine, one session), when the call in flight is held, then the next append waits for it however long', async () => {
    const { db, calls, release } = heldDatabase();
    const writer = new SqlLedgerWriter(db, 'ledger', null, 1, () => undefined, 10);
    const first = appendTo(writer, 1);
    const second = appendTo(writer, 2);
    await sleep(50);
    expect(calls).toEqual([['s-1']]);
    release.shift()?.();
    await first;
    await sleep(5);
    release.shift()?.();
    await second;
    expect(calls).toEqual([['s-1'], ['s-2']]);
  });
});
