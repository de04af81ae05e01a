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

/** One write to the key table: a new key claimed, or a response kept. */
type KeyWrite = ({ kind: 'claim' } & Claim) | ({ kind: 'complete' } & Completion);

export class IdempotencyStore {
  /**
   * Writes of concurrent requests together: new keys claimed (nearly every request's key is new)
   * and responses kept share one statement, so a surge costs one round trip for both where each
   * kind cost its own. Answers, per claim, whether it took its key.
   */
  private readonly writes = new GroupedStatement<KeyWrite, boolean>((writes) => this.writeAll(writes));

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
    if (await this.writes.submit({ kind: 'claim', tenant, key, fingerprint, lockedUntil, createdAt: now.toISOString(), expiresAt })) return { action: 'proceed' };
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
   * Claims the keys no row holds yet and keeps the responses given, in one statement; answers,
   * per claim, whether it took its key (true for a response kept). A claim never meets its own
   * key's response in one statement (a response follows its claim's answer); a retry's claim
   * beside the first request's response finds the key taken and is judged under its row lock.
   * Two claims of one key in the same statement: only the first can have taken it.
   */
  private async writeAll(writes: readonly KeyWrite[]): Promise<boolean[]> {
    const claims = writes.filter((w): w is KeyWrite & { kind: 'claim' } => w.kind === 'claim');
    const completions = writes.filter((w): w is KeyWrite & { kind: 'complete' } => w.kind === 'complete');
    const table = this.table(this.dataSource.manager);
    const complete = `UPDATE ${table} AS i SET state = 'completed', response = v.r::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[]) AS v(t, k, r) WHERE i.tenant = v.t AND i.idem_key = v.k`;
    const completeParams = [completions.map((c) => c.tenant), completions.map((c) => c.key), completions.map((c) => c.response)];
    if (claims.length === 0) {
      await this.dataSource.query(complete, completeParams);
      return writes.map(() => true);
    }
    const at = completions.length === 0 ? 1 : 4;
    const claim = `INSERT INTO ${table} (tenant, idem_key, fingerprint, state, locked_until, created_at, expires_at)
       SELECT t, k, f, 'in_flight', l, c, e FROM unnest($${at}::text[], $${at + 1}::text[], $${at + 2}::text[], $${at + 3}::timestamptz[], $${at + 4}::timestamptz[], $${at + 5}::timestamptz[]) AS v(t, k, f, l, c, e)
       ON CONFLICT (tenant, idem_key) DO NOTHING RETURNING tenant, idem_key`;
    const column = <K extends keyof Claim>(name: K): Claim[K][] => claims.map((c) => c[name]);
    const claimParams = [column('tenant'), column('key'), column('fingerprint'), column('lockedUntil'), column('createdAt'), column('expiresAt')];
    const taken = (
      completions.length === 0
        ? await this.dataSource.query(claim, claimParams)
        : await this.dataSource.query(`WITH kept AS (${complete}) ${claim}`, [...completeParams, ...claimParams])
    ) as { tenant: string; idem_key: string }[];
    const fresh = new Set(taken.map((row) => JSON.stringify([row.tenant, row.idem_key])));
    return writes.map((w) => w.kind === 'complete' || fresh.delete(JSON.stringify([w.tenant, w.key])));
  }

  /** Keeps a final response for replay; a transient one frees the key for the client's retry. */
  async complete(tenant: string, key: string, response: StoredResponse): Promise<void> {
    if (!isReplayable(response.status)) return this.release(tenant, key);
    await this.writes.submit({ kind: 'complete', tenant, key, response: JSON.stringify(response) });
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
