import { ROLES } from '#domain';
import { BODY_PROBLEMS, body, keyed, ok } from './openapi.paths.js';
import { ref, type JsonSchema, type PathItem } from './openapi.types.js';

/**
 * Who a key is, and an admin's keys of its own tenant (libs/platform/src/auth/api-keys.controller.ts):
 * every app serves these, intake's document describes them.
 */
const role: JsonSchema = { type: 'string', enum: [...ROLES] };
const keyInfo: Record<string, JsonSchema> = {
  keyId: { type: 'string' },
  tenantId: { type: 'string' },
  roles: { type: 'array', items: role },
  label: { type: 'string' },
  createdAt: { type: 'string', format: 'date-time' },
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
};
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({ type: 'object', required: Object.keys(properties), properties, ...(description ? { description } : {}) });

export const keySchemas: Record<string, JsonSchema> = {
  Session: object({ keyId: { type: 'string' }, tenantId: { type: 'string' }, roles: { type: 'array', items: role } }, 'The presented key: its id, tenant and roles.'),
  ApiKeyRequest: {
    type: 'object',
    required: ['roles', 'label'],
    description: "A new key of the caller's tenant (the tenant is never taken from the body).",
    properties: { roles: { type: 'array', minItems: 1, items: role }, label: { type: 'string', minLength: 1, maxLength: 200, description: 'Whose key it is.' } },
  },
  ApiKey: object(keyInfo),
  IssuedApiKey: object({ ...keyInfo, key: { type: 'string', description: 'The key itself, shown in this answer only; only its SHA-256 is stored.' } }),
  ApiKeyList: object({ tenantId: { type: 'string' }, keys: { type: 'array', items: ref('schemas', 'ApiKey') } }),
};

export const keyPaths: Record<string, PathItem> = {
  '/v1/session': {
    get: keyed(['intake', 'officer', 'auditor'], { operationId: 'getSession', summary: 'Who the presented key is: tenant and roles', tags: ['keys'], responses: { 200: ok('The key.', 'Session') } }, []),
  },
  '/v1/api-keys': {
    get: keyed([], { operationId: 'listApiKeys', summary: "The tenant's API keys, revoked ones included (never the keys themselves)", tags: ['keys'], responses: { 200: ok('The keys.', 'ApiKeyList') } }, []),
    post: keyed(
      [],
      { operationId: 'issueApiKey', summary: "Issue a key of the caller's tenant", tags: ['keys'], requestBody: body('ApiKeyRequest', 'Its roles and label.'), responses: { 201: ok('Issued; the key is in this answer only.', 'IssuedApiKey') } },
      BODY_PROBLEMS,
    ),
  },
  '/v1/api-keys/{keyId}/revoke': {
    post: keyed(
      [],
      {
        operationId: 'revokeApiKey',
        summary: 'Revoke a key of the tenant, for good',
        description: 'Idempotent. The key stops working within API_KEY_CACHE_MS on every process. Another tenant\'s key answers 404.',
        tags: ['keys'],
        parameters: [{ name: 'keyId', in: 'path', required: true, description: 'The key id from the list.', schema: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } }],
        responses: { 200: ok('The key, revoked.', 'ApiKey') },
      },
      [404],
    ),
  },
};
