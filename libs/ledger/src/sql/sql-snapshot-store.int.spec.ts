import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EmbeddedDatabase, PgDatabase, type SqlDatabase } from '#sql';
import type { NewEvent } from '#contracts';
import { SqlLedgerStore } from './sql-ledger-store.js';
import { testDatabaseUrl } from './sql-ledger-test-kit.js';

const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Added',
  version: 1,
  payload: { n },
  metadata: { occurredAt: '2026-06-01T12:00:00.000Z', correlationId: `c-${n}`, causationId: `c-${n}`, committeeId: 'c-1' },
});

interface Fixture {
  db: SqlDatabase;
  schema: string;
  store: SqlLedgerStore;
  reopen(): Promise<SqlLedgerStore>;
  dispose(): Promise<void>;
}

const engines: [string, () => Promise<Fixture>][] = [
  [
    'PostgreSQL',
    async () => {
      const schema = `snapshots_${randomUUID().slice(0, 8)}`;
      const db = new PgDatabase({ url: testDatabaseUrl, poolSize: 2 });
      let store = await SqlLedgerStore.open(db, { schema });
      return {
        db,
        schema,
        get store() {
          return store;
        },
        reopen: async () => {
          await store.close();
          return (store = await SqlLedgerStore.open(db, { schema }));
        },
        dispose: async () => {
          await store.close();
          await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await db.close();
        },
      };
    },
  ],
  [
    'embedded PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hustings-snapshots-'));
      const db = await EmbeddedDatabase.open(dir);
      let store = await SqlLedgerStore.open(db);
      return {
        db,
        schema: 'ledger',
        get store() {
          return store;
        },
        reopen: async () => {
          await store.close();
          return (store = await SqlLedgerStore.open(db));
        },
        dispose: async () => {
          await store.close();
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(engines)('SQL ledger snapshots on %s', (_name, open) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await open();
    await f.store.append('tally-1', [event(0), event(1), event(2), event(3)], 'no_stream');
    await f.store.append('tally-2', [event(0)], 'no_stream');
  });
  afterAll(() => f.dispose());

  const offerAndSettle = async (snapshots: Parameters<NonNullable<SqlLedgerStore['snapshots']>['offer']>[0]) => {
    f.store.snapshots!.offer(snapshots);
    await f.store.snapshots!.settled();
  };

  const tails = async (requests: { streamId: string; afterRevision?: number | null; schema: string | null }[]) =>
    (await f.store.snapshots!.readTails(requests.map((r) => ({ afterRevision: null, ...r })))).map(({ snapshot, events }) => ({ snapshot, revisions: events.map((e) => e.revision) }));

  describe('given snapshots offered for two streams, one of them twice in the same moment', () => {
    it('then each is read back by stream and schema with the events after it, the later revision kept, the state as offered', async () => {
      f.store.snapshots!.offer([{ streamId: 'tally-1', schema: 'tally/1', revision: 1, state: { amounts: [0, 1] } }]);
      await offerAndSettle([
        { streamId: 'tally-1', schema: 'tally/1', revision: 2, state: { amounts: [0, 1, 2], big: { $bigint: '12345678901234567890' }, text: 'é漢字 "quoted" \\ 🎉' } },
        { streamId: 'tally-2', schema: 'tally/1', revision: 0, state: { amounts: [0] } },
      ]);
      expect(
        await tails([
          { streamId: 'tally-2', schema: 'tally/1' },
          { streamId: 'tally-1', schema: 'tally/1' },
          { streamId: 'tally-1', schema: 'tally/0' },
          { streamId: 'tally-1', schema: null },
          { streamId: 'no-such-stream', schema: 'tally/1' },
        ]),
      ).toEqual([
        { snapshot: { streamId: 'tally-2', schema: 'tally/1', revision: 0, state: { amounts: [0] } }, revisions: [] },
        { snapshot: { streamId: 'tally-1', schema: 'tally/1', revision: 2, state: { amounts: [0, 1, 2], big: { $bigint: '12345678901234567890' }, text: 'é漢字 "quoted" \\ 🎉' } }, revisions: [3] },
        { snapshot: null, revisions: [0, 1, 2, 3] },
        { snapshot: null, revisions: [0, 1, 2, 3] },
        { snapshot: null, revisions: [] },
      ]);
    });

    it('then a caller that holds a later revision than the snapshot gets the events after its own, and no snapshot', async () => {
      expect(await tails([{ streamId: 'tally-1', schema: 'tally/1', afterRevision: 2 }, { streamId: 'tally-1', schema: 'tally/1', afterRevision: 0 }])).toEqual([
        { snapshot: null, revisions: [3] },
        { snapshot: expect.objectContaining({ revision: 2 }), revisions: [3] },
      ]);
    });

    it('then an older snapshot offered later never replaces a newer one', async () => {
      await offerAndSettle([{ streamId: 'tally-1', schema: 'tally/1', revision: 1, state: { amounts: 'older' } }]);
      const [found] = await tails([{ streamId: 'tally-1', schema: 'tally/1' }]);
      expect(found.snapshot?.revision).toBe(2);
    });
  });

  describe('given states of several megabytes offered in the same moment', () => {
    it('then they are written in statements of about a megabyte each, so appends wait behind none for long, and each reads back whole', async () => {
      await f.store.append('tally-big', [event(0), event(1), event(2)], 'no_stream');
      const big = (k: number) => ({ amounts: Array.from({ length: 70_000 }, (_, i) => `${k}-${i}`) });
      const writes = jest.spyOn(f.db, 'query');
      try {
        await offerAndSettle([
          { streamId: 'tally-big', schema: 'big/1', revision: 0, state: big(0) },
          { streamId: 'tally-big', schema: 'big/2', revision: 1, state: big(1) },
          { streamId: 'tally-big', schema: 'big/3', revision: 2, state: big(2) },
        ]);
        expect(writes.mock.calls.filter(([sql]) => String(sql).includes('INSERT INTO') && String(sql).includes('snapshots'))).toHaveLength(3);
      } finally {
        writes.mockRestore();
      }
      const found = await tails([1, 2, 3].map((v) => ({ streamId: 'tally-big', schema: `big/${v}` })));
      expect(found.map((t) => [t.snapshot?.state, t.revisions])).toEqual([
        [big(0), [1, 2]],
        [big(1), [2]],
        [big(2), []],
      ]);
    });
  });

  describe('given a snapshot whose revision is past its stream (a snapshots table restored beside an older ledger)', () => {
    it('then it is not read: the stream is read from its start', async () => {
      await offerAndSettle([{ streamId: 'tally-2', schema: 'tally/2', revision: 7, state: { amounts: [] } }]);
      expect(await tails([{ streamId: 'tally-2', schema: 'tally/2' }])).toEqual([{ snapshot: null, revisions: [0] }]);
    });
  });

  describe('given a snapshot row whose state is not JSON (edited by hand)', () => {
    it('then it is passed over and its stream read from its start, and the ledger still answers', async () => {
      await f.db.query(`INSERT INTO "${f.schema}".snapshots (stream_id, codec, revision, state) VALUES ('tally-1', 'tally/9', 2, '{not json')`);
      expect(await tails([{ streamId: 'tally-1', schema: 'tally/9' }, { streamId: 'tally-2', schema: null }])).toEqual([
        { snapshot: null, revisions: [0, 1, 2, 3] },
        { snapshot: null, revisions: [0] },
      ]);
    });
  });

  describe('given the ledger reopened', () => {
    it('then the snapshots are still there, and the events are untouched by them', async () => {
      const store = await f.reopen();
      const [found] = await store.snapshots!.readTails([{ streamId: 'tally-1', schema: 'tally/1', afterRevision: null }]);
      expect(found.snapshot?.revision).toBe(2);
      expect((await store.readStream('tally-1')).map((e) => e.payload)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    });
  });

  describe('given a ledger opened with snapshots turned off', () => {
    it('then it offers no snapshot store', async () => {
      const store = await SqlLedgerStore.open(f.db, { schema: f.schema, snapshotInterval: 0 });
      expect(store.snapshots).toBeUndefined();
      await store.close();
    });
  });
});
