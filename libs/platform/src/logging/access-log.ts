import type { NextFunction, Request, Response } from 'express';
import type { Logger as Pino } from 'pino';
import type { Principal } from '#domain';
import { correlationOf, traceOf } from '../http/request-context.js';

/** The trace id (32 hex digits) of a W3C traceparent, for log lines. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.slice(3, 35);
}

/** Probes and scrapes, every few seconds from the orchestrator and Prometheus: DEBUG, not INFO. */
const QUIET_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * One line per HTTP request once its answer is sent: method, the route's template (never the
 * raw path, which may carry ids), status, duration, and who: request id, trace id, tenant.
 * No header, query or body is written.
 */
export function accessLog(logger: Pino) {
  const log = logger.child({ context: 'http' });
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!log.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    let written = false;
    // 'close' too: a response the client left (an event stream it stopped reading) never finishes.
    const write = () => {
      if (written) return;
      written = true;
      const principal = (request as Request & { principal?: Principal }).principal;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      log[QUIET_ROUTES.has(route) ? 'debug' : 'info'](
        {
          method: request.method,
          route,
          status: response.statusCode,
          durationMs,
          requestId: correlationOf(request),
          traceId: traceIdOf(traceOf(request)),
          tenant: principal?.tenantId,
          ...(response.writableFinished ? {} : { closedByClient: true }),
        },
        'request',
      );
    };
    response.once('finish', write);
    response.once('close', write);
    next();
  };
}
