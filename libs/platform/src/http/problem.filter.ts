import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IdempotencyError, InputError, problemInstanceOf, Rejection } from '#domain';
import { WrongExpectedRevisionError } from '#ledger';
import { isTransientInfrastructureError } from '#messaging';
import { ReportParamsError } from '#read-models';
import { HttpProblem, problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';

/** Every error leaves as RFC 9457 problem+json; internals are logged, never echoed. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body: Problem = { ...this.toProblem(error), instance: problemInstanceOf(request.originalUrl) };
    if (body.status === 503) response.setHeader('retry-after', '1');
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(error: unknown): Problem {
    const known = knownProblem(error);
    if (known) return known;
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // A store away or full (PostgreSQL restarting, disk_full, a reset connection) is not a bug of
    // ours: 503 with Retry-After tells the client to come back with the same Idempotency-Key.
    // Only here, after the idempotency interceptor released the key: stored, it would be replayed.
    if (isTransientInfrastructureError(error)) return problem('service_unavailable', 'a store this request needs is unavailable for now; retry it with the same Idempotency-Key');
    return problem('internal_error', 'the request could not be completed; it is safe to retry');
  }
}

/** The problem an error stands for, when it is one the edge knows; null for a failure of ours. */
export function knownProblem(error: unknown): Problem | null {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof Rejection) return problem(error.code, error.detail);
  // The input parsers' refusals, wherever a controller called one: named, with the member at fault.
  if (error instanceof InputError) return problem(error.code, error.message, { field: error.field });
  if (error instanceof IdempotencyError) return problem(error.code, error.message);
  // A report asked for with parameters it cannot run with (a bad period, another jurisdiction's filing).
  if (error instanceof ReportParamsError) return problem('invalid_request', error.message);
  if (error instanceof WrongExpectedRevisionError) {
    return problem('concurrent_modification', 'the resource changed while the request ran; retry it');
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return null;
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const type = (error as { type?: string }).type ?? (error.cause as { type?: string } | undefined)?.type;
  if (status === 413 || type === 'entity.too.large') return problem('body_too_large', 'the request body is too large');
  if (status === 404) return problem('not_found', 'no such resource');
  // Bodies are read by strictJsonBody, which answers for itself; a 400 from below (a path that
  // is not valid percent-encoding) is a request we cannot read, not bad JSON.
  if (status === 400) return problem('invalid_request', 'the request could not be read');
  return { ...problem('invalid_request', error.message), status };
}
