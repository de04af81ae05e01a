import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { parseTraceparent, type EventMetadata } from '#contracts';
import type { Principal, Role } from '#domain';

/**
 * Who acts in this request and under which ids: what every fact the request causes records in
 * its metadata. It is the caller's Principal too, so it can be handed to TenantScope and `owns`.
 */
export interface RequestContext extends Principal {
  /** The client's `x-correlation-id` when it is a sane one, a fresh UUID otherwise. */
  correlationId: string;
  /** The caller's `traceparent` (W3C Trace Context), when it sent a valid one. */
  traceId?: string;
  /** The API key that acts (`api-key:<id>`), never a person's name. */
  actor: string;
  tenantId: string;
  roles: readonly Role[];
  /** When the request was taken, as an ISO instant. */
  now: string;
}

/**
 * The metadata of a fact a request causes: the request's ids, its actor and trace, the
 * committee (and donor) it concerns. The request is its own cause.
 */
export function requestFactMetadata(ctx: Pick<RequestContext, 'now' | 'correlationId' | 'actor' | 'traceId'>, committeeId: string, donorId?: string): EventMetadata {
  return { occurredAt: ctx.now, correlationId: ctx.correlationId, causationId: ctx.correlationId, committeeId, donorId, actor: ctx.actor, ...(ctx.traceId ? { traceId: ctx.traceId } : {}) };
}

/** The context of a route without a key (a signed webhook): its actor stands for the tenant. */
export type PublicRequestContext = Omit<RequestContext, 'keyId' | 'roles'>;

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

/** One context per request: a correlation id made up here must be the same wherever it is asked for. */
const CONTEXT = Symbol('hustings:request-context');

type AuthenticatedRequest = Request & { principal?: Principal; [CONTEXT]?: RequestContext | PublicRequestContext };

/** The correlation id of a request, made once: the access log line and the facts it causes share it. */
const CORRELATION_ID = Symbol('hustings:correlation-id');

export function correlationOf(request: Request): string {
  const held = request as Request & { [CORRELATION_ID]?: string };
  if (held[CORRELATION_ID] === undefined) {
    const header = request.header('x-correlation-id');
    held[CORRELATION_ID] = header && CORRELATION.test(header) ? header : randomUUID();
  }
  return held[CORRELATION_ID];
}

/** The caller's W3C trace, carried by the facts this request causes and by their bus messages. */
export function traceOf(request: Request): string | undefined {
  return parseTraceparent(request.header('traceparent'));
}

/** The context of an authenticated request (AuthGuard has set its principal). */
export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  const principal = request.principal;
  if (!principal) throw new Error('RequestContext used on a route without authentication; name its public actor');
  const traceId = traceOf(request);
  return {
    keyId: principal.keyId,
    tenantId: principal.tenantId,
    roles: principal.roles,
    correlationId: correlationOf(request),
    ...(traceId ? { traceId } : {}),
    actor: `api-key:${principal.keyId}`,
    now: new Date().toISOString(),
  };
}

/**
 * A public route that still causes facts (a payment provider's signed webhook): authenticated by
 * other means, it acts under a fixed name that also stands in for the tenant.
 */
export function publicRequestContextOf(request: Request, actor: string): PublicRequestContext {
  const traceId = traceOf(request);
  return { correlationId: correlationOf(request), ...(traceId ? { traceId } : {}), actor, tenantId: actor, now: new Date().toISOString() };
}

/**
 * `@RequestContext() ctx`: correlation id, trace, tenant, roles and actor of this request.
 * `@RequestContext({ publicActor: 'psp-webhook' })` on a @Public route gives a PublicRequestContext.
 */
export const RequestContext = createParamDecorator((options: { publicActor: string } | undefined, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  request[CONTEXT] ??= options ? publicRequestContextOf(request, options.publicActor) : requestContextOf(request);
  return request[CONTEXT];
});
