import { INPUT_ERROR_CODES, REJECTION_CODES } from '#domain';
import { problem, PROBLEM_CONTENT_TYPE, problemType, statusOf, type EdgeCode } from '../http/problem.js';
import { ref, allOf, type Header, type JsonSchema, type Response } from './openapi.types.js';

/** Every code of the problem status table (libs/platform/src/http/problem.ts). */
export type ProblemCode = Parameters<typeof problem>[0];

const EDGE_CODES = allOf<EdgeCode>()([
  'invalid_request',
  'malformed_json',
  'body_too_large',
  'body_too_deep',
  'duplicate_key',
  'forbidden_key',
  'number_out_of_range',
  'unsupported_media_type',
  'card_number_refused',
  'credentials_in_url',
  'not_found',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'concurrent_modification',
  'service_unavailable',
  'internal_error',
]);

const IDEMPOTENCY_CODES = ['idempotency_key_missing', 'idempotency_key_invalid', 'idempotency_key_reused', 'idempotency_key_in_flight'] as const;
const WEBHOOK_CODES = ['webhook_signature_missing', 'webhook_signature_invalid', 'webhook_signature_expired', 'webhook_replayed'] as const;

const uniqueCodes = [...new Set([...EDGE_CODES, ...IDEMPOTENCY_CODES, ...WEBHOOK_CODES, ...INPUT_ERROR_CODES, ...REJECTION_CODES])].sort();
/** Compile-time proof that the list names every code of the status table, and nothing else. */
export const PROBLEM_CODES: readonly ProblemCode[] = allOf<ProblemCode>()(
  uniqueCodes as [...typeof EDGE_CODES, ...typeof IDEMPOTENCY_CODES, ...typeof WEBHOOK_CODES, ...typeof INPUT_ERROR_CODES, ...typeof REJECTION_CODES],
);

/** The statuses problems are answered with, each with the codes that answer with it. */
export const codesByStatus = (): Map<number, ProblemCode[]> => {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of PROBLEM_CODES) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return byStatus;
};

export const problemSchema: JsonSchema = {
  type: 'object',
  description:
    'RFC 9457 problem details. `code` names the refusal and is the stable contract; `type` is a URI made from it; ' +
    '`detail` is for humans, never quotes what was sent, and may change. A refused request appended nothing.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: [problemType('campaign_not_found')] },
    title: { type: 'string', examples: ['campaign not found'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request target that was refused.' },
    code: {
      type: 'string',
      enum: PROBLEM_CODES,
      description: 'The refusal, one HTTP status each (x-status-of-code).',
      'x-status-of-code': Object.fromEntries(PROBLEM_CODES.map((code) => [code, statusOf(code)])),
    },
    field: { type: 'string', description: 'The member at fault, by its path in the body (`donor.address.postalCode`), when there is one.' },
  },
};

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: ref('schemas', 'Problem') } };

const REASONS: Record<number, string> = {
  400: 'The request could not be read: not JSON, malformed JSON, a bad Idempotency-Key, a missing or mistyped member.',
  401: 'No API key, a malformed, unknown or revoked one (`WWW-Authenticate: Bearer`); for webhooks, no valid fresh signature.',
  403: "The key's roles may not call this operation.",
  404: "Nothing with that id, or it belongs to another tenant: both answer exactly alike.",
  409: 'A conflict with what exists: an id already taken (ids are global, whoever holds them), a request still running under the same Idempotency-Key, a replayed webhook.',
  413: 'The body is larger than 64 KiB.',
  415: 'The body is not `application/json` (or `+json`), UTF-8, uncompressed.',
  422: 'Read, but refused by a rule: amounts, currencies, text, dates, campaign window, consent, payment facts.',
  429: 'The key made more requests than its rate allows; retry after `Retry-After` seconds.',
  500: 'A failure of ours; safe to retry.',
  503: 'A dependency does not answer; retry later.',
};

export const problemResponses = (): Record<string, Response> =>
  Object.fromEntries(
    [...codesByStatus()].sort(([a], [b]) => a - b).map(([status, codes]) => [
      `Problem${status}`,
      {
        description: `${REASONS[status] ?? 'Refused.'} Codes: ${codes.join(', ')}.`,
        headers: status === 401 ? { 'WWW-Authenticate': ref('headers', 'WWW-Authenticate') } : status === 429 ? rateLimitHeaders(true) : {},
        content: problemContent,
      },
    ]),
  );

export function rateLimitHeaders(limited = false): Record<string, { $ref: string }> {
  return {
    RateLimit: ref('headers', 'RateLimit'),
    'RateLimit-Policy': ref('headers', 'RateLimit-Policy'),
    ...(limited ? { 'Retry-After': ref('headers', 'Retry-After') } : {}),
  };
}

export const sharedHeaders: Record<string, Header> = {
  'WWW-Authenticate': { description: '`Bearer realm="hustings"` (with `error="invalid_token"` for an unknown key); `Hustings-Signature` for webhooks.', schema: { type: 'string' } },
  RateLimit: { description: 'The caller key\'s bucket: `limit=<burst>, remaining=<requests>, reset=<seconds>`.', schema: { type: 'string' } },
  'RateLimit-Policy': { description: '`<burst>;w=<seconds to refill>` (RATE_LIMIT_BURST, RATE_LIMIT_PER_SECOND).', schema: { type: 'string' } },
  'Retry-After': { description: 'Whole seconds until the key may call again.', schema: { type: 'integer', minimum: 1 } },
  Location: { description: 'Where the resource is read.', schema: { type: 'string', format: 'uri-reference' } },
};

