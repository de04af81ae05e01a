import { createHash, randomBytes } from 'node:crypto';

/**
 * Who may do what. A caller is an API key bound to one tenant (a party) and some roles;
 * everything it reads or writes must belong to that tenant, and a resource of another tenant
 * is indistinguishable from a missing one.
 */
export const ROLES = ['intake', 'officer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  keyId: string;
  tenantId: string;
  roles: readonly Role[];
}

/** An admin may do anything within its tenant; every other role only what a route names. */
export function permits(principal: Principal, allowed: readonly Role[]): boolean {
  return principal.roles.includes('admin') || principal.roles.some((role) => allowed.includes(role));
}

/** A resource is visible only to callers of its own tenant; an unknown owner is nobody's. */
export function owns(principal: Principal, tenantId: string | null | undefined): boolean {
  return typeof tenantId === 'string' && tenantId === principal.tenantId;
}

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * API keys: `hk_<key id>_<secret>`. Only the SHA-256 of the whole key is stored; the secret has
 * 256 bits of entropy, so a fast hash is enough (nothing to brute-force), and a lookup by hash
 * needs no constant-time comparison. Operator-chosen bootstrap keys must be at least 32
 * characters for the same reason.
 */
export const MIN_API_KEY_LENGTH = 32;
export const MAX_API_KEY_LENGTH = 256;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): { keyId: string; key: string } {
  const keyId = randomBytes(6).toString('hex');
  return { keyId, key: `hk_${keyId}_${randomBytes(32).toString('base64url')}` };
}

/**
 * The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Returns
 * null when none is presented, and the reason when what is presented cannot be a key.
 */
export function presentedApiKey(authorization: string | undefined, apiKeyHeader: string | undefined): { key: string } | { problem: string } | null {
  let key: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { problem: 'the Authorization header must be "Bearer <api key>"' };
    key = match[1];
  } else if (apiKeyHeader !== undefined && apiKeyHeader !== '') {
    key = apiKeyHeader.trim();
  }
  if (key === undefined) return null;
  if (key.length < MIN_API_KEY_LENGTH || key.length > MAX_API_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    return { problem: 'the API key is malformed' };
  }
  return { key };
}
