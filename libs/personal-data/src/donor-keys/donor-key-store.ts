import type { DataSource } from 'typeorm';
import { GroupedStatement } from '#sql';
import { DonorKeyRow } from './donor-key.entity.js';

/** One data key of one donor as stored: wrapped, never in clear. */
export interface DonorKeyRecord {
  donorId: string;
  generation: number;
  /** The tenant (party) whose donor this is. */
  tenantId: string;
  /** null once erased. */
  wrappedKey: string | null;
  masterKeyVersion: number;
  createdAt: Date;
  erasedAt: Date | null;
}

/** A freshly made data key, wrapped for its donor and generation by the current master key. */
export interface WrappedDataKey {
  wrappedKey: string;
  masterKeyVersion: number;
}

interface Row {
  donor_id: string;
  generation: number;
  tenant_id: string;
  wrapped_key: string | null;
  master_key_version: number;
  created_at: Date | string;
  erased_at: Date | string | null;
}

const COLUMNS = 'donor_id, generation, tenant_id, wrapped_key, master_key_version, created_at, erased_at';
const MAX_CREATE_ATTEMPTS = 5;
const at = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function ownedBy(record: DonorKeyRecord, tenantId: string): DonorKeyRecord {
  if (record.tenantId !== tenantId) throw new DonorKeyTenantError(record.donorId);
  return record;
}

function record(row: Row): DonorKeyRecord {
  return {
    donorId: row.donor_id,
    generation: Number(row.generation),
    tenantId: row.tenant_id,
    wrappedKey: row.wrapped_key,
    masterKeyVersion: Number(row.master_key_version),
    createdAt: at(row.created_at),
    erasedAt: row.erased_at === null ? null : at(row.erased_at),
  };
}

/** What a donor key store holds for a donor of a tenant: a live key, only erased ones, or nothing. */
export type DonorKeyStatus = 'live' | 'erased' | 'unknown';

/**
 * A key asked for under another tenant than the one it was made for. Donor ids are scoped per
 * tenant (donorIdOf), so this is a fault, never a donor who gives to two parties: sealing with
 * the other tenant's key would let that tenant erase this one's donor.
 */
export class DonorKeyTenantError extends Error {
  constructor(donorId: string) {
    super(`donor ${donorId}'s key belongs to another tenant`);
    this.name = 'DonorKeyTenantError';
  }
}

/**
 * Donors' wrapped data keys, outside the ledger. It never sees a key in clear: wrapping and
 * unwrapping are the vault's (personal-data-vault.ts). Shared by every replica through the
 * database, so a key made by one is the key of all, and an erasure holds for all at once.
 * Each key belongs to one tenant: reading a key to open data is by donor id alone (the data's
 * owner is fixed by where it was sealed), but making and erasing keys are done for a tenant.
 */
interface FirstKey {
  donorId: string;
  tenantId: string;
  /** null for a donor known to have keys already: a first key could never be stored for them. */
  key: WrappedDataKey | null;
  createdAt: string;
}

/** Donors remembered as having key rows; past this many the memory starts again (a miss costs one candidate key). */
const DONORS_WITH_KEYS_KEPT = 100_000;

