import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { RequestContext } from './intake.service.js';

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

export function contextOf(request: Request): RequestContext {
  const header = request.header('x-correlation-id');
  return {
    correlationId: header && CORRELATION.test(header) ? header : randomUUID(),
    actor: 'intake-api',
    now: new Date().toISOString(),
  };
}
