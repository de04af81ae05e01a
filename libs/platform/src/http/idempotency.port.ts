import type { IdempotencyDecision, StoredResponse } from '#domain';

/**
 * Where Idempotency-Keys and the responses they earned are kept, per tenant. The app that owns
 * idempotent routes provides it (its own database table); the HTTP edge needs only these three.
 */
export interface IdempotencyKeys {
  /** Claims the key for this request, or says why not (replay, in flight, reused). */
  begin(tenant: string, key: string, fingerprint: string): Promise<IdempotencyDecision>;
  /** The final answer, kept for replay when it is one (the store decides which). */
  complete(tenant: string, key: string, response: StoredResponse): Promise<void>;
  /** A failure of ours: the key is free again, so the client's retry proceeds. */
  release(tenant: string, key: string): Promise<void>;
}

export const IDEMPOTENCY_KEYS = Symbol('IDEMPOTENCY_KEYS');
