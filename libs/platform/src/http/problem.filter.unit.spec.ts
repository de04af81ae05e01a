import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter.js';

/** What the edge answers for a failure that is not a known problem: whose fault it is decides the status. */
function answerTo(error: unknown): { status: number; headers: Record<string, string>; body: { code?: string; status?: number } } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} };
  const response = {
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status: (status: number) => ((sent.status = status), response),
    type: () => response,
    send: (text: string) => (sent.body = JSON.parse(text) as object),
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/campaigns/c/donations' }), getResponse: () => response }) } as unknown as ArgumentsHost;
  const filter = new ProblemFilter();
  (filter as unknown as { logger: { error(): void } }).logger = { error: () => undefined };
  filter.catch(error, host);
  return sent;
}

describe('ProblemFilter, for a failure that is not a known problem', () => {
  it('given PostgreSQL out of disk (SQLSTATE 53100), answers 503 service_unavailable with Retry-After', () => {
    const diskFull = Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' });
    expect(answerTo(diskFull)).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { code: 'service_unavailable', status: 503 } });
  });

  it('given a connection refused beneath a wrapper, answers 503', () => {
    const wrapped = new Error('append failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(answerTo(wrapped)).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
  });

  it('given a bug of ours, answers 500 internal_error without Retry-After', () => {
    const answer = answerTo(new TypeError('x is undefined'));
    expect(answer).toMatchObject({ status: 500, body: { code: 'internal_error' } });
    expect(answer.headers).toEqual({});
  });
});
