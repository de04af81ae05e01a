import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EmbeddedDatabase } from '../sql/embedded-database.js';
import { openDonorKeyDataSource } from './donor-key-data-source.js';
import { DonorKeyStore, type WrappedDataKey } from './donor-key-store.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Engine {
  dataSource: DataSource;
  close(): Promise<void>;
}

const engines: [string, (schema: string) => Promise<Engine>][] = [
  [
    'embedded PGlite',
    async (schema) => {
      const db = await EmbeddedDatabase.open('memory');
      const dataSource = await openDonorKeyDataSource({ kind: 'embedded', db }, schema);
      return { dataSource, close: async () => (await dataSource.destroy(), await db.close()) };
    },
  ],
  [
    'a PostgreSQL server',
    async (schema) => {
      const dataSource = await openDonorKeyDataSource({ kind: 'postgres', url, poolSize: 8 }, schema);
      return {
        dataSource,
        close: async () => {
          await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
          await dataSource.destroy();
        },
      };
    },
  ],
];

/** Stands in for the vault's wrapping: an opaque, unique value per call, as a real wrapping is. */
const wrap =
  (version = 1) =>
  (generation: number): WrappedDataKey => ({ wrappedKey: `g${generation}.${randomBytes(16).toString('base64url')}`, masterKeyVersion: version });

