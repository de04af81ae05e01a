import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { parseTraceparent } from '#contracts';
import type { Principal } from '#domain';
import type { RequestContext } from './intake.service.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** Who acts (the API key, never a person's name) and under which correlation id. */
export function contextOf(request: Request, principal: Principal): RequestContext {
  return { correlationId: correlationOf(request), traceId: traceOf(request), actor: `api-key:${principal.keyId}`, tenantId: principal.tenantId, now: new Date().toISOString() };
}

/**
 * A payment provider's signed webhook: authenticated by its signature, not by a tenant's key;
 * it may only touch a donation that exists, whose tenant is already fixed.
 */
export function webhookContextOf(request: Request): RequestContext {
  return { correlationId: correlationOf(request), traceId: traceOf(request), actor: 'psp-webhook', tenantId: 'psp-webhook', now: new Date().toISOString() };
}

function correlationOf(request: Request): string {
  const header = request.header('x-correlation-id');
  return header && CORRELATION.test(header) ? header : randomUUID();
}

/** The caller's W3C trace, carried by the facts this request causes and by their bus messages. */
function traceOf(request: Request): string | undefined {
  return parseTraceparent(request.header('traceparent'));
}
