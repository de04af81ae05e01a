import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Principal } from '#domain';
import type { RequestContext } from './intake.service.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** Who acts (the API key, never a person's name) and under which correlation id. */
export function contextOf(request: Request, principal: Principal): RequestContext {
  const header = request.header('x-correlation-id');
  return {
    correlationId: header && CORRELATION.test(header) ? header : randomUUID(),
    actor: `api-key:${principal.keyId}`,
    tenantId: principal.tenantId,
    now: new Date().toISOString(),
  };
}
