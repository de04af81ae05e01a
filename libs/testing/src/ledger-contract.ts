import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '#contracts';
import {
  type LedgerStore,
  type ExpectedRevision,
  WrongExpectedRevisionError,
  DuplicateEventIdError,
  verifyStreamChain,
} from '#ledger';

export interface LedgerUnderTest {
  store: LedgerStore;
  /** Changes one byte of a stored event's payload behind the store's back, as an intruder with database access would. */
  tamper?: (streamId: string, revision: number) => Promise<void>;
  /** Tries a plain UPDATE and DELETE of a stored event, as a careless operator would; must reject. */
  attemptEdit?: (streamId: string, revision: number) => Promise<void>;
  /** Opens a second store on the same storage, as a restarted process would. */
  reopen?: () => Promise<LedgerStore>;
  /**
   * A writer whose transaction has begun (and taken its place in the commit order) but not
   * committed: appends through it stay invisible until `commit`, as a slow process's would.
   */
  slowWriter?: () => Promise<{ store: LedgerStore; commit: () => Promise<void> }>;
  dispose: () => Promise<void>;
}

export type LedgerFactory = () => Promise<LedgerUnderTest>;

export function newEvent(type = 'DonationReceived', payload: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    version: 1,
    payload: { note: 'contract', ...payload },
    metadata: {
      occurredAt: '2026-03-01T12:00:00.000Z',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      committeeId: 'c-contract',
      donorId: 'd-1',
    },
  };
}

const events = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => newEvent('Noted', { i }));

