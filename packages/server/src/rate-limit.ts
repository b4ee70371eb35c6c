/**
 * Token buckets: `burst` requests at once, refilled at `perSecond`. The app keeps two kinds:
 *
 * - per bearer token, for authenticated requests — generous by default (the demo and the
 *   200 req/s benchmark never hit it);
 * - per client address, for requests whose authentication FAILED (no or an unknown token) —
 *   small, so guessing tokens (or hammering with an expired one) soon answers 429. Valid tokens
 *   never draw from it: a client behind the same address with a valid token is not affected.
 */
export interface RateLimitOptions {
  /** Bucket size per token: requests allowed at once. Default 2000. */
  burst?: number;
  /** Refill rate per token, requests per second. Default 1000. */
  perSecond?: number;
  /** Bucket size per client address for failed authentication. Default 20. */
  authFailureBurst?: number;
  /** Refill rate per client address for failed authentication, per second. Default 0.5. */
  authFailurePerSecond?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly burst: number;
  readonly perSecond: number;
  /** Above this many keys, buckets that have refilled completely are dropped (they are new). */
  readonly maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = -Infinity;

  constructor(opts: { burst?: number; perSecond?: number; maxKeys?: number } = {}) {
    this.burst = opts.burst ?? 2000;
    this.perSecond = opts.perSecond ?? 1000;
    this.maxKeys = opts.maxKeys ?? 10_000;
    if (!(this.burst >= 1) || !(this.perSecond > 0)) throw new Error('invalid rate limit');
  }

  /** Keys with a bucket (for tests). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key` at `now` (ms): 0 when allowed, else seconds to wait (≥ 1). */
  take(key: string, now: number): number {
    let b = this.#buckets.get(key);
    if (b === undefined) {
      // at most one sweep a second: many new keys at once must not each scan the map
      if (this.#buckets.size >= this.maxKeys && now - this.#lastSweep >= 1000) this.#sweep(now);
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

  /** Drops the buckets that are full again at `now` (a full bucket is the same as none). */
  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) {
        this.#buckets.delete(key);
      }
    }
  }
}

/** Expands an IPv6 address to its eight 16-bit groups, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let a = address.toLowerCase();
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  // a trailing dotted IPv4 part (::ffff:192.0.2.7, 64:ff9b::192.0.2.7) becomes two groups
  const v4 = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(2).map(Number) as [number, number, number, number];
    a = `${v4[1]}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0] as string);
  const tail = halves.length === 2 ? part(halves[1] as string) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * The rate-limit key of a client address: IPv4 as is (also when IPv4-mapped, `::ffff:a.b.c.d`),
 * IPv6 by its /64 — one subscriber usually holds a whole /64, so per-address keys would let
 * it rotate through 2^64 of them.
 */
export function clientKey(address: string): string {
  const groups = ipv6Groups(address);
  if (groups === null) return address;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  }
  if (groups.slice(0, 7).every((g) => g === 0)) return `::${g7.toString(16)}`; // ::1, ::
  return `${[g0, g1, g2, g3].map((g) => g.toString(16)).join(':')}::/64`;
}
