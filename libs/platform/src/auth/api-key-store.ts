import type { DataSource } from 'typeorm';
import { hashApiKey, isRole, MIN_API_KEY_LENGTH, newApiKey, TENANT_ID_PATTERN, type Principal, type Role } from '#domain';
import type { TableSet } from '#sql';
import { ApiKeys1764000000002 } from './1764000000002-api-keys.migration.js';
import { ApiKeyRow } from './api-key.entity.js';

/** The API key table every app migrates beside its own (it lives in the shared AUTH_SCHEMA). */
export const API_KEY_TABLES: TableSet = { entities: [ApiKeyRow], migrations: [ApiKeys1764000000002] };

export interface ApiKeyInfo {
  keyId: string;
  tenantId: string;
  roles: Role[];
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export class ApiKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyError';
  }
}

const BOOTSTRAP_KEY_ID = 'bootstrap-admin';

function info(row: ApiKeyRow): ApiKeyInfo {
  return {
    keyId: row.keyId,
    tenantId: row.tenantId,
    roles: row.roles.filter(isRole),
    label: row.label,
    createdAt: new Date(row.createdAt).toISOString(),
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
  };
}

function checkGrant(tenantId: string, roles: readonly string[]): Role[] {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new ApiKeyError(`tenant "${tenantId}" must be 1-63 lowercase letters, digits or -`);
  if (roles.length === 0) throw new ApiKeyError('a key needs at least one role');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) throw new ApiKeyError(`unknown role(s) ${unknown.join(', ')}: use intake, officer, auditor or admin`);
  return [...new Set(roles)] as Role[];
}

/**
 * Issues, finds and revokes API keys. The key is shown once, when issued; the store keeps its
 * hash, so a leaked database does not leak working keys.
 */
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ApiKeyRow);
  }

  async issue(tenantId: string, roles: readonly string[], label: string, now = new Date()): Promise<ApiKeyInfo & { key: string }> {
    const granted = checkGrant(tenantId, roles);
    const { keyId, key } = newApiKey();
    const row = this.repository.create({ keyId, keyHash: hashApiKey(key), tenantId, roles: granted, label: label.slice(0, 200), createdAt: now, revokedAt: null });
    await this.repository.insert(row);
    return { ...info(row), key };
  }

  /**
   * The operator's admin key from HUSTINGS_BOOTSTRAP_ADMIN_KEY, stored on first start only:
   * a later start with the variable still set neither duplicates it nor revives it once revoked.
   */
  async bootstrapAdmin(key: string, tenantId: string, now = new Date()): Promise<'created' | 'exists'> {
    if (key.length < MIN_API_KEY_LENGTH) throw new ApiKeyError(`the bootstrap admin key must be at least ${MIN_API_KEY_LENGTH} characters`);
    const roles = checkGrant(tenantId, ['admin']);
    const inserted = (await this.dataSource.query(
      `INSERT INTO ${this.repository.metadata.tablePath} (key_id, key_hash, tenant_id, roles, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING key_id`,
      [BOOTSTRAP_KEY_ID, hashApiKey(key), tenantId, roles, 'bootstrap admin (HUSTINGS_BOOTSTRAP_ADMIN_KEY)', now.toISOString()],
    )) as unknown[];
    return inserted.length ? 'created' : 'exists';
  }

  /** The principal a presented key stands for, or null when it is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const row = await this.repository.findOneBy({ keyHash: hashApiKey(key) });
    if (!row || row.revokedAt) return null;
    return { keyId: row.keyId, tenantId: row.tenantId, roles: row.roles.filter(isRole) };
  }

  /** Revoking is permanent and idempotent; it answers false for a key that never existed. */
  async revoke(keyId: string, now = new Date()): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE ${this.repository.metadata.tablePath} SET revoked_at = COALESCE(revoked_at, $2) WHERE key_id = $1 RETURNING key_id`,
      [keyId, now.toISOString()],
    )) as [unknown[], number] | unknown[];
    const rows = Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
    return rows.length > 0;
  }

  async list(tenantId?: string): Promise<ApiKeyInfo[]> {
    const rows = await this.repository.find({ where: tenantId ? { tenantId } : {}, order: { createdAt: 'ASC' } });
    return rows.map(info);
  }

  async count(): Promise<number> {
    return this.repository.count();
  }
}
