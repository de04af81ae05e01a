import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EmbeddedDatabase, pgliteAsPgModule, type DataSourceTarget } from '#sql';
import { DonorKeys1764000000002 } from './1764000000002-donor-keys.migration.js';
import { openDonorKeyDataSource } from './donor-key-data-source.js';
import { DonorKeyRow } from './donor-key.entity.js';
import { DonorKeyStore, DonorKeyTenantError, type DonorKeyRecord, type WrappedDataKey } from './donor-key-store.js';

/** Opening PGlite takes seconds, more on a busy machine. */
const OPEN_MS = 60_000;
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Two parties: every key is made for one of them. */
const A = 'party-a';
const B = 'party-b';

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
  }, OPEN_MS);
  afterAll(() => engine.close(), OPEN_MS);

  it('given eight first donations of one donor at once, when each asks for a key, then exactly one key is stored and all use it', async () => {
    const donorId = 'dn_race';
    const keys = await Promise.all(Array.from({ length: 8 }, () => store.liveOrNewKey(donorId, A, wrap())));
    expect(new Set(keys.map((k) => k.wrappedKey)).size).toBe(1);
    expect(keys.every((k) => k.generation === 1 && k.erasedAt === null)).toBe(true);
    const [{ count }] = (await engine.dataSource.query(`SELECT count(*) AS count FROM "${schema}".donor_keys WHERE donor_id = $1`, [donorId])) as {
      count: string | number;
    }[];
    expect(Number(count)).toBe(1);
    expect(await store.liveOrNewKey(donorId, A, wrap())).toEqual(keys[0]);
  });

  it('given first donations of six donors, two each, asked at once beside a donor with a key, then each donor has one key, shared by its two asks', async () => {
    const known = await store.liveOrNewKey('dn_known', A, wrap());
    const donors = Array.from({ length: 6 }, (_, i) => `dn_many_${i}`);
    const asks = ['dn_known', ...donors, ...donors];
    const keys = await Promise.all(asks.map((donorId) => store.liveOrNewKey(donorId, A, wrap())));
    expect(keys[0]).toEqual(known);
    for (const [i, donorId] of donors.entries()) {
      const [first, second] = [keys[1 + i], keys[1 + donors.length + i]];
      expect([first.donorId, first.generation, second.wrappedKey]).toEqual([donorId, 1, first.wrappedKey]);
    }
    const [{ count }] = (await engine.dataSource.query(`SELECT count(*) AS count FROM "${schema}".donor_keys WHERE donor_id = ANY($1)`, [donors])) as {
      count: string | number;
    }[];
    expect(Number(count)).toBe(donors.length);
  });

  it('given a donor this store has seen a key of, when asked again, then no candidate key is made, and after an erasure the next generation still is', async () => {
    const donorId = 'dn_seen';
    let made = 0;
    const counting = (generation: number): WrappedDataKey => ((made += 1), wrap()(generation));
    const first = await store.liveOrNewKey(donorId, A, counting);
    expect(made).toBe(1);
    const again = await Promise.all(Array.from({ length: 3 }, () => store.liveOrNewKey(donorId, A, counting)));
    expect({ made, keys: again.map((k) => k.wrappedKey) }).toEqual({ made: 1, keys: Array(3).fill(first.wrappedKey) });
    // Another replica, which has not seen it: a candidate is made and not stored.
    const other = new DonorKeyStore(engine.dataSource);
    expect(await other.liveOrNewKey(donorId, A, counting)).toEqual(first);
    expect(made).toBe(2);
    await store.erase(donorId, A);
    const next = await store.liveOrNewKey(donorId, A, counting);
    expect({ made, generation: next.generation, live: next.erasedAt === null }).toEqual({ made: 3, generation: 2, live: true });
    expect(await other.liveOrNewKey(donorId, A, counting)).toEqual(next);
  });

  it('given a donor with a key, when erased, then the wrapped key is gone from the table and the erasure time is kept', async () => {
    const donorId = 'dn_erase';
    const key = await store.liveOrNewKey(donorId, A, wrap());
    const erasedAt = new Date('2030-01-02T03:04:05.000Z');
    expect(await store.erase(donorId, A, erasedAt)).toEqual({ known: true, erasedKeys: 1 });
    expect(await store.key(donorId, 1)).toMatchObject({ wrappedKey: null, erasedAt });
    expect(await store.liveKey(donorId)).toBeNull();
    expect(await rawRows(donorId)).not.toContain(key.wrappedKey);
  });

  it('given an erased donor, when erased again, then nothing changes: same answer, first erasure time', async () => {
    const donorId = 'dn_twice';
    await store.liveOrNewKey(donorId, A, wrap());
    const first = new Date('2030-01-01T00:00:00.000Z');
    await store.erase(donorId, A, first);
    expect(await store.erase(donorId, A, new Date('2031-01-01T00:00:00.000Z'))).toEqual({ known: true, erasedKeys: 0 });
    expect((await store.key(donorId, 1))?.erasedAt).toEqual(first);
  });

  it('given a donor who never had a key, when erased, then the store says it does not know them', async () => {
    expect(await store.erase('dn_nobody', A)).toEqual({ known: false, erasedKeys: 0 });
    expect(await store.key('dn_nobody', 1)).toBeNull();
  });

  it('given an erased donor who gives again, when a key is asked for, then a new generation is made and the old one stays erased', async () => {
    const donorId = 'dn_returns';
    const old = await store.liveOrNewKey(donorId, A, wrap());
    await store.erase(donorId, A);
    const fresh = await store.liveOrNewKey(donorId, A, wrap());
    expect(fresh).toMatchObject({ generation: 2, erasedAt: null });
    expect(fresh.wrappedKey).not.toBe(old.wrappedKey);
    expect(await store.key(donorId, 1)).toMatchObject({ wrappedKey: null });
    expect(await store.erase(donorId, A)).toEqual({ known: true, erasedKeys: 1 });
  });

  it('refuses a live key without its wrapping, and an erased one that keeps it', async () => {
    const insert = (generation: number, wrapped: string | null, erasedAt: string | null): Promise<unknown> =>
      engine.dataSource.query(
        `INSERT INTO "${schema}".donor_keys (donor_id, generation, tenant_id, wrapped_key, master_key_version, created_at, erased_at) VALUES ('dn_bad', $1, 'party-a', $2, 1, now(), $3)`,
        [generation, wrapped, erasedAt],
      );
    await expect(insert(1, null, null)).rejects.toThrow();
    await expect(insert(2, 'w', new Date().toISOString())).rejects.toThrow();
  });

  it('given keys under master key 1, when rotated to 2, then each live key is rewrapped once and erased ones are left alone', async () => {
    const live = await store.liveOrNewKey('dn_rotate_a', A, wrap(1));
    await store.liveOrNewKey('dn_rotate_b', A, wrap(1));
    await store.erase('dn_rotate_b', A);
    const stale = (await store.keysToRewrap(2, 1000)).filter((k) => k.donorId.startsWith('dn_rotate_'));
    expect(stale.map((k) => k.donorId)).toEqual(['dn_rotate_a']);
    expect(await store.rewrap(live, { wrappedKey: 'rewrapped-a', masterKeyVersion: 2 })).toBe(true);
    // A second replica that read the same stale record does not overwrite the first's work.
    expect(await store.rewrap(live, { wrappedKey: 'rewrapped-again', masterKeyVersion: 2 })).toBe(false);
    expect(await store.liveKey('dn_rotate_a')).toMatchObject({ wrappedKey: 'rewrapped-a', masterKeyVersion: 2 });
    expect((await store.keysToRewrap(2, 1000)).filter((k) => k.donorId.startsWith('dn_rotate_'))).toEqual([]);
  });

  it('given a key erased after it was read for rotation, when the rewrap lands, then the erasure wins', async () => {
    const live = await store.liveOrNewKey('dn_rotate_erased', A, wrap(1));
    await store.erase('dn_rotate_erased', A);
    expect(await store.rewrap(live, { wrappedKey: 'too-late', masterKeyVersion: 2 })).toBe(false);
    expect(await store.key('dn_rotate_erased', 1)).toMatchObject({ wrappedKey: null, masterKeyVersion: 1 });
  });

  describe('given a donor of tenant A', () => {
    const donorId = 'dn_of_a';
    let key: DonorKeyRecord;
    beforeAll(async () => {
      key = await store.liveOrNewKey(donorId, A, wrap());
    });

    it('then the key records A as its tenant', async () => {
      expect(key.tenantId).toBe(A);
      expect(await store.liveKey(donorId)).toMatchObject({ tenantId: A, wrappedKey: key.wrappedKey });
    });

    it('when tenant B erases it, then B is told the donor is unknown, exactly as for nobody, and the key lives on', async () => {
      expect(await store.erase(donorId, B)).toEqual(await store.erase('dn_nobody_at_all', B));
      expect(await store.erase(donorId, B)).toEqual({ known: false, erasedKeys: 0 });
      expect(await store.liveKey(donorId)).toEqual(key);
      expect(await store.status(donorId, B)).toBe('unknown');
      expect(await store.status(donorId, A)).toBe('live');
    });

    it('when tenant B asks for its key to seal with, then none is given or made', async () => {
      await expect(store.liveOrNewKey(donorId, B, wrap())).rejects.toThrow(DonorKeyTenantError);
      expect(await rawRows(donorId)).not.toContain(B);
    });

    it('when A erases it, then B still gets no new key for that donor id: it stays A\'s', async () => {
      expect(await store.erase(donorId, A)).toEqual({ known: true, erasedKeys: 1 });
      expect(await store.status(donorId, A)).toBe('erased');
      await expect(store.liveOrNewKey(donorId, B, wrap())).rejects.toThrow(DonorKeyTenantError);
      expect(await store.liveOrNewKey(donorId, A, wrap())).toMatchObject({ generation: 2, tenantId: A });
    });
  });

  it('refuses a key without a tenant, or under something that is not a tenant id', async () => {
    const insert = (tenant: string | null): Promise<unknown> =>
      engine.dataSource.query(
        `INSERT INTO "${schema}".donor_keys (donor_id, generation, tenant_id, wrapped_key, master_key_version, created_at) VALUES ('dn_tenantless', 1, $1, 'w', 1, now())`,
        [tenant],
      );
    await expect(insert(null)).rejects.toThrow();
    await expect(insert('Party A')).rejects.toThrow();
    await expect(engine.dataSource.query(
      `INSERT INTO "${schema}".donor_keys (donor_id, generation, wrapped_key, master_key_version, created_at) VALUES ('dn_tenantless', 1, 'w', 1, now())`,
    )).rejects.toThrow();
  });
});

