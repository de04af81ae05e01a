import { CLIENT_ID_PATTERN } from '#contracts';
import type { Role } from '#domain';
import { rateLimitHeaders } from './openapi.problems.js';
import { ref, type JsonSchema, type Operation, type Parameter, type Reference, type RequestBody, type Response, type SecurityRequirement } from './openapi.types.js';

/**
 * The pieces every app's part of the API document is built from, so that security, refusals
 * and the shared parameters are said once: an operation is `keyed` (or public), and its
 * refusals are the shared problem+json responses of the platform's status table.
 */

/** Either way of presenting an API key; see the security schemes. */
export const API_KEY_SECURITY: SecurityRequirement[] = [{ bearerApiKey: [] }, { headerApiKey: [] }];

export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
export const body = (schema: string, description: string, required = true): RequestBody => ({ description, required, content: json(ref('schemas', schema)) });
export const ok = (description: string, schema: string, headers: Response['headers'] = {}): Response => ({ description, headers, content: json(ref('schemas', schema)) });
export const problems = (...statuses: number[]): Record<string, Reference> => Object.fromEntries(statuses.map((s) => [String(s), ref('responses', `Problem${s}`)]));
export const p = (name: string): Reference => ref('parameters', name);

/** An object whose every listed member is always present. */
export const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});

export const BODY_PROBLEMS = [400, 413, 415, 422];

/** An operation that needs an API key of one of `roles` (or an admin's); a route naming no role is admin-only. */
export function keyed(roles: Role[], operation: Omit<Operation, 'security' | 'x-roles'>, refusals: number[]): Operation {
  // Every answer to a key carries the key's rate-limit headers; refusals are shared responses that have them too.
  const answers = Object.entries(operation.responses).map(([status, answer]) =>
    [status, '$ref' in answer ? answer : { ...answer, headers: { ...rateLimitHeaders(), ...answer.headers } }] as const,
  );
  const responses = { ...Object.fromEntries(answers), ...problems(...refusals, 401, 403, 429, 500) };
  return { ...operation, security: API_KEY_SECURITY, 'x-roles': [...roles, 'admin'], responses };
}

export const clientId: JsonSchema = {
  type: 'string',
  pattern: CLIENT_ID_PATTERN.source,
  description: '1-64 letters, digits, `-` or `_`, starting with a letter or digit. Ids are global across tenants.',
};

export function pathId(name: string, what: string, schema: JsonSchema = clientId): Parameter {
  return { name, in: 'path', required: true, description: `The ${what}'s id. Another tenant's answers 404 exactly as a missing one.`, schema };
}

/** Query parameters are strings on the wire; what each accepts is said in its description and pattern. */
export function query(name: string, description: string, schema: JsonSchema = { type: 'string' }): Parameter {
  return { name, in: 'query', required: false, description, schema };
}

/** Parameters more than one app names: defined once here, so a merged document holds one of each. */
export const sharedParameters: Record<string, Parameter> = {
  CommitteeId: pathId('committeeId', 'committee'),
  CampaignId: pathId('campaignId', 'campaign'),
  DonationId: pathId('donationId', 'donation'),
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: 'Recorded on the ledger facts the request causes (1-128 of letters, digits, `._:-`); a new UUID otherwise.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
};
