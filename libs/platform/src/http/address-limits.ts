import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { HustingsConfig } from '../config.js';
import { CONFIG } from '../tokens.js';
import { takeToken, type Bucket, type RateLimit } from './rate-limit.js';
import { noteRefusal, type RefusalTally } from './refusal-log.js';

const ADDRESSES_KEPT = 100_000;
const LOG_INTERVAL_MS = 60_000;

/** The client's address as the socket saw it (no proxy header is trusted). */
export const clientAddressOf = (request: Request): string => request.socket.remoteAddress ?? 'unknown';

/**
 * Token buckets per client address for what comes without a valid key: failed authentication
 * (no key, a malformed or unknown one), webhooks whose signature fails, and the public donor
 * wall. A valid key is limited per key instead (AuthGuard), and a validly signed webhook is not
 * limited: only failures drain an address's bucket, except on the wall, where every request does.
 * Refusals are logged one summarised line per address per minute (refusal-log.ts).
 */
@Injectable()
export class AddressLimits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly tallies = new Map<string, RefusalTally>();
  private readonly logger = new Logger('rate-limit');
  private readonly limit: RateLimit;

  constructor(@Inject(CONFIG) config: HustingsConfig) {
    this.limit = { ratePerSecond: config.auth.anonymousRateLimitPerSecond, burst: config.auth.anonymousRateLimitBurst };
  }

  /** Seconds to wait when this address has nothing left, without spending anything; null when it may go on. */
  blocked(address: string, nowMs = Date.now()): number | null {
    const bucket = this.buckets.get(address);
    if (!bucket) return null;
    const available = Math.min(this.limit.burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedAtMs) / 1000) * this.limit.ratePerSecond);
    return available >= 1 ? null : Math.max(1, Math.ceil((1 - available) / this.limit.ratePerSecond));
  }

  /** Spends one request of this address; the seconds to wait when there was none left, else null. */
  charge(address: string, nowMs = Date.now()): number | null {
    const take = takeToken(this.buckets.get(address), nowMs, this.limit);
    if (this.buckets.size >= ADDRESSES_KEPT && !this.buckets.has(address)) this.buckets.clear();
    this.buckets.set(address, take.bucket);
    return take.allowed ? null : take.retryAfterSeconds;
  }

  /** Notes a 429 for `key` (an address or a key id); writes at most one line per key per minute. */
  refused(key: string, nowMs = Date.now()): void {
    const { tally, line } = noteRefusal(this.tallies.get(key), nowMs, LOG_INTERVAL_MS);
    if (this.tallies.size >= ADDRESSES_KEPT && !this.tallies.has(key)) this.tallies.clear();
    this.tallies.set(key, tally);
    if (line) this.logger.warn(line.sinceMs === 0 ? `rate limit reached by ${key}` : `rate limit: ${line.refused} requests of ${key} refused in the last ${Math.round(line.sinceMs / 1000)} s`);
  }
}
