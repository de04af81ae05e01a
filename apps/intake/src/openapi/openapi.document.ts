import { WEBHOOK_SIGNATURE_HEADER } from '#domain';
import { keyPaths, keySchemas } from './openapi.keys.js';
import { API_KEY_SECURITY, parameters, paths } from './openapi.paths.js';
import { problemResponses, problemSchema, sharedHeaders } from './openapi.problems.js';
import { requestSchemas } from './openapi.requests.js';
import { responseSchemas } from './openapi.responses.js';
import type { OpenApiDocument } from './openapi.types.js';

const DESCRIPTION = `Donation intake of Hustings, an event-sourced donation ledger for political crowdfunding:
committees and campaigns, donations (idempotent), payment provider webhooks, monthly recurring gifts and
the erasure of a donor's personal data.

**Keys.** Every operation except the probes, the metrics, this document and payment webhooks needs an API key,
\`Authorization: Bearer <key>\` (or \`X-Api-Key: <key>\`). A key belongs to one tenant (a party) and holds roles:
\`intake\` (donation forms: take donations and plans, read them), \`officer\` and \`auditor\` (read), \`admin\`
(everything in its tenant, including committees, campaigns and erasure). \`x-roles\` on each operation lists the
roles that may call it. Another tenant's committee, campaign, donation or plan answers 404 exactly as a missing one;
ids are global, so an id another tenant took is 409.

**Rate limits.** Per key and per process, a token bucket of RATE_LIMIT_BURST requests refilled at
RATE_LIMIT_PER_SECOND; over it, 429 rate_limited with \`Retry-After\`. A revoked key may work for up to
API_KEY_CACHE_MS more.

**Money** is an integer of minor units (\`amountMinor\`, USD 2500 = $25.00) with its ISO 4217 currency, never a float.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\` (the Problem schema lists them all,
with the status of each).`;

/** The OpenAPI 3.1 document of intake's HTTP API, served at GET /v1/openapi.json. */
export const INTAKE_OPENAPI: OpenApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
  info: { title: 'Hustings intake API', version: '1.0.0', summary: 'Donations, payment webhooks and recurring gifts.', description: DESCRIPTION },
  tags: [
    { name: 'committees', description: "A party's candidate committees or accounting units, each with a jurisdiction." },
    { name: 'campaigns', description: 'Fundraising windows of a committee.' },
    { name: 'donations', description: 'Gifts, idempotent by Idempotency-Key, decided by compliance asynchronously.' },
    { name: 'payments', description: 'Signed notices from payment providers.' },
    { name: 'recurring plans', description: 'Monthly gifts on explicit consent.' },
    { name: 'donors', description: "Donors' personal data (crypto-shredding)." },
    { name: 'keys', description: 'Who a key is; an admin\'s API keys of its tenant (served by every app).' },
    { name: 'operations', description: 'Probes, metrics and this document: no key needed.' },
  ],
  security: API_KEY_SECURITY,
  paths: { ...paths, ...keyPaths },
  components: {
    schemas: { Problem: problemSchema, ...requestSchemas, ...responseSchemas, ...keySchemas },
    responses: problemResponses(),
    parameters,
    headers: sharedHeaders,
    securitySchemes: {
      bearerApiKey: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'hk_<keyId>_<secret>',
        description: 'An API key, issued by `npm run keys -- issue --tenant T --role R` (shown once) or set with HUSTINGS_BOOTSTRAP_ADMIN_KEY.',
      },
      headerApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The same API key, for clients that cannot set Authorization.' },
      webhookSignature: {
        type: 'apiKey',
        in: 'header',
        name: WEBHOOK_SIGNATURE_HEADER,
        description: 'HMAC-SHA256 of `<t>.<body>` with a secret of HUSTINGS_WEBHOOK_SECRET: `t=<unix seconds>,v1=<hex>`.',
      },
    },
  },
};
