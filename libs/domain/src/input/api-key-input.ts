import { isRole, type Role } from '../access/access.js';
import { asObject, invalid, text } from './fields.js';

export interface ApiKeyRequest {
  roles: Role[];
  label: string;
}

/**
 * An admin's request for a new key of their own tenant: one or more known roles (each once)
 * and a label saying whose key it is. The tenant is never read from the body: it is the caller's.
 */
export function parseApiKeyRequest(raw: unknown): ApiKeyRequest {
  const body = asObject(raw, 'body');
  const roles = body.roles;
  if (!Array.isArray(roles) || roles.length === 0) return invalid('roles', 'must be a non-empty array');
  const unknown = roles.filter((role) => typeof role !== 'string' || !isRole(role));
  if (unknown.length > 0) invalid('roles', 'each must be one of intake, officer, auditor, admin');
  const label = text(body, 'label', { max: 200 }) as string;
  return { roles: [...new Set(roles as Role[])], label };
}
