/**
 * Idempotent POSTs after the IETF Idempotency-Key header draft
 * (draft-ietf-httpapi-idempotency-key-header): the client names each logical request with a
 * key; the server remembers the first request's fingerprint and response, replays that
 * response for a retry, and refuses to reuse a key for another request.
 */

export type IdempotencyCode = 'idempotency_key_missing' | 'idempotency_key_invalid' | 'idempotency_key_reused' | 'idempotency_key_in_flight';

export class IdempotencyError extends Error {
  constructor(
    readonly code: IdempotencyCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'IdempotencyError';
  }
}

/** How long a key and its response are kept: the draft asks for a published window; ours is a day. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A request holding its key longer than this is taken to have died with its process. */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;
const MAX_KEY_LENGTH = 255;

/**
 * The header's value. The draft makes it a Structured Field string (RFC 8941 sf-string:
 * `"..."`, printable ASCII, `"` and `\` only escaped); a bare token is accepted too, as most
 * clients send one, but a bare value holding a quote or a backslash is neither, and a quote left
 * open is a malformed sf-string: both are 400, never a key that means something else.
 * At most 255 characters.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || (Array.isArray(header) && header.length === 0)) {
    throw new IdempotencyError('idempotency_key_missing', 'this request needs an Idempotency-Key header, a unique value per logical request');
  }
  if (Array.isArray(header)) throw new IdempotencyError('idempotency_key_invalid', 'send exactly one Idempotency-Key header');
  const trimmed = header.trim();
  const key = trimmed.startsWith('"') || trimmed.endsWith('"') ? sfStringOf(trimmed) : trimmed;
  if (key.length === 0) throw new IdempotencyError('idempotency_key_missing', 'the Idempotency-Key header is empty');
  if (key.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key) || (key === trimmed && /["\\]/.test(key))) {
    throw new IdempotencyError('idempotency_key_invalid', `an Idempotency-Key is a quoted string or a bare value of printable ASCII without quotes or backslashes, at most ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

/** The content of a well-formed sf-string, or a 400: an unbalanced quote, a stray `"` or `\`. */
function sfStringOf(value: string): string {
  const quoted = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(value);
  if (!quoted) throw new IdempotencyError('idempotency_key_invalid', 'the Idempotency-Key is not a well-formed quoted string (RFC 8941): a quote is left open, or a quote or backslash is not escaped');
  return quoted[1].replace(/\\(["\\])/g, '$1');
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What the server remembers of a key. */
export type IdempotencyRecord =
  | { state: 'in_flight'; fingerprint: string; lockedUntil: string }
  | { state: 'completed'; fingerprint: string; response: StoredResponse };

export type IdempotencyDecision =
  /** First sight of the key, or its holder died: do the work. */
  | { action: 'proceed' }
  /** The same request again: answer as the first time, without doing anything. */
  | { action: 'replay'; response: StoredResponse }
  /** The first request is still being processed. */
  | { action: 'reject'; error: IdempotencyError };

/** Given what is stored for the key (if anything), decides what a request carrying it gets. */
export function decideIdempotentRequest(record: IdempotencyRecord | null, fingerprint: string, now: Date): IdempotencyDecision {
  if (!record) return { action: 'proceed' };
  if (record.fingerprint !== fingerprint) {
    return {
      action: 'reject',
      error: new IdempotencyError('idempotency_key_reused', 'this Idempotency-Key was used for a different request; use a new key for a new request'),
    };
  }
  if (record.state === 'completed') return { action: 'replay', response: record.response };
  if (Date.parse(record.lockedUntil) > now.getTime()) {
    return {
      action: 'reject',
      error: new IdempotencyError('idempotency_key_in_flight', 'a request with this Idempotency-Key is still being processed; retry shortly'),
    };
  }
  return { action: 'proceed' };
}

/** Which responses are kept for replay: final answers, not failures a retry may mend. */
export const isReplayable = (status: number): boolean => status < 500 && status !== 409 && status !== 429;
