/**
 * A token bucket per caller (bearer token): `burst` requests at once, refilled at
 * `perSecond`. Generous by default (the demo and the 200 req/s benchmark never hit it).
 */
export interface RateLimitOptions {
  /** Bucket size: requests allowed at once. Default 2000. */
  burst?: number;
  /** Refill rate, requests per second. Default 1000. */
  perSecond?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly burst: number;
  readonly perSecond: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(opts: RateLimitOptions = {}) {
    this.burst = opts.burst ?? 2000;
    this.perSecond = opts.perSecond ?? 1000;
    if (!(this.burst >= 1) || !(this.perSecond > 0)) throw new Error('invalid rate limit');
  }

  /** Takes one token for `key` at `now` (ms): 0 when allowed, else seconds to wait (≥ 1). */
  take(key: string, now: number): number {
    let b = this.#buckets.get(key);
    if (b === undefined) {
      b = { tokens: this.burst, at: now };
      this.#buckets.set(key, b);
    } else if (now > b.at) {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
}
