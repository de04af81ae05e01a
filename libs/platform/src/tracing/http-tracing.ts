import type { NextFunction, Request, Response } from 'express';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { endSpan, SpanKind, startSpan, traceparentOf } from './tracing.js';

/**
 * A SERVER span per HTTP request, child of the caller's traceparent. The request's
 * `traceparent` header is then this span's, so the facts the request causes (their metadata)
 * and their bus messages carry it, and every span downstream joins this trace under it.
 * Registered only when tracing is on.
 */
export function httpTracing(tracing: Tracer) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const span = startSpan(tracing, `${request.method}`, SpanKind.SERVER, request.header('traceparent'), { 'http.request.method': request.method });
    request.headers.traceparent = traceparentOf(span);
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      endSpan(span);
    });
    next();
  };
}
