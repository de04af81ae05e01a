import { takeToken, type Bucket, type RateLimit } from './rate-limit.js';

const limit: RateLimit = { ratePerSecond: 2, burst: 3 };

function drain(times: number, nowMs: number, start?: Bucket): { bucket: Bucket | undefined; allowed: boolean[] } {
  let bucket = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < times; i++) {
    const take = takeToken(bucket, nowMs, limit);
    bucket = take.bucket;
    allowed.push(take.allowed);
  }
  return { bucket, allowed };
}

describe('per-key token bucket', () => {
  it('given a new key, when it sends a burst, then exactly `burst` requests pass and the next is told when to retry', () => {
    const { bucket, allowed } = drain(4, 1_000);
    expect(allowed).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 1_000, limit).retryAfterSeconds).toBe(1);
  });

  it('given an empty bucket, when half a second passes at 2/s, then one request passes and the one after does not', () => {
    const { bucket } = drain(3, 0);
    const first = takeToken(bucket, 500, limit);
    expect(first.allowed).toBe(true);
    expect(takeToken(first.bucket, 500, limit).allowed).toBe(false);
  });

  it('given a key idle for an hour, when it comes back, then it has no more than `burst` saved up', () => {
    const { bucket } = drain(3, 0);
    const { allowed } = drain(5, 3_600_000, bucket);
    expect(allowed).toEqual([true, true, true, false, false]);
  });

  it('given a clock that steps backwards, when a request comes, then no tokens are created from it', () => {
    const { bucket } = drain(3, 10_000);
    expect(takeToken(bucket, 5_000, limit).allowed).toBe(false);
  });

  it('given the remaining count, when tokens are spent, then it counts down in whole requests', () => {
    const first = takeToken(undefined, 0, limit);
    expect(first.remaining).toBe(2);
    expect(takeToken(first.bucket, 0, limit).remaining).toBe(1);
  });
});
