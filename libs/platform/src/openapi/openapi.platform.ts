import { ROLES } from '#domain';
import { BODY_PROBLEMS, body, json, keyed, object, ok } from './openapi.building.js';
import { ref, type JsonSchema, type PathItem, type SecurityScheme } from './openapi.types.js';

/**
 * The routes of the platform module, which every app serves: who a key is and an admin's keys
 * of its tenant (auth/api-keys.controller.ts), the probes and metrics (health.controller.ts) and
 * the API document itself (openapi.controller.ts).
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

export const platformSchemas: Record<string, JsonSchema> = {
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
  Liveness: object({ status: { const: 'up' } }),
  Readiness: object({
    status: { type: 'string', enum: ['up', 'down'] },
    draining: { type: 'boolean' },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['name', 'status'],
        properties: { name: { type: 'string' }, status: { type: 'string', enum: ['up', 'down'] }, error: { type: 'string' } },
      },
    },
  }),
};

export const platformPaths: Record<string, PathItem> = {
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
  '/v1/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      summary: "This document: the API of the apps this process runs (all four in the embedded platform)",
      tags: ['operations'],
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } },
    },
  },
  '/v1/docs': {
    get: {
      operationId: 'getApiReference',
      summary: 'This document as a page to browse: every operation by tag, its parameters, answers and schemas',
      tags: ['operations'],
      security: [],
      responses: { 200: { description: 'HTML, rendered from this document.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/health/live': {
    get: { operationId: 'live', summary: 'Liveness: the process answers', tags: ['operations'], security: [], responses: { 200: ok('Alive.', 'Liveness') } },
  },
  '/health/ready': {
    get: {
      operationId: 'ready',
      summary: 'Readiness: the ledger, the bus and the database answer, and the process is not draining',
      tags: ['operations'],
      security: [],
      responses: { 200: ok('Ready.', 'Readiness'), 503: ok('Not ready; checks says which dependency is down.', 'Readiness') },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      summary: 'Prometheus metrics: requests, latencies, relay and consumer lag, dead letters',
      tags: ['operations'],
      security: [],
      responses: { 200: { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
};

export const platformTags = [
  { name: 'keys', description: "Who a key is; an admin's API keys of its tenant (served by every app)." },
  { name: 'operations', description: 'Probes, metrics and this document: no key needed.' },
];

export const platformSecuritySchemes: Record<string, SecurityScheme> = {
  bearerApiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'hk_<keyId>_<secret>',
    description: 'An API key, issued by `npm run keys -- issue --tenant T --role R` (shown once) or set with HUSTINGS_BOOTSTRAP_ADMIN_KEY.',
  },
  headerApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same API key, for clients that cannot set Authorization.' },
};

/** What holds for every operation of every app; each app's part adds its own paragraph. */
export const PLATFORM_DESCRIPTION = `**Keys.** Every operation except the probes, the metrics, this document, payment webhooks and the public donor wall
needs an API key, \`Authorization: Bearer <key>\` (or \`X-Api-Key: <key>\`). A key belongs to one tenant (a party) and holds roles:
\`intake\` (donation forms: take donations and plans, read them), \`officer\` (review, fulfilment, reports) and \`auditor\` (read, audit export),
\`admin\` (everything in its tenant, including committees, campaigns, reward tiers and erasure). \`x-roles\` on each operation lists the
roles that may call it. Another tenant's committee, campaign, donation, plan or grant answers 404 exactly as a missing one;
ids are global, so an id another tenant took is 409.

**Rate limits.** Per key and per process, a token bucket of RATE_LIMIT_BURST requests refilled at
RATE_LIMIT_PER_SECOND; over it, 429 rate_limited with \`Retry-After\`. A revoked key may work for up to
API_KEY_CACHE_MS more.

**Money** is an integer of minor units (\`amountMinor\`, USD 2500 = $25.00) with its ISO 4217 currency, never a float.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\` (the Problem schema lists them all,
with the status of each).`;
