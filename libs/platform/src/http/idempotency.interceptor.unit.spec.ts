import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of, throwError } from 'rxjs';
import { decideIdempotentRequest, InputError, type IdempotencyRecord, type StoredResponse } from '#domain';
import type { TenantScope } from '../auth/tenant-scope.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import type { IdempotencyKeys } from './idempotency.port.js';
import { HttpProblem, problem } from './problem.js';

/** The store's decisions without a database: the pure rule over a map. */
class MemoryKeys implements IdempotencyKeys {
  readonly records = new Map<string, IdempotencyRecord>();
  async begin(tenant: string, key: string, fingerprint: string) {
    const decision = decideIdempotentRequest(this.records.get(`${tenant}/${key}`) ?? null, fingerprint, new Date());
    if (decision.action === 'proceed') this.records.set(`${tenant}/${key}`, { state: 'in_flight', fingerprint, lockedUntil: new Date(Date.now() + 60_000).toISOString() });
    return decision;
  }
  async complete(tenant: string, key: string, response: StoredResponse) {
    const held = this.records.get(`${tenant}/${key}`);
    if (held) this.records.set(`${tenant}/${key}`, { state: 'completed', fingerprint: held.fingerprint, response });
  }
  async release(tenant: string, key: string) {
    this.records.delete(`${tenant}/${key}`);
  }
}

function exchange(key: string | undefined, body: unknown) {
  const headers: Record<string, string> = {};
  const response = {
    statusCode: 202,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    set(name: string | Record<string, string>, value?: string) {
      Object.assign(headers, typeof name === 'string' ? { [name]: value } : name);
      return this;
    },
    getHeader: (name: string) => headers[name],
  };
  const request = {
    method: 'POST',
    originalUrl: '/v1/campaigns/c-1/donations',
    body,
    params: { campaignId: 'c-1' },
    headers: key === undefined ? {} : { 'idempotency-key': key },
    principal: { keyId: 'k', tenantId: 't', roles: ['intake'] },
  };
  const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }), getHandler: () => () => undefined } as unknown as ExecutionContext;
  return { context, response, headers };
}

describe('the idempotency interceptor', () => {
  const keys = new MemoryKeys();
  const interceptor = new IdempotencyInterceptor(new Reflector(), {} as TenantScope, keys);
  const run = async (key: string | undefined, body: unknown, handler: CallHandler) => {
    const { context, response, headers } = exchange(key, body);
    const out = await lastValueFrom(await interceptor.intercept(context, handler));
    return { out, status: response.statusCode, headers };
  };
  const created: CallHandler = { handle: () => of({ donationId: 'd-1' }) };

  it('given no key, then 400 idempotency_key_missing before anything runs', async () => {
    await expect(run(undefined, {}, created)).rejects.toMatchObject({ code: 'idempotency_key_missing' });
  });

  it('given a retry with the same body, then the first answer again, marked replayed; another body is 422', async () => {
    const first = await run('k-1', { a: 1 }, created);
    const again = await run('k-1', { a: 1 }, { handle: () => of({ donationId: 'never' }) });
    expect(again).toEqual({ out: first.out, status: 202, headers: { 'idempotency-replayed': 'true' } });
    await expect(run('k-1', { a: 2 }, created)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('given a refusal the edge knows (an input error), then it is the answer kept for the key', async () => {
    const refused: CallHandler = { handle: () => throwError(() => new InputError('invalid_request', 'donor', 'donor: required')) };
    const first = await run('k-2', {}, refused);
    expect(first).toMatchObject({ status: 400, out: { code: 'invalid_request', field: 'donor', instance: '/v1/campaigns/c-1/donations' } });
    expect(first.headers['content-type']).toBe('application/problem+json');
    expect((await run('k-2', {}, created)).out).toEqual(first.out);
  });

  it('given a failure of ours, then the error goes on and the key is free for the retry', async () => {
    const broken: CallHandler = { handle: () => throwError(() => new Error('database gone')) };
    await expect(run('k-3', {}, broken)).rejects.toThrow('database gone');
    expect((await run('k-3', {}, created)).out).toEqual({ donationId: 'd-1' });
  });

  it('given a precondition that refuses, then the key is not spent', async () => {
    const reflector = { get: () => ({ before: async () => { throw new HttpProblem(problem('campaign_not_found', 'campaign c-1 does not exist')); } }) } as unknown as Reflector;
    const guarded = new IdempotencyInterceptor(reflector, {} as TenantScope, keys);
    const { context } = exchange('k-4', {});
    await expect(guarded.intercept(context, created)).rejects.toBeInstanceOf(HttpProblem);
    expect(keys.records.has('t/k-4')).toBe(false);
  });
});