export class DonorKeyStore {
  /** The live-or-first-key lookups of concurrent requests, in one statement (see liveOrFirstKeys). */
  private readonly firstKeys = new GroupedStatement<FirstKey, DonorKeyRecord | null>((asks) => this.liveOrFirstKeys(asks));
  /**
   * Donors this process has seen a key row of. Rows are erased (their wrapping dropped), never
   * deleted, so a donor once seen with one has one for good, and a first key could never be
   * stored for them: their asks carry no candidate, which the vault would have made (a random
   * key, wrapped by the master key) and thrown away on every donation of theirs. Only this fact
   * is kept, never a key: every ask still reads the live key, so an erasure holds at once.
   */
  private readonly donorsWithKeys = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return this.dataSource.getMetadata(DonorKeyRow).tablePath;
  }

  private async rows(sql: string, params: unknown[]): Promise<DonorKeyRecord[]> {
    return ((await this.dataSource.query(sql, params)) as Row[]).map(record);
  }

  /** The donor's live key, if they have one. */
  async liveKey(donorId: string): Promise<DonorKeyRecord | null> {
    const [found] = await this.rows(`SELECT ${COLUMNS} FROM ${this.table} WHERE donor_id = $1 AND erased_at IS NULL`, [donorId]);
    return found ?? null;
  }

  /** The key of one generation, live or erased; null if there never was one. */
  async key(donorId: string, generation: number): Promise<DonorKeyRecord | null> {
    const [found] = await this.rows(`SELECT ${COLUMNS} FROM ${this.table} WHERE donor_id = $1 AND generation = $2`, [donorId, generation]);
    return found ?? null;
  }

  /**
   * The donor's live key, made with `make` if there is none. When first donations of one donor
   * race, every caller makes a key but the unique live-key index lets exactly one row in; the
   * others read it back and their keys, never stored, are never used. A donor id that already
   * has keys of another tenant gets none (DonorKeyTenantError).
   */
  async liveOrNewKey(donorId: string, tenantId: string, make: (generation: number) => WrappedDataKey, now = new Date()): Promise<DonorKeyRecord> {
    // One statement, shared with the requests asking at the same moment, for the common cases:
    // the live key, or the first key of a donor never seen.
    const found = await this.firstKeys.submit({ donorId, tenantId, key: this.donorsWithKeys.has(donorId) ? null : make(1), createdAt: now.toISOString() });
    if (found) return ownedBy(this.seen(found), tenantId);
    // Keys erased before (a new generation), or a first key that a racing caller just made.
    for (let attempt = 1; attempt <= MAX_CREATE_ATTEMPTS; attempt++) {
      const live = await this.liveKey(donorId);
      if (live) return ownedBy(this.seen(live), tenantId);
      const [{ next, other_tenants: otherTenants }] = (await this.dataSource.query(
        `SELECT coalesce(max(generation), 0) + 1 AS next, count(*) FILTER (WHERE tenant_id <> $2) AS other_tenants FROM ${this.table} WHERE donor_id = $1`,
        [donorId, tenantId],
      )) as { next: number | string; other_tenants: number | string }[];
      if (Number(otherTenants) > 0) throw new DonorKeyTenantError(donorId);
      const generation = Number(next);
      const made = make(generation);
      const [inserted] = await this.rows(
        `INSERT INTO ${this.table} (donor_id, generation, tenant_id, wrapped_key, master_key_version, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [donorId, generation, tenantId, made.wrappedKey, made.masterKeyVersion, now.toISOString()],
      );
      if (inserted) return this.seen(inserted);
    }
    throw new Error(`no live key for donor ${donorId} after ${MAX_CREATE_ATTEMPTS} attempts`);
  }

  /** Remembers that the donor has key rows (donorsWithKeys). */
  private seen(key: DonorKeyRecord): DonorKeyRecord {
    if (this.donorsWithKeys.size >= DONORS_WITH_KEYS_KEPT) this.donorsWithKeys.clear();
    this.donorsWithKeys.add(key.donorId);
    return key;
  }

  /**
   * For each ask, the donor's live key, or the first key made from it for a donor with no key
   * at all (one made per donor when a donor is asked for twice); null for a donor whose keys
   * were all erased, or whose first key a racing statement made (the caller reads on). The
   * made rows and the rows that were there come from one snapshot, so none is answered twice.
   */
  private async liveOrFirstKeys(asks: readonly FirstKey[]): Promise<(DonorKeyRecord | null)[]> {
    const found = await this.rows(
      `WITH v AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[]) WITH ORDINALITY AS v(d, t, w, m, c, o)
       ), made AS (
         INSERT INTO ${this.table} (donor_id, generation, tenant_id, wrapped_key, master_key_version, created_at)
         SELECT DISTINCT ON (v.d) v.d, 1, v.t, v.w, v.m, v.c FROM v
          WHERE v.w IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${this.table} k WHERE k.donor_id = v.d) ORDER BY v.d, v.o
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}
       )
       SELECT ${COLUMNS} FROM made UNION ALL SELECT ${COLUMNS} FROM ${this.table} WHERE donor_id = ANY($1::text[]) AND erased_at IS NULL`,
      [asks.map((a) => a.donorId), asks.map((a) => a.tenantId), asks.map((a) => a.key?.wrappedKey ?? null), asks.map((a) => a.key?.masterKeyVersion ?? null), asks.map((a) => a.createdAt)],
    );
    const byDonor = new Map(found.map((row) => [row.donorId, row]));
    return asks.map((ask) => byDonor.get(ask.donorId) ?? null);
  }

  /**
   * Destroys every wrapped key of the tenant's donor. Idempotent: a second erasure changes
   * nothing and keeps the first erasure's time. `known` is false when the tenant never had a
   * key for this donor, whether nobody has or another tenant has: the two are not told apart.
   */
  async erase(donorId: string, tenantId: string, now = new Date()): Promise<{ known: boolean; erasedKeys: number }> {
    const [result] = (await this.dataSource.query(
      `WITH erased AS (
         UPDATE ${this.table} SET wrapped_key = NULL, erased_at = $3
         WHERE donor_id = $1 AND tenant_id = $2 AND erased_at IS NULL RETURNING 1
       )
       SELECT (SELECT count(*) FROM erased) AS erased_keys,
              EXISTS (SELECT 1 FROM ${this.table} WHERE donor_id = $1 AND tenant_id = $2) AS known`,
      [donorId, tenantId, now.toISOString()],
    )) as { erased_keys: number | string; known: boolean }[];
    return { known: result.known, erasedKeys: Number(result.erased_keys) };
  }

  /** Whether the tenant holds a live key for the donor, only erased ones, or none at all. */
  async status(donorId: string, tenantId: string): Promise<DonorKeyStatus> {
    const [result] = (await this.dataSource.query(
      `SELECT count(*) AS keys, count(*) FILTER (WHERE erased_at IS NULL) AS live FROM ${this.table} WHERE donor_id = $1 AND tenant_id = $2`,
      [donorId, tenantId],
    )) as { keys: number | string; live: number | string }[];
    return Number(result.live) > 0 ? 'live' : Number(result.keys) > 0 ? 'erased' : 'unknown';
  }

  /** Live keys wrapped by another master key than `currentVersion`: the work of a rotation. */
  async keysToRewrap(currentVersion: number, limit: number): Promise<DonorKeyRecord[]> {
    return this.rows(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE erased_at IS NULL AND master_key_version <> $1 ORDER BY donor_id, generation LIMIT $2`,
      [currentVersion, limit],
    );
  }

  /** Swaps a key's wrapping, only if nobody erased or rewrapped it since it was read. */
  async rewrap(old: DonorKeyRecord, next: WrappedDataKey): Promise<boolean> {
    // As a CTE, so both drivers answer with plain rows (TypeORM wraps a bare UPDATE's result).
    const [result] = (await this.dataSource.query(
      `WITH swapped AS (
         UPDATE ${this.table} SET wrapped_key = $4, master_key_version = $5
         WHERE donor_id = $1 AND generation = $2 AND wrapped_key = $3 AND erased_at IS NULL RETURNING 1
       )
       SELECT count(*) AS swapped FROM swapped`,
      [old.donorId, old.generation, old.wrappedKey, next.wrappedKey, next.masterKeyVersion],
    )) as { swapped: number | string }[];
    return Number(result.swapped) === 1;
  }
}