describe.each(engines)('DonorKeyStore on %s', (_engine, open) => {
  const schema = `keys_${randomUUID().slice(0, 8)}`;
  let engine: Engine;
  let store: DonorKeyStore;
  const rawRows = async (donorId: string): Promise<string> =>
    JSON.stringify(await engine.dataSource.query(`SELECT * FROM "${schema}".donor_keys WHERE donor_id = $1`, [donorId]));

  beforeAll(async () => {
    engine = await open(schema);
    store = new DonorKeyStore(engine.dataSource);
  });
  afterAll(() => engine.close());

  it('given eight first donations of one donor at once, when each asks for a key, then exactly one key is stored and all use it', async () => {
    const donorId = 'dn_race';
    const keys = await Promise.all(Array.from({ length: 8 }, () => store.liveOrNewKey(donorId, wrap())));
    expect(new Set(keys.map((k) => k.wrappedKey)).size).toBe(1);
    expect(keys.every((k) => k.generation === 1 && k.erasedAt === null)).toBe(true);
    const [{ count }] = (await engine.dataSource.query(`SELECT count(*) AS count FROM "${schema}".donor_keys WHERE donor_id = $1`, [donorId])) as {
      count: string | number;
    }[];
    expect(Number(count)).toBe(1);
    expect(await store.liveOrNewKey(donorId, wrap())).toEqual(keys[0]);
  });

  it('given a donor with a key, when erased, then the wrapped key is gone from the table and the erasure time is kept', async () => {
    const donorId = 'dn_erase';
    const key = await store.liveOrNewKey(donorId, wrap());
    const erasedAt = new Date('2030-01-02T03:04:05.000Z');
    expect(await store.erase(donorId, erasedAt)).toEqual({ known: true, erasedKeys: 1 });
    expect(await store.key(donorId, 1)).toMatchObject({ wrappedKey: null, erasedAt });
    expect(await store.liveKey(donorId)).toBeNull();
    expect(await rawRows(donorId)).not.toContain(key.wrappedKey);
  });

  it('given an erased donor, when erased again, then nothing changes: same answer, first erasure time', async () => {
    const donorId = 'dn_twice';
    await store.liveOrNewKey(donorId, wrap());
    const first = new Date('2030-01-01T00:00:00.000Z');
    await store.erase(donorId, first);
    expect(await store.erase(donorId, new Date('2031-01-01T00:00:00.000Z'))).toEqual({ known: true, erasedKeys: 0 });
    expect((await store.key(donorId, 1))?.erasedAt).toEqual(first);
  });

  it('given a donor who never had a key, when erased, then the store says it does not know them', async () => {
    expect(await store.erase('dn_nobody')).toEqual({ known: false, erasedKeys: 0 });
    expect(await store.key('dn_nobody', 1)).toBeNull();
  });

  it('given an erased donor who gives again, when a key is asked for, then a new generation is made and the old one stays erased', async () => {
    const donorId = 'dn_returns';
    const old = await store.liveOrNewKey(donorId, wrap());
    await store.erase(donorId);
    const fresh = await store.liveOrNewKey(donorId, wrap());
    expect(fresh).toMatchObject({ generation: 2, erasedAt: null });
    expect(fresh.wrappedKey).not.toBe(old.wrappedKey);
    expect(await store.key(donorId, 1)).toMatchObject({ wrappedKey: null });
    expect(await store.erase(donorId)).toEqual({ known: true, erasedKeys: 1 });
  });

  it('refuses a live key without its wrapping, and an erased one that keeps it', async () => {
    const insert = (generation: number, wrapped: string | null, erasedAt: string | null): Promise<unknown> =>
      engine.dataSource.query(
        `INSERT INTO "${schema}".donor_keys (donor_id, generation, wrapped_key, master_key_version, created_at, erased_at) VALUES ('dn_bad', $1, $2, 1, now(), $3)`,
        [generation, wrapped, erasedAt],
      );
    await expect(insert(1, null, null)).rejects.toThrow();
    await expect(insert(2, 'w', new Date().toISOString())).rejects.toThrow();
  });

  it('given keys under master key 1, when rotated to 2, then each live key is rewrapped once and erased ones are left alone', async () => {
    const live = await store.liveOrNewKey('dn_rotate_a', wrap(1));
    await store.liveOrNewKey('dn_rotate_b', wrap(1));
    await store.erase('dn_rotate_b');
    const stale = (await store.keysToRewrap(2, 1000)).filter((k) => k.donorId.startsWith('dn_rotate_'));
    expect(stale.map((k) => k.donorId)).toEqual(['dn_rotate_a']);
    expect(await store.rewrap(live, { wrappedKey: 'rewrapped-a', masterKeyVersion: 2 })).toBe(true);
    // A second replica that read the same stale record does not overwrite the first's work.
    expect(await store.rewrap(live, { wrappedKey: 'rewrapped-again', masterKeyVersion: 2 })).toBe(false);
    expect(await store.liveKey('dn_rotate_a')).toMatchObject({ wrappedKey: 'rewrapped-a', masterKeyVersion: 2 });
    expect((await store.keysToRewrap(2, 1000)).filter((k) => k.donorId.startsWith('dn_rotate_'))).toEqual([]);
  });

  it('given a key erased after it was read for rotation, when the rewrap lands, then the erasure wins', async () => {
    const live = await store.liveOrNewKey('dn_rotate_erased', wrap(1));
    await store.erase('dn_rotate_erased');
    expect(await store.rewrap(live, { wrappedKey: 'too-late', masterKeyVersion: 2 })).toBe(false);
    expect(await store.key('dn_rotate_erased', 1)).toMatchObject({ wrappedKey: null, masterKeyVersion: 1 });
  });
});

describe('the donor key store schema on a PostgreSQL server', () => {
  it('is made once when intake and reporting replicas start at the same moment', async () => {
    const schema = `keys_${randomUUID().slice(0, 8)}`;
    const opened = await Promise.all(Array.from({ length: 4 }, () => openDonorKeyDataSource({ kind: 'postgres', url, poolSize: 2 }, schema)));
    const migrations = (await opened[0].query(`SELECT name FROM "${schema}".donor_key_migrations`)) as { name: string }[];
    expect(migrations.map((m) => m.name)).toEqual(['DonorKeys1764000000002']);
    await opened[0].query(`DROP SCHEMA "${schema}" CASCADE`);
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
  });
});