async function collect(
  store: LedgerStore,
  prefix: string,
  after: number | null,
  until: (seen: RecordedEvent[]) => boolean,
): Promise<{ seen: RecordedEvent[]; last: number | null }> {
  const seen: RecordedEvent[] = [];
  const sub = store.subscribeToAll({ after, filter: { streamPrefixes: [prefix] } }, async (e) => {
    seen.push(e);
  });
  const deadline = Date.now() + 15_000;
  while (!until(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sub.stop();
  return { seen, last: sub.lastPosition };
}

/**
 * The promises every LedgerStore adapter keeps. Each test works in streams of its own
 * (a random prefix) so adapters that cannot be wiped between tests still pass.
 */
export function describeLedgerContract(name: string, factory: LedgerFactory | null, skipReason?: string): void {
  if (!factory) {
    describe(`LedgerStore contract: ${name}`, () => {
      it.skip(`SKIPPED: ${skipReason ?? 'adapter not available'}`, () => undefined);
    });
    return;
  }
  describe(`LedgerStore contract: ${name}`, () => {
    let ut: LedgerUnderTest;
    let store: LedgerStore;
    let prefix: string;
    const stream = (n = 'a'): string => `${prefix}${n}`;

    beforeAll(async () => {
      ut = await factory();
      store = ut.store;
    });
    afterAll(async () => {
      await ut?.dispose();
    });
    beforeEach(() => {
      prefix = `ct${randomUUID().slice(0, 8)}-`;
    });

    describe('expected revision', () => {
      it('appends to a new stream with no_stream and refuses a second no_stream', async () => {
        const first = await store.append(stream(), events(2), 'no_stream');
        expect(first).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
        await expect(store.append(stream(), events(1), 'no_stream')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('accepts the exact revision and refuses a stale one without writing', async () => {
        await store.append(stream(), events(1), 'no_stream');
        await store.append(stream(), events(1), 0);
        const error = await store.append(stream(), events(1), 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(1);
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('refuses an exact revision on a stream that does not exist', async () => {
        await expect(store.append(stream(), events(1), 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('stream_exists needs at least one event; any always appends', async () => {
        await expect(store.append(stream(), events(1), 'stream_exists')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store.append(stream(), events(1), 'any');
        const result = await store.append(stream(), events(2), 'stream_exists');
        expect(result.nextExpectedRevision).toBe(2);
        await store.append(stream(), events(1), 'any');
        expect((await store.readStream(stream())).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });

      it('lets exactly one of many concurrent appenders with the same expectation win', async () => {
        await store.append(stream(), events(1), 'no_stream');
        const attempts = await Promise.allSettled(
          Array.from({ length: 12 }, () => store.append(stream(), events(1), 0 as ExpectedRevision)),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a) => a.status === 'rejected');
        expect(won).toHaveLength(1);
        lost.forEach((a) => expect((a as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError));
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('lets exactly one of concurrent creators of a new stream win', async () => {
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(stream(), events(1), 'no_stream')),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream())).toHaveLength(1);
      });
    });

    describe('idempotency by event id', () => {
      it('treats a repeated append of the same events as a no-op with the original result', async () => {
        const batch = events(2);
        const first = await store.append(stream(), batch, 'no_stream');
        const again = await store.append(stream(), batch, 'no_stream');
        const againAny = await store.append(stream(), batch, 'any');
        expect(again).toEqual({ ...first, duplicate: true });
        expect(againAny).toEqual({ ...first, duplicate: true });
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('writes a retried event once even when concurrent copies race', async () => {
        const one = events(1);
        await Promise.allSettled(Array.from({ length: 6 }, () => store.append(stream(), one, 'any')));
        expect(await store.readStream(stream())).toHaveLength(1);
      });

      // Concurrent copies of one request (two replicas, a client retrying before the first
      // answer): the port answers duplicate "whatever the expected revision", so a copy that
      // lost the race must not see the winner's write as a revision conflict.
      const raceCopies = async (batch: NewEvent[], expected: ExpectedRevision, copies = 8) => {
        const results = await Promise.all(Array.from({ length: copies }, () => store.append(stream(), batch, expected)));
        const written = results.filter((r) => !r.duplicate);
        expect(written).toHaveLength(1);
        results.forEach((r) => expect(r).toEqual({ ...written[0], duplicate: r.duplicate }));
        return written[0];
      };

      it('answers duplicate to every concurrent copy of a stream-creating append (no_stream)', async () => {
        const batch = events(2);
        const written = await raceCopies(batch, 'no_stream');
        expect(written.nextExpectedRevision).toBe(1);
        expect((await store.readStream(stream())).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
      });

      it('answers duplicate to every concurrent copy of an append at an exact revision', async () => {
        await store.append(stream(), events(1), 'no_stream');
        const [one] = events(1);
        const written = await raceCopies([one], 0);
        expect(written.nextExpectedRevision).toBe(1);
        expect((await store.readStream(stream())).map((e) => e.eventId).filter((id) => id === one.eventId)).toHaveLength(1);
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('answers duplicate to every concurrent copy of an append with any', async () => {
        await store.append(stream(), events(1), 'no_stream');
        const [one] = events(1);
        const written = await raceCopies([one], 'any');
        expect(written.nextExpectedRevision).toBe(1);
        expect((await store.readStream(stream())).map((e) => e.eventId)).toHaveLength(2);
        expect(verifyStreamChain(await store.readStream(stream())).ok).toBe(true);
      });

      it('keeps an id to its first stream and content when copies differ and race', async () => {
        const [one] = events(1);
        const copies = Array.from({ length: 8 }, (_, i) => ({
          streamId: stream(i % 2 === 0 ? 'a' : 'b'),
          event: { ...one, payload: { note: 'contract', copy: i } },
        }));
        const settled = await Promise.allSettled(copies.map((c) => store.append(c.streamId, [c.event], 'no_stream')));
        const written = settled.flatMap((s, i) => (s.status === 'fulfilled' && !s.value.duplicate ? [copies[i]] : []));
        expect(written).toHaveLength(1);
        const [stored] = await store.readStream(written[0].streamId);
        expect(stored.payload).toEqual(written[0].event.payload);
        settled.forEach((s, i) => {
          if (copies[i].streamId === written[0].streamId) {
            expect(s).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0, position: stored.position } });
          } else {
            expect((s as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
          }
        });
        const other = written[0].streamId === stream('a') ? stream('b') : stream('a');
        expect(await store.readStream(other)).toEqual([]);
      });

      it('refuses an event id already used in another stream', async () => {
        const one = events(1);
        await store.append(stream('a'), one, 'any');
        await expect(store.append(stream('b'), one, 'any')).rejects.toThrow(/already/);
        expect(await store.readStream(stream('b'))).toEqual([]);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards, from a revision, with a limit', async () => {
        await store.append(stream(), events(5), 'no_stream');
        const forwards = await store.readStream(stream());
        expect(forwards.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(forwards.map((e) => e.payload)).toEqual([0, 1, 2, 3, 4].map((i) => ({ note: 'contract', i })));
        const backwards = await store.readStream(stream(), { direction: 'backwards', maxCount: 2 });
        expect(backwards.map((e) => e.revision)).toEqual([4, 3]);
        const middle = await store.readStream(stream(), { fromRevision: 2, maxCount: 2 });
        expect(middle.map((e) => e.revision)).toEqual([2, 3]);
        const back = await store.readStream(stream(), { direction: 'backwards', fromRevision: 1 });
        expect(back.map((e) => e.revision)).toEqual([1, 0]);
      });

      it('returns the envelope as written, with record time and chain', async () => {
        const [written] = events(1);
        await store.append(stream(), [written], 'no_stream');
        const [read] = await store.readStream(stream());
        expect(read).toMatchObject({
          eventId: written.eventId,
          type: written.type,
          version: written.version,
          payload: written.payload,
          metadata: written.metadata,
          streamId: stream(),
          revision: 0,
          prevHash: '',
        });
        expect(new Date(read.recordedAt).toISOString()).toBe(read.recordedAt);
        expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('reads several streams after a revision each, in request order', async () => {
        await store.append(stream('a'), events(3), 'no_stream');
        await store.append(stream('b'), events(2), 'no_stream');
        const tails = await store.readStreams([
          { streamId: stream('b'), afterRevision: null },
          { streamId: stream('missing'), afterRevision: null },
          { streamId: stream('a'), afterRevision: 1 },
          { streamId: stream('a2'), afterRevision: 4 },
          { streamId: stream('b'), afterRevision: 0 },
          { streamId: stream('a'), afterRevision: 1 },
        ]);
        expect(tails.map((t) => t.map((e) => `${e.streamId.slice(prefix.length)}@${e.revision}`))).toEqual([['b@0', 'b@1'], [], ['a@2'], [], ['b@1'], ['a@2']]);
      });

      it('returns an empty array for a stream that does not exist', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });
    });

    describe('global order', () => {
      it('gives every event a strictly increasing position, the same on every read', async () => {
        await store.append(stream('a'), events(2), 'any');
        await store.append(stream('b'), events(1), 'any');
        await store.append(stream('a'), events(1), 'any');
        const filter = { streamPrefixes: [prefix] };
        const first = await store.readAll({ filter });
        const second = await store.readAll({ filter });
        expect(first.map((e) => e.streamId)).toEqual([stream('a'), stream('a'), stream('b'), stream('a')]);
        expect(second.map((e) => e.position)).toEqual(first.map((e) => e.position));
        first.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(first[i].position));
        const rest = await store.readAll({ filter, after: first[1].position, maxCount: 1 });
        expect(rest.map((e) => e.eventId)).toEqual([first[2].eventId]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(first[3].position);
      });

      it('keeps global order consistent with each stream under concurrent appends', async () => {
        await Promise.all(
          Array.from({ length: 6 }, (_, s) =>
            (async () => {
              for (let i = 0; i < 5; i++) await store.append(stream(`s${s}`), events(1), 'any');
            })(),
          ),
        );
        const all = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(all).toHaveLength(30);
        const lastRevision = new Map<string, number>();
        for (const e of all) {
          expect(e.revision).toBe((lastRevision.get(e.streamId) ?? -1) + 1);
          lastRevision.set(e.streamId, e.revision);
        }
      });

      it('filters by event type', async () => {
        await store.append(stream(), [newEvent('Kept'), newEvent('Dropped'), newEvent('Kept')], 'any');
        const kept = await store.readAll({ filter: { streamPrefixes: [prefix], eventTypes: ['Kept'] } });
        expect(kept.map((e) => e.type)).toEqual(['Kept', 'Kept']);
      });
    });

    describe('appending to several streams at once', () => {
      it('writes every stream with its own revision and answers in request order', async () => {
        await store.append(stream('b'), events(2), 'no_stream');
        const results = await store.appendMany([
          { streamId: stream('a'), events: events(2), expected: 'no_stream' },
          { streamId: stream('b'), events: events(1), expected: 1 },
        ]);
        expect(results.map((r) => [r.nextExpectedRevision, r.duplicate])).toEqual([
          [1, false],
          [2, false],
        ]);
        expect((await store.readStream(stream('b'))).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('writes nothing at all when one expectation fails, where the adapter is atomic', async () => {
        if (!store.atomicMultiStreamAppend) return;
        await store.append(stream('b'), events(1), 'no_stream');
        await expect(
          store.appendMany([
            { streamId: stream('a'), events: events(1), expected: 'no_stream' },
            { streamId: stream('b'), events: events(1), expected: 5 },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream('a'))).toEqual([]);
        expect(await store.readStream(stream('b'))).toHaveLength(1);
      });

      it('answers a repeated multi-stream append as duplicate, stream by stream', async () => {
        const requests = [
          { streamId: stream('a'), events: events(1), expected: 'no_stream' as const },
          { streamId: stream('b'), events: events(2), expected: 'any' as const },
        ];
        const first = await store.appendMany(requests);
        const again = await store.appendMany(requests);
        expect(again).toEqual(first.map((r) => ({ ...r, duplicate: true })));
      });
    });

    describe('subscribers under concurrent appenders', () => {
      it('deliver every committed event once, in position order, across restarts from the checkpoint', async () => {
        const writers = Array.from({ length: 8 }, (_, w) =>
          (async () => {
            for (let i = 0; i < 15; i++) await store.append(stream(`w${w}`), events(1 + (i % 3)), 'any');
          })(),
        );
        const delivered: RecordedEvent[] = [];
        let checkpoint: number | null = null;
        const writing = Promise.all(writers);
        let finished = false;
        void writing.then(() => (finished = true));
        // A subscriber that keeps stopping and resuming from its checkpoint while writers run.
        while (!finished || delivered.length < 240) {
          const run = await collect(store, prefix, checkpoint, (seen) => seen.length >= 25 || (finished && delivered.length + seen.length >= 240));
          delivered.push(...run.seen);
          checkpoint = run.last ?? checkpoint;
          if (finished && run.seen.length === 0) break;
        }
        await writing;
        const inLedger = (await store.readAll({ filter: { streamPrefixes: [prefix] }, maxCount: 1000 })).map((e) => e.eventId);
        expect(inLedger).toHaveLength(240);
        expect(delivered.map((e) => e.eventId)).toEqual(inLedger);
        delivered.slice(1).forEach((e, i) => expect(e.position).toBeGreaterThan(delivered[i].position));
      });

      it('never passes an append that began first and committed last', async () => {
        if (!ut.slowWriter) return;
        const slow = await ut.slowWriter();
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeToAll({ after: null, filter: { streamPrefixes: [prefix] } }, async (e) => {
          seen.push(e);
        });
        await slow.store.append(stream('slow'), events(1), 'no_stream');
        await store.append(stream('fast'), events(2), 'no_stream');
        await new Promise((r) => setTimeout(r, 300));
        const beforeCommit = seen.length;
        await slow.commit();
        const deadline = Date.now() + 10_000;
        while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await sub.stop();
        // Whatever was delivered before the slow commit, the slow event still came, exactly once.
        expect(beforeCommit).toBe(0);
        expect(seen.map((e) => e.streamId).sort()).toEqual([stream('fast'), stream('fast'), stream('slow')]);
        expect(seen.map((e) => e.eventId)).toEqual((await store.readAll({ filter: { streamPrefixes: [prefix] } })).map((e) => e.eventId));
      });

      it('is caught up only once it has delivered what was committed before the call, even while an older append holds the final line', async () => {
        if (!ut.slowWriter) return;
        const slow = await ut.slowWriter();
        let open = true;
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeToAll({ after: null, filter: { streamPrefixes: [prefix] } }, async (e) => {
          seen.push(e);
        });
        try {
          await slow.store.append(stream('slow'), events(1), 'no_stream');
          await store.append(stream('a'), events(3), 'no_stream');
          let caught = false;
          const caughtUp = sub.caughtUp().then(() => (caught = true));
          await new Promise((r) => setTimeout(r, 300));
          // The three appends are committed but not final while the older append is open: not yet.
          expect([caught, seen.length]).toEqual([false, 0]);
          open = false;
          await slow.commit();
          await caughtUp;
          expect(seen.map((e) => e.streamId)).toEqual([stream('slow'), stream('a'), stream('a'), stream('a')]);
        } finally {
          // A failed expectation must not leave the older append holding its locks for the tests after it.
          if (open) await slow.commit();
          await sub.stop();
        }
      });
    });

    describe('subscriptions', () => {
      it('catches up, then follows live appends', async () => {
        await store.append(stream('a'), events(3), 'any');
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeToAll({ after: null, filter: { streamPrefixes: [prefix] } }, async (e) => {
          seen.push(e);
        });
        await sub.caughtUp();
        expect(seen).toHaveLength(3);
        await store.append(stream('b'), events(2), 'any');
        const deadline = Date.now() + 10_000;
        while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await sub.stop();
        expect(seen.map((e) => e.streamId)).toEqual([...Array(3).fill(stream('a')), stream('b'), stream('b')]);
        expect(sub.lastPosition).toBe(seen[4].position);
      });

      it('resumes from its checkpoint missing nothing and repeating nothing', async () => {
        await store.append(stream('a'), events(4), 'any');
        const firstRun = await collect(store, prefix, null, (seen) => seen.length >= 4);
        await store.append(stream('b'), events(3), 'any');
        const secondRun = await collect(store, prefix, firstRun.last, (seen) => seen.length >= 3);
        await store.append(stream('a'), events(2), 'any');
        const thirdRun = await collect(store, prefix, secondRun.last, (seen) => seen.length >= 2);
        const delivered = [...firstRun.seen, ...secondRun.seen, ...thirdRun.seen].map((e) => e.eventId);
        const inLedger = (await store.readAll({ filter: { streamPrefixes: [prefix] } })).map((e) => e.eventId);
        expect(delivered).toEqual(inLedger);
        expect(new Set(delivered).size).toBe(9);
      });

      it('stops on a failing handler without passing the event', async () => {
        await store.append(stream(), events(3), 'any');
        let calls = 0;
        const sub = store.subscribeToAll({ after: null, filter: { streamPrefixes: [prefix] } }, async () => {
          calls++;
          if (calls === 2) throw new Error('handler failed');
        });
        await expect(sub.done).rejects.toThrow('handler failed');
        const all = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(sub.lastPosition).toBe(all[0].position);
      });
    });

    describe('hash chain', () => {
      it('links every event to the one before it and verifies', async () => {
        await store.append(stream(), events(3), 'no_stream');
        await store.append(stream(), events(2), 2);
        const chain = await store.readStream(stream());
        expect(chain[0].prevHash).toBe('');
        chain.slice(1).forEach((e, i) => expect(e.prevHash).toBe(chain[i].hash));
        expect(verifyStreamChain(chain)).toEqual({ ok: true, checked: 5 });
      });

      it('detects a changed byte and names the event', async () => {
        await store.append(stream(), events(4), 'no_stream');
        if (ut.tamper) {
          await ut.tamper(stream(), 2);
          const verdict = verifyStreamChain(await store.readStream(stream()));
          expect(verdict.ok).toBe(false);
          expect(verdict.firstBad).toMatchObject({ streamId: stream(), revision: 2, problem: 'hash_mismatch' });
        } else {
          // The engine cannot be written behind our back; tamper with what it returned instead.
          const chain = await store.readStream(stream());
          const copy = chain.map((e) => ({ ...e }));
          copy[2] = { ...copy[2], payload: { ...(copy[2].payload as object), i: 9 } };
          expect(verifyStreamChain(copy).firstBad).toMatchObject({ revision: 2, problem: 'hash_mismatch' });
        }
      });

      it('refuses to update or delete stored events', async () => {
        if (!ut.attemptEdit) return;
        await store.append(stream(), events(1), 'no_stream');
        const before = await store.readStream(stream());
        await expect(ut.attemptEdit(stream(), 0)).rejects.toThrow(/append-only/);
        expect(await store.readStream(stream())).toEqual(before);
      });
    });

    describe('durability', () => {
      it('keeps every event across a restart', async () => {
        if (!ut.reopen) return;
        await store.append(stream(), events(3), 'no_stream');
        const before = await store.readStream(stream());
        store = await ut.reopen();
        ut.store = store;
        expect(await store.readStream(stream())).toEqual(before);
        await store.append(stream(), events(1), 2);
        expect(verifyStreamChain(await store.readStream(stream())).ok).toBe(true);
      });
    });
  });
}
