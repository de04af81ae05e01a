import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { accessLog, traceIdOf } from './access-log.js';
import { createLogger, PinoNestLogger, type LogLevelName } from './logger.js';

/** A logger writing into an array, one parsed JSON object per line. */
function captured(level: LogLevelName = 'debug') {
  const raw: string[] = [];
  const logger = createLogger({ app: 'intake', level, destination: { write: (line: string) => raw.push(line) } });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the JSON logger', () => {
  it('given a line, then it is one JSON object with level by name, ISO time, app and message, and no colour code', () => {
    const { logger, raw, lines } = captured();
    logger.info({ context: 'x' }, 'hello');
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toContain('\u001b[');
    expect(raw[0].endsWith('\n')).toBe(true);
    expect(lines()[0]).toMatchObject({ level: 'info', app: 'intake', context: 'x', msg: 'hello' });
    expect(Number.isNaN(Date.parse(lines()[0].time as string))).toBe(false);
  });

  it('given LOG_LEVEL=warn, then info and debug lines are not written', () => {
    const { logger, lines } = captured('warn');
    logger.info('no');
    logger.debug('no');
    logger.warn('yes');
    expect(lines().map((l) => l.msg)).toEqual(['yes']);
  });

  it('given a field that names a key, a secret or personal data, then its value is redacted, whatever it holds', () => {
    const { logger, raw } = captured();
    logger.info({ authorization: 'Bearer hk_secret', sealKey: 'PEM', password: 'pw', donor: { name: 'Ada' } }, 'careless');
    expect(raw[0]).not.toMatch(/hk_secret|PEM|"pw"|Ada/);
    expect(raw[0]).toContain('[redacted]');
  });
});

describe("Nest's logger on pino", () => {
  it("given Nest's calls with a context, a stack or neither, then each is one line with context and err.stack where given", () => {
    const { logger, lines } = captured();
    const nest = new PinoNestLogger(logger);
    nest.log('mapped', 'RoutesResolver');
    nest.error('boom', 'Error: boom\n    at thing (file.js:1:2)', 'http');
    nest.warn('careful');
    nest.debug({ some: 'object' }, 'Ctx');
    nest.verbose('hidden at debug');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', context: 'RoutesResolver', msg: 'mapped' }),
      expect.objectContaining({ level: 'error', context: 'http', msg: 'boom', err: { stack: 'Error: boom\n    at thing (file.js:1:2)' } }),
      expect.objectContaining({ level: 'warn', msg: 'careful' }),
      expect.objectContaining({ level: 'debug', context: 'Ctx', msg: '{"some":"object"}' }),
    ]);
    expect(lines()[2]).not.toHaveProperty('context');
  });

  it('given an Error, then its type, message and stack are fields of the line', () => {
    const { logger, lines } = captured();
    new PinoNestLogger(logger).error(new TypeError('bad'));
    expect(lines()[0]).toMatchObject({ level: 'error', msg: 'bad', err: { type: 'TypeError', msg: 'bad' } });
  });
});

/** An Express request and response just real enough for the access log. */
function exchange(route: string | null, headers: Record<string, string>, tenantId?: string) {
  const response = Object.assign(new EventEmitter(), { statusCode: 201 }) as unknown as Response & EventEmitter;
  const request = {
    method: 'POST',
    route: route ? { path: route } : undefined,
    originalUrl: '/v1/campaigns/camp-secret-id/donations?email=ada@example.org',
    header: (name: string) => headers[name.toLowerCase()],
    principal: tenantId ? { keyId: 'k', tenantId, roles: [] } : undefined,
  } as unknown as Request;
  return { request, response };
}

describe('the access log', () => {
  const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('given a request answered, then one line with method, route template, status, duration, request id, trace id and tenant, never the raw path', () => {
    const { logger, raw, lines } = captured('log');
    const { request, response } = exchange('/v1/campaigns/:campaignId/donations', { 'x-correlation-id': 'corr-7', traceparent: TRACE }, 'party-a');
    const next = jest.fn() as NextFunction;
    accessLog(logger)(request, response, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(raw).toHaveLength(0);
    response.emit('finish');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        context: 'http',
        msg: 'request',
        method: 'POST',
        route: '/v1/campaigns/:campaignId/donations',
        status: 201,
        requestId: 'corr-7',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        tenant: 'party-a',
      }),
    ]);
    expect(typeof lines()[0].durationMs).toBe('number');
    expect(raw[0]).not.toMatch(/camp-secret-id|ada@example/);
  });

  it('given no correlation id, then the line and the request context share the one made up', () => {
    const { logger, lines } = captured('log');
    const { request, response } = exchange(null, {});
    accessLog(logger)(request, response, jest.fn() as NextFunction);
    response.emit('finish');
    expect(lines()[0]).toMatchObject({ route: 'unmatched', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(lines()[0]).not.toHaveProperty('traceId');
    expect(lines()[0]).not.toHaveProperty('tenant');
  });

  it('given health probes and scrapes, then their lines are DEBUG, not INFO', () => {
    const { logger, lines } = captured('log');
    const { request, response } = exchange('/health/ready', {});
    accessLog(logger)(request, response, jest.fn() as NextFunction);
    response.emit('finish');
    expect(lines()).toEqual([]);
  });

  it('traceIdOf takes the 32 hex digits of a traceparent', () => {
    expect(traceIdOf(TRACE)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf(undefined)).toBeUndefined();
  });
});
