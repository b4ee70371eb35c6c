/**
 * createTokenSource: short-lived bearer tokens from the host application's own endpoint, renewed
 * before they expire — the `headers` of createClient.
 *
 * ```ts
 * const tokens = createTokenSource({
 *   fetchToken: async () => (await fetch('/runsight-token', { credentials: 'same-origin' })).text(),
 * });
 * const client = createClient({ headers: tokens.headers, onUnauthorized: tokens.invalidate });
 * ```
 */

/** What the host's endpoint gave: the token, and when it expires (default: the JWT's `exp`). */
export interface IssuedToken {
  token: string;
  /** Expiry as a Date or epoch milliseconds; default read from the token's `exp` (a JWT). */
  expiresAt?: Date | number;
}

export interface TokenSourceOptions {
  /** Gets a new token from the host: the token itself (a JWT), or `{ token, expiresAt }`. */
  fetchToken: () => Promise<string | IssuedToken>;
  /** Renew this long before the token expires, seconds (at most half its lifetime). Default 30. */
  renewBeforeS?: number;
  /** The local clock, epoch ms (default `Date.now`); e.g. a ManualTimeSource's `now`. */
  now?: () => number;
}

export interface TokenSource {
  /** The current token; renewed first when due, by one request however many callers wait. */
  token(): Promise<string>;
  /** `{ Authorization: 'Bearer <token>' }`: createClient's `headers`. */
  headers(): Promise<Record<string, string>>;
  /**
   * Forgets the token, so the next call fetches a new one (the server refused it: revoked,
   * signed with a rotated key, a wrong clock). Given the refused request's headers (as
   * createClient's `onUnauthorized` passes them), only when they carried the current token.
   */
  invalidate(refused?: Headers): void;
}

interface Held {
  token: string;
  /** Local epoch ms; Infinity: no expiry known (renewed only when invalidated). */
  expiresAt: number;
  renewAt: number;
}

/** `exp` and `iat` of a JWT (seconds), read without verifying; {} when it is not one. */
export function jwtTimes(token: string): { exp?: number; iat?: number } {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const payload: unknown = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    if (typeof payload !== 'object' || payload === null) return {};
    const { exp, iat } = payload as Record<string, unknown>;
    const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return { exp: seconds(exp), iat: seconds(iat) };
  } catch {
    return {};
  }
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? (() => Date.now());
  const renewBeforeMs = Math.max(0, options.renewBeforeS ?? 30) * 1000;
  let held: Held | undefined;
  let renewal: Promise<Held> | undefined;

  /**
   * The token and its expiry on the local clock: `expiresAt`, else the JWT's lifetime (`exp −
   * iat`) counted from the request (a local clock off the host's does not matter), else `exp`.
   */
  const hold = (issued: string | IssuedToken, requestedAt: number): Held => {
    const { token, expiresAt } = typeof issued === 'string' ? { token: issued } : issued;
    if (typeof token !== 'string' || !/^[!-~]+$/.test(token)) {
      throw new Error('The token endpoint gave no usable token.');
    }
    let expiry = Infinity;
    if (expiresAt !== undefined) expiry = +expiresAt;
    else {
      const { exp, iat } = jwtTimes(token);
      if (exp !== undefined)
        expiry = iat !== undefined ? requestedAt + (exp - iat) * 1000 : exp * 1000;
    }
    if (Number.isNaN(expiry)) throw new Error('The token endpoint gave no usable expiry.');
    // never sent: an expired token is only ever refused (a wrong clock, or a token without `iat`)
    if (expiry <= now()) throw new Error('The token endpoint gave an expired token.');
    const margin = Math.min(renewBeforeMs, (expiry - requestedAt) / 2);
    return { token, expiresAt: expiry, renewAt: expiry - margin };
  };

  const renew = (): Promise<Held> => {
    if (renewal) return renewal;
    const requestedAt = now();
    const pending = Promise.resolve()
      .then(() => options.fetchToken())
      .then((issued) => (held = hold(issued, requestedAt)));
    const done = () => {
      if (renewal === pending) renewal = undefined;
    };
    pending.then(done, done);
    return (renewal = pending);
  };

  const token = async (): Promise<string> => {
    const current = held;
    if (current && now() < current.renewAt) return current.token;
    try {
      return (await renew()).token;
    } catch (error) {
      // the endpoint failed while the token still works: use it (the next call tries again)
      if (current && held === current && now() < current.expiresAt) return current.token;
      throw error;
    }
  };

  return {
    token,
    headers: async () => ({ Authorization: `Bearer ${await token()}` }),
    invalidate(refused) {
      if (!refused || refused.get('Authorization') === `Bearer ${held?.token}`) held = undefined;
    },
  };
}
