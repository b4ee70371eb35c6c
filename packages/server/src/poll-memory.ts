/**
 * Unchanged polls answered from memory: per canonical request (endpoint, normalised parameters
 * and the caller's effective grant — never the token itself), the ETag of the last answer, the
 * workspace's change version it was computed at (changes.ts) and the instant until which it
 * stays right (`validUntil`: the earliest moment a derived verdict on it changes with time alone,
 * e.g. a run turning likely stale). A conditional request whose `If-None-Match` matches that
 * ETag, at the same version, at or after the instant it was computed and before `validUntil`,
 * gets its 304 with no database query; anything else takes the normal path, which remembers its
 * answer anew. Least recently used entries are forgotten beyond `maxEntries`.
 *
 * The answer's text is remembered with it (up to `maxBodyChars` in all): a request at the same
 * version and within the same validity whose `If-None-Match` does not match — a new tab, a
 * dashboard whose last answer was another one, thousands of dashboards polling one workspace
 * after a write — gets that 200 from memory too, with no database query: the text is what the
 * normal path would send, `server_time` and `evaluated_at` replaced by the request instant
 * (answers.ts).
 *
 * Authentication and the rate limit run before it. Authorisation is not repeated: an entry is
 * keyed by the grant the one authorisation computed, and exists only because a request with that
 * grant and scope passed the whole check at that version (workspace and tenant existence
 * included: their rows are part of the version too).
 */
import { createHash } from 'node:crypto';
import type { ChangeVersions } from './changes.js';

export function etagOf(text: string): string {
  return `W/"${createHash('sha1').update(text).digest('base64url')}"`;
}

/** Weak comparison of `If-None-Match` (a list, or `*`) with an ETag. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const want = opaque(etag);
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === want);
}

/** A request on the normal path: what its answer will be remembered under. */
export interface Ticket {
  key: string;
  workspace: string;
  /** The workspace's version before the database was read. */
  version: number;
  at: number;
}

interface Entry {
  etag: string;
  /** The answer's text with its placeholders (answers.ts), null when not kept. */
  body: string | null;
  workspace: string;
  version: number;
  at: number;
  validUntil: number;
}

export interface PollMemoryOptions {
  /** Entries kept (least recently used forgotten first). Default 10,000 (about 2 MB). */
  maxEntries?: number;
  /**
   * Characters of remembered answer texts in all (least recently used forgotten first); 0
   * keeps none (only ETags: 304s). Default 16,000,000 (16–32 MB: a 50-run page is ≈ 45,000).
   */
  maxBodyChars?: number;
}

/** A remembered answer that is still right. */
export interface Recalled {
  etag: string;
  body: string | null;
}

export class PollMemory {
  readonly #versions: ChangeVersions;
  readonly #max: number;
  readonly #maxBodyChars: number;
  /** Map order = recency: a hit moves its entry to the end. */
  readonly #entries = new Map<string, Entry>();
  #bodyChars = 0;
  /** Conditional requests answered 304 from memory, and those that took the normal path. */
  hits = 0;
  misses = 0;
  /** Requests answered 200 from a remembered text (no database query either). */
  bodyHits = 0;

  constructor(versions: ChangeVersions, opts: PollMemoryOptions = {}) {
    this.#versions = versions;
    this.#max = Math.max(1, opts.maxEntries ?? 10_000);
    this.#maxBodyChars = Math.max(0, opts.maxBodyChars ?? 16_000_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Characters of the answer texts kept. */
  get bodyChars(): number {
    return this.#bodyChars;
  }

  /**
   * The remembered answer of `key` if it is still right at `now` (same version, within its
   * validity), else null: take the normal path. Counts the request (`hits`/`misses` when it is
   * conditional, `bodyHits` when its 200 comes from the text).
   */
  recall(key: string, ifNoneMatch: string | undefined, now: number): Recalled | null {
    const e = this.#entries.get(key);
    const right =
      e !== undefined &&
      !this.#versions.blind &&
      e.version === this.#versions.version(e.workspace) &&
      now >= e.at &&
      now < e.validUntil;
    const matches = right && ifNoneMatch !== undefined && etagMatches(ifNoneMatch, e.etag);
    if (!right || (!matches && e.body === null)) {
      if (ifNoneMatch !== undefined) this.misses += 1;
      return null;
    }
    this.#entries.delete(key);
    this.#entries.set(key, e);
    if (matches) {
      this.hits += 1;
      return { etag: e.etag, body: null };
    }
    this.bodyHits += 1;
    return { etag: e.etag, body: e.body };
  }

  /** Taken before the database is read (a write after it makes the answer stale, not wrong). */
  ticket(key: string, workspace: string, now: number): Ticket | null {
    if (this.#versions.blind) return null;
    return { key, workspace, version: this.#versions.version(workspace), at: now };
  }

  /**
   * `validUntil`: epoch ms, or null when nothing on the answer changes with time alone. `body`:
   * the answer's text with its placeholders (kept while `maxBodyChars` allows).
   */
  remember(t: Ticket, etag: string, validUntil: number | null, body: string | null = null): void {
    const until = validUntil ?? Infinity;
    this.#forget(t.key);
    if (until <= t.at) return;
    const kept = body !== null && body.length <= this.#maxBodyChars ? body : null;
    this.#entries.set(t.key, {
      etag,
      body: kept,
      workspace: t.workspace,
      version: t.version,
      at: t.at,
      validUntil: until,
    });
    this.#bodyChars += kept?.length ?? 0;
    while (this.#entries.size > this.#max || this.#bodyChars > this.#maxBodyChars) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#forget(oldest.value);
    }
  }

  #forget(key: string): void {
    const e = this.#entries.get(key);
    if (e === undefined) return;
    this.#bodyChars -= e.body?.length ?? 0;
    this.#entries.delete(key);
  }
}

/** The grant in a key: `*`, or the visible tenants in a fixed order. */
export function grantKey(grant: '*' | readonly string[]): string {
  return grant === '*' ? '*' : JSON.stringify([...grant].sort());
}

/** The earlier of two optional instants (epoch ms). */
export function earlier(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
