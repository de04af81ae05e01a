import { createHash } from 'node:crypto';
import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, map, type Observable, of } from 'rxjs';
import { parseIdempotencyKey, problemInstanceOf, type Principal, type StoredResponse } from '#domain';
import { canonicalJson } from '#ledger';
import { TenantScope } from '../auth/tenant-scope.js';
import { IDEMPOTENCY_KEYS, type IdempotencyKeys } from './idempotency.port.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { knownProblem } from './problem.filter.js';

/**
 * What must hold before a key is claimed: a request refused here (an unknown campaign) uses up
 * nothing, so the same key works once the request is right.
 */
export type IdempotencyPrecondition = (scope: TenantScope, caller: Principal, params: Request['params']) => Promise<unknown>;

interface IdempotentOptions {
  before?: IdempotencyPrecondition;
}

const IDEMPOTENT = 'hustings:idempotent';
/** Response headers a replay gives again; the others (rate limits) belong to each request. */
const KEPT_HEADERS = ['location'];

type IdempotentRequest = Request & { principal?: Principal; idempotencyKey?: string };

/**
 * Idempotent after the IETF Idempotency-Key draft: the key is required; a retry with the same
 * body gets the first response again (with `idempotency-replayed: true`), another body 422, a
 * retry while the first is still running 409. Refusals the edge knows are kept as answers; a
 * failure of ours frees the key for the retry.
 */
export const Idempotent = (options: IdempotentOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(IDEMPOTENT, options), UseInterceptors(IdempotencyInterceptor));

/** The request's Idempotency-Key as the interceptor read it (so a route can derive ids from it). */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const key = context.switchToHttp().getRequest<IdempotentRequest>().idempotencyKey;
  if (key === undefined) throw new Error('IdempotencyKey used on a route that is not @Idempotent');
  return key;
});

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly scope: TenantScope,
    @Inject(IDEMPOTENCY_KEYS) private readonly keys: IdempotencyKeys,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const caller = request.principal;
    if (!caller) throw new Error('Idempotent used on a route without authentication');
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    const options = this.reflector.get<IdempotentOptions | undefined>(IDEMPOTENT, context.getHandler()) ?? {};
    await options.before?.(this.scope, caller, request.params);
    const tenant = caller.tenantId;
    const decision = await this.keys.begin(tenant, key, fingerprintOf(request.method, request.originalUrl, request.body));
    if (decision.action === 'reject') throw decision.error;
    if (decision.action === 'replay') return of(answer(response, decision.response, true));
    request.idempotencyKey = key;
    return next.handle().pipe(
      map((body): StoredResponse => ({ status: response.statusCode, headers: keptHeaders(response), body })),
      catchError((error: unknown) => from(this.outcomeOfError(error, tenant, key, request))),
      mergeMap(async (outcome) => {
        await this.keys.complete(tenant, key, outcome);
        return answer(response, outcome, false);
      }),
    );
  }

  private async outcomeOfError(error: unknown, tenant: string, key: string, request: Request): Promise<StoredResponse> {
    const known = knownProblem(error);
    if (!known) {
      await this.keys.release(tenant, key).catch(() => undefined);
      throw error;
    }
    return { status: known.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: { ...known, instance: problemInstanceOf(request.originalUrl) } };
  }
}

/** What identifies a request for its Idempotency-Key: method, target and body, canonically. */
function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonicalJson(body ?? null)}`).digest('hex');
}

function keptHeaders(response: Response): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

/** Status and headers onto the response; the body goes out through Nest as JSON. */
function answer(response: Response, stored: StoredResponse, replayed: boolean): unknown {
  response.status(stored.status).set(stored.headers);
  if (replayed) response.set('idempotency-replayed', 'true');
  return stored.body;
}
