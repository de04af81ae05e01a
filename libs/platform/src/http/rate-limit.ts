/**
 * A token bucket per API key: `burst` requests at once, refilled at `ratePerSecond`. Pure, so
 * the arithmetic is tested without clocks; the guard keeps one bucket per key per process.
 */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export interface Take {
  bucket: Bucket;
  allowed: boolean;
  /** Whole requests left right now. */
  remaining: number;
  /** Seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

export function takeToken(bucket: Bucket | undefined, nowMs: number, limit: RateLimit): Take {
  const elapsedSeconds = bucket ? Math.max(0, nowMs - bucket.updatedAtMs) / 1000 : 0;
  const available = bucket ? Math.min(limit.burst, bucket.tokens + elapsedSeconds * limit.ratePerSecond) : limit.burst;
  if (available >= 1) {
    const tokens = available - 1;
    return { bucket: { tokens, updatedAtMs: nowMs }, allowed: true, remaining: Math.floor(tokens), retryAfterSeconds: 0 };
  }
  return {
    bucket: { tokens: available, updatedAtMs: nowMs },
    allowed: false,
    remaining: 0,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - available) / limit.ratePerSecond)),
  };
}