describe('the donor key store schema on a PostgreSQL server', () => {
  it('is made once when intake and reporting replicas start at the same moment', async () => {
    const schema = `keys_${randomUUID().slice(0, 8)}`;
    const opened = await Promise.all(Array.from({ length: 4 }, () => openDonorKeyDataSource({ kind: 'postgres', url, poolSize: 2 }, schema)));
    const migrations = (await opened[0].query(`SELECT name FROM "${schema}".donor_key_migrations`)) as { name: string }[];
    expect(migrations.map((m) => m.name)).toEqual(['DonorKeys1764000000002', 'DonorKeyTenants1764400000200']);
    await opened[0].query(`DROP SCHEMA "${schema}" CASCADE`);
    await Promise.all(opened.map((dataSource) => dataSource.destroy()));
  });
});

describe.each([
  ['embedded PGlite', 'embedded'],
  ['a PostgreSQL server', 'postgres'],
] as const)('a donor key store made before tenants, on %s', (_engine, kind) => {
  it('given keys of then, when the store is opened now, then they belong to the default tenant and only it may erase them', async () => {
    const schema = `keys_${randomUUID().slice(0, 8)}`;
    const db = kind === 'embedded' ? await EmbeddedDatabase.open('memory') : null;
    const target: DataSourceTarget = db ? { kind: 'embedded', db } : { kind: 'postgres', url, poolSize: 2 };
    // The store as the first release made it: the first migration alone.
    const before = new DataSource({
      type: 'postgres',
      schema,
      entities: [DonorKeyRow],
      migrations: [DonorKeys1764000000002],
      migrationsTableName: 'donor_key_migrations',
      synchronize: false,
      logging: false,
      ...(db ? { driver: pgliteAsPgModule(db), poolSize: 1 } : { url, poolSize: 1 }),
    });
    await before.initialize();
    await before.query(`CREATE SCHEMA "${schema}"`);
    await before.runMigrations({ transaction: 'each' });
    await before.query(
      `INSERT INTO "${schema}".donor_keys (donor_id, generation, wrapped_key, master_key_version, created_at) VALUES ('dn_from_before', 1, 'w-before', 1, now())`,
    );
    await before.destroy();

    const now = await openDonorKeyDataSource(target, schema);
    try {
      const store = new DonorKeyStore(now);
      expect(await store.liveKey('dn_from_before')).toMatchObject({ tenantId: 'default', wrappedKey: 'w-before' });
      expect(await store.erase('dn_from_before', 'party-b')).toEqual({ known: false, erasedKeys: 0 });
      expect(await store.erase('dn_from_before', 'default')).toEqual({ known: true, erasedKeys: 1 });
    } finally {
      if (!db) await now.query(`DROP SCHEMA "${schema}" CASCADE`);
      await now.destroy();
      await db?.close();
    }
  }, OPEN_MS);
});
