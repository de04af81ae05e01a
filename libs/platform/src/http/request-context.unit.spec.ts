import type { Request } from 'express';
import type { Principal } from '#domain';
import { IdPipe } from './id.pipe.js';
import { HttpProblem } from './problem.js';
import { publicRequestContextOf, requestContextOf } from './request-context.js';

const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const principal: Principal = { keyId: 'k-1', tenantId: 'party-a', roles: ['officer'] };

const requestWith = (headers: Record<string, string>, who?: Principal): Request & { principal?: Principal } =>
  ({ principal: who, header: (name: string) => headers[name.toLowerCase()] }) as unknown as Request & { principal?: Principal };

describe('the request context', () => {
  it('given an authenticated request with a correlation id and a traceparent, then it carries both, the tenant, roles and actor', () => {
    const ctx = requestContextOf(requestWith({ 'x-correlation-id': 'corr-1', traceparent: TRACE }, principal));
    expect(ctx).toMatchObject({ keyId: 'k-1', tenantId: 'party-a', roles: ['officer'], actor: 'api-key:k-1', correlationId: 'corr-1', traceId: TRACE });
    expect(Number.isNaN(Date.parse(ctx.now))).toBe(false);
  });

  it('given an insane correlation id and an invalid traceparent, then a fresh correlation id and no trace', () => {
    const ctx = requestContextOf(requestWith({ 'x-correlation-id': 'a b\n', traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }, principal));
    expect(ctx.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect('traceId' in ctx).toBe(false);
  });

  it('given a route without a key, then only a named public actor may act, standing for its tenant', () => {
    expect(() => requestContextOf(requestWith({}))).toThrow(/without authentication/);
    expect(publicRequestContextOf(requestWith({ traceparent: TRACE }), 'psp-webhook')).toMatchObject({ actor: 'psp-webhook', tenantId: 'psp-webhook', traceId: TRACE });
  });
});

describe('the id pipe', () => {
  const problemOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof HttpProblem ? error.problem : error;
    }
    return null;
  };

  it('given an id of the client-id form, then it passes unchanged', () => {
    expect(new IdPipe({ what: 'campaign' }).transform('camp-2026_a')).toBe('camp-2026_a');
  });

  it('given an id that cannot exist, then 404 with the route code, and the id is not echoed', () => {
    const hostile = `x${'a'.repeat(5000)}`;
    expect(problemOf(() => new IdPipe({ what: 'campaign' }).transform(hostile))).toMatchObject({ status: 404, code: 'not_found', detail: 'no campaign has such an id' });
    expect(problemOf(() => new IdPipe({ what: 'donation', code: 'donation_not_found' }).transform('../etc'))).toMatchObject({ status: 404, code: 'donation_not_found' });
    expect(problemOf(() => new IdPipe({ what: 'donor', pattern: /^dn_[0-9a-f]{32}$/ }).transform('camp-1'))).toMatchObject({ status: 404, code: 'not_found' });
  });
});
