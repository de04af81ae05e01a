import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { containsCardNumber, credentialInQuery, findCardNumber, problemInstanceOf } from '#domain';
import { problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
import { parseStrictJson, StrictJsonError } from './strict-json.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how @types/express lets a middleware add to Request
  namespace Express {
    interface Request {
      /** The body's bytes exactly as they arrived (for signatures over them, e.g. PSP webhooks). */
      rawBody?: Buffer;
    }
  }
}

export interface JsonBodyOptions {
  limitBytes: number;
  maxDepth: number;
}

/** What a refused body still costs: we read and drop up to this much so the client sees the answer, then hang up. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** `application/json` or any `application/*+json`, with no parameter but `charset=utf-8`. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [essence, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!/^application\/(?:[a-z0-9.+-]+\+)?json$/.test(essence)) return false;
  return parameters.every((parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter));
}

function hasBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Answers before the body was read: the client may still be sending, so drain a little, then close. */
function refuse(request: Request, response: Response, body: Problem): void {
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT_BYTES) request.destroy();
  });
  request.on('error', () => undefined);
  request.resume();
  response.set('connection', 'close');
  send(request, response, body);
}

function send(request: Request, response: Response, body: Problem): void {
  // `instance` is the path, never the query; a refused path may hold a card number, shown with its digit runs masked.
  const path = problemInstanceOf(request.originalUrl);
  const instance = body.code === 'card_number_refused' ? path.replace(/\d{4,}/g, (run) => 'x'.repeat(run.length)) : path;
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...body, instance }));
}

/** The problem a body's bytes make, or the parsed value. Nothing here quotes the body. */
export function readJsonBody(bytes: Buffer, options: JsonBodyOptions): { value: unknown } | { problem: Problem } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { problem: problem('malformed_json', 'the request body is not valid UTF-8') };
  }
  let value: unknown;
  try {
    value = parseStrictJson(text, options);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    return { problem: problem(error.code, error.message, error.field === null ? {} : { field: error.field }) };
  }
  const found = typeof value === 'number' ? (containsCardNumber(text) ? { path: 'body', inMemberName: false } : null) : findCardNumber(value);
  if (found !== null) {
    const where = found.inMemberName ? `a member name of ${found.path}` : found.path;
    return {
      problem: problem('card_number_refused', `${where} holds what looks like a card number; card numbers are never accepted, send the PSP's payment reference`, {
        field: found.path,
      }),
    };
  }
  return { value };
}

/** The URL decoded as far as it decodes (a client may send broken percent-encoding). */
function decodedTarget(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * Card numbers are refused outside the body too, where we would echo or store them: the
 * target (ids in the path end up in problem details, the query in `instance`) and the
 * Idempotency-Key (stored for a day).
 */
function cardNumberOutsideBody(request: Request): Problem | null {
  const key = request.headers['idempotency-key'];
  const where = containsCardNumber(decodedTarget(request.originalUrl))
    ? 'the URL'
    : typeof key === 'string' && containsCardNumber(key)
      ? 'the Idempotency-Key header'
      : null;
  if (where === null) return null;
  return problem('card_number_refused', `${where} holds what looks like a card number; card numbers are never accepted`, { field: where === 'the URL' ? 'url' : 'idempotency-key' });
}

/**
 * Reads every request body as strict JSON (see strict-json.ts) before any route sees it:
 * 415 for a body that is not `application/json` in UTF-8 or that is compressed, 413 past the
 * limit (refused from Content-Length before reading when it says so), 400 for bad JSON, depth,
 * duplicate or prototype member names, 422 for a card number anywhere (URL and Idempotency-Key
 * included). The bytes stay on
 * `request.rawBody`. A request without a body leaves `request.body` undefined.
 */
export function strictJsonBody(options: JsonBodyOptions): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (credentialInQuery(request.originalUrl)) {
      const leaked = problem('credentials_in_url', 'a credential was sent in the URL, which is logged on its way; send the API key in the Authorization header, and revoke this one', { field: 'url' });
      return hasBody(request) ? refuse(request, response, leaked) : send(request, response, leaked);
    }
    const card = cardNumberOutsideBody(request);
    if (card !== null) return hasBody(request) ? refuse(request, response, card) : send(request, response, card);
    if (!hasBody(request)) return next();
    if (!isJsonMediaType(request.headers['content-type'])) {
      return refuse(request, response, problem('unsupported_media_type', 'a request body must be application/json in UTF-8'));
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      return refuse(request, response, problem('unsupported_media_type', 'compressed request bodies are not accepted'));
    }
    const tooLarge = problem('body_too_large', `the request body is larger than ${options.limitBytes} bytes`);
    if (Number(request.headers['content-length'] ?? 0) > options.limitBytes) return refuse(request, response, tooLarge);
    collect(request, options.limitBytes).then(
      (bytes) => {
        if (bytes === null) return refuse(request, response, tooLarge);
        request.rawBody = bytes;
        const read = readJsonBody(bytes, options);
        if ('problem' in read) return send(request, response, read.problem);
        request.body = read.value;
        next();
      },
      () => request.destroy(),
    );
  };
}

/** The body's bytes, or null as soon as they pass the limit (the rest is left unread). */
function collect(request: Request, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limitBytes) return void chunks.push(chunk);
      request.off('data', onData);
      request.off('end', onEnd);
      request.pause();
      resolve(null);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, size));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', reject);
    request.on('close', () => reject(new Error('the request closed before its body ended')));
  });
}
