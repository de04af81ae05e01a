import type { DataSource, EntityManager } from 'typeorm';
import {
  decideIdempotentRequest,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  isReplayable,
  type IdempotencyDecision,
  type IdempotencyRecord,
  type StoredResponse,
} from '#domain';
import { GroupedStatement, type TableSet } from '#sql';
import { IdempotencyKeys1764000000001 } from './1764000000001-idempotency-keys.migration.js';
import { IdempotencyKeyRow } from './idempotency-key.entity.js';

/** The idempotency key table, in intake's schema (IntakeModule.tables). */
export const IDEMPOTENCY_TABLES: TableSet = { entities: [IdempotencyKeyRow], migrations: [IdempotencyKeys1764000000001] };

interface Row {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  locked_until: Date | string;
  response: StoredResponse | null;
  expires_at: Date | string;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

/**
 * Keys and responses of idempotent requests, in the app's own database so every replica of
 * intake shares them. The decision itself is the pure `decideIdempotentRequest`; this class
 * only makes reading and claiming a key one atomic step.
 */
interface Claim {
  tenant: string;
  key: string;
  fingerprint: string;
  lockedUntil: string;
  createdAt: string;
  expiresAt: string;
}

interface Completion {
  tenant: string;
  key: string;
  response: string;
}

export class IdempotencyStore {
  /** New keys claimed together: concurrent requests share one INSERT (nearly every request's key is new). */
  private readonly claims = new GroupedStatement<Claim, boolean>((claims) => this.claimAll(claims));
  /** Responses kept together: concurrent requests share one UPDATE. */
  private readonly completions = new GroupedStatement<Completion, void>((completions) => this.completeAll(completions));

  constructor(private readonly dataSource: DataSource) {}

  private table(manager: EntityManager): string {
    return manager.connection.getMetadata(IdempotencyKeyRow).tablePath;
  }

  /** Claims the key for this request, or says why not (replay, in flight, reused). */
  async begin(tenant: string, key: string, fingerprint: string, now = new Date()): Promise<IdempotencyDecision> {
    const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString();
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS).toISOString();
    const claim = (manager: EntityManager): Promise<unknown[]> =>
      manager.query(
        `INSERT INTO ${this.table(manager)} (tenant, idem_key, fingerprint, state, locked_until, created_at, expires_at)
         VALUES ($1, $2, $3, 'in_flight', $4, $5, $6) ON CONFLICT (tenant, idem_key) DO NOTHING RETURNING tenant`,
        [tenant, key, fingerprint, lockedUntil, now.toISOString(), expiresAt],
      ) as Promise<unknown[]>;
    // A new key (nearly every request) is claimed by one atomic statement, shared with the
    // requests claiming at the same moment; only a key already there is judged under its row lock.
    if (await this.claims.submit({ tenant, key, fingerprint, lockedUntil, createdAt: now.toISOString(), expiresAt })) return { action: 'proceed' };
    return this.dataSource.transaction(async (manager) => {
      const table = this.table(manager);
      if ((await claim(manager)).length > 0) return { action: 'proceed' };
      const [row] = (await manager.query(
        `SELECT fingerprint, state, locked_until, response, expires_at FROM ${table} WHERE tenant = $1 AND idem_key = $2 FOR UPDATE`,
        [tenant, key],
      )) as Row[];
      // Past its retention a key is forgotten: the request counts as new.
      const record: IdempotencyRecord | null =
        !row || Date.parse(iso(row.expires_at)) <= now.getTime()
          ? null
          : row.state === 'completed' && row.response
            ? { state: 'completed', fingerprint: row.fingerprint, response: row.response }
            : { state: 'in_flight', fingerprint: row.fingerprint, lockedUntil: iso(row.locked_until) };
      const decision = decideIdempotentRequest(record, fingerprint, now);
      if (decision.action === 'proceed') {
        await manager.query(
          `UPDATE ${table} SET fingerprint = $3, state = 'in_flight', locked_until = $4, response = NULL, created_at = $5, expires_at = $6
           WHERE tenant = $1 AND idem_key = $2`,
          [tenant, key, fingerprint, lockedUntil, now.toISOString(), expiresAt],
        );
      }
      return decision;
    });
  }

  /**
   * Claims the keys no row holds yet, in one statement; answers, per claim, whether it took its
   * key. Two claims of one key in the same statement: only the first can have taken it.
   */
  private async claimAll(claims: readonly Claim[]): Promise<boolean[]> {
    const column = <K extends keyof Claim>(name: K): Claim[K][] => claims.map((claim) => claim[name]);
    const taken = (await this.dataSource.query(
      `INSERT INTO ${this.table(this.dataSource.manager)} (tenant, idem_key, fingerprint, state, locked_until, created_at, expires_at)
       SELECT t, k, f, 'in_flight', l, c, e FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[]) AS v(t, k, f, l, c, e)
       ON CONFLICT (tenant, idem_key) DO NOTHING RETURNING tenant, idem_key`,
      [column('tenant'), column('key'), column('fingerprint'), column('lockedUntil'), column('createdAt'), column('expiresAt')],
    )) as { tenant: string; idem_key: string }[];
    const fresh = new Set(taken.map((row) => JSON.stringify([row.tenant, row.idem_key])));
    return claims.map((claim) => fresh.delete(JSON.stringify([claim.tenant, claim.key])));
  }

  /** Keeps a final response for replay; a transient one frees the key for the client's retry. */
  async complete(tenant: string, key: string, response: StoredResponse): Promise<void> {
    if (!isReplayable(response.status)) return this.release(tenant, key);
    await this.completions.submit({ tenant, key, response: JSON.stringify(response) });
  }

  private async completeAll(completions: readonly Completion[]): Promise<void[]> {
    await this.dataSource.query(
      `UPDATE ${this.table(this.dataSource.manager)} AS i SET state = 'completed', response = v.r::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[]) AS v(t, k, r) WHERE i.tenant = v.t AND i.idem_key = v.k`,
      [completions.map((c) => c.tenant), completions.map((c) => c.key), completions.map((c) => c.response)],
    );
    return completions.map(() => undefined);
  }

  /** The request failed on our side: the key may be used again. */
  async release(tenant: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${this.table(this.dataSource.manager)} WHERE tenant = $1 AND idem_key = $2 AND state = 'in_flight'`, [
      tenant,
      key,
    ]);
  }

  /** Forgets keys past their retention; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result: unknown = await this.dataSource.query(`DELETE FROM ${this.table(this.dataSource.manager)} WHERE expires_at <= $1`, [
      now.toISOString(),
    ]);
    // TypeORM answers a DELETE on PostgreSQL with [rows, affected].
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
