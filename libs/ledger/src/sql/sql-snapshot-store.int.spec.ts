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

  describe('given snapshots offered for two streams, one of them twice in the same moment', () => {
    it('then each is read back by stream and schema, the later revision kept, the state as offered (bigints as the codec wrote them)', async () => {
      f.store.snapshots!.offer([{ streamId: 'tally-1', schema: 'tally/1', revision: 1, state: { amounts: [0, 1] } }]);
      await offerAndSettle([
        { streamId: 'tally-1', schema: 'tally/1', revision: 3, state: { amounts: [0, 1, 2, 3], big: { $bigint: '12345678901234567890' }, text: 'é漢字 "quoted" \\ 🎉' } },
        { streamId: 'tally-2', schema: 'tally/1', revision: 0, state: { amounts: [0] } },
      ]);
      const found = await f.store.snapshots!.read([
        { streamId: 'tally-2', schema: 'tally/1' },
        { streamId: 'tally-1', schema: 'tally/1' },
        { streamId: 'tally-1', schema: 'tally/0' },
        { streamId: 'no-such-stream', schema: 'tally/1' },
      ]);
      expect(found).toEqual([
        { streamId: 'tally-2', schema: 'tally/1', revision: 0, state: { amounts: [0] } },
        { streamId: 'tally-1', schema: 'tally/1', revision: 3, state: { amounts: [0, 1, 2, 3], big: { $bigint: '12345678901234567890' }, text: 'é漢字 "quoted" \\ 🎉' } },
        null,
        null,
      ]);
    });

    it('then an older snapshot offered later never replaces a newer one', async () => {
      await offerAndSettle([{ streamId: 'tally-1', schema: 'tally/1', revision: 2, state: { amounts: 'older' } }]);
      const [found] = await f.store.snapshots!.read([{ streamId: 'tally-1', schema: 'tally/1' }]);
      expect(found?.revision).toBe(3);
    });
  });

  describe('given a snapshot whose revision is past its stream (a snapshots table restored beside an older ledger)', () => {
    it('then it is not read: the stream is read from its start', async () => {
      await offerAndSettle([{ streamId: 'tally-2', schema: 'tally/2', revision: 7, state: { amounts: [] } }]);
      expect(await f.store.snapshots!.read([{ streamId: 'tally-2', schema: 'tally/2' }])).toEqual([null]);
    });
  });

  describe('given a snapshot row whose state is not JSON (edited by hand)', () => {
    it('then it is passed over, and the ledger still answers', async () => {
      await f.db.query(`INSERT INTO "${f.schema}".snapshots (stream_id, codec, revision, state) VALUES ('tally-1', 'tally/9', 1, '{not json')`);
      expect(await f.store.snapshots!.read([{ streamId: 'tally-1', schema: 'tally/9' }])).toEqual([null]);
    });
  });

  describe('given the ledger reopened', () => {
    it('then the snapshots are still there, and the events are untouched by them', async () => {
      const store = await f.reopen();
      const [found] = await store.snapshots!.read([{ streamId: 'tally-1', schema: 'tally/1' }]);
      expect(found?.revision).toBe(3);
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
