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
  workspace: string;
  version: number;
  at: number;
  validUntil: number;
}

export interface PollMemoryOptions {
  /** Entries kept (least recently used forgotten first). Default 10,000 (about 2 MB). */
  maxEntries?: number;
}

export class PollMemory {
  readonly #versions: ChangeVersions;
  readonly #max: number;
  /** Map order = recency: a hit moves its entry to the end. */
  readonly #entries = new Map<string, Entry>();
  /** Conditional requests answered from memory, and those that took the normal path. */
  hits = 0;
  misses = 0;

  constructor(versions: ChangeVersions, opts: PollMemoryOptions = {}) {
    this.#versions = versions;
    this.#max = Math.max(1, opts.maxEntries ?? 10_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The ETag to answer 304 with, or null: take the normal path. */
  match(key: string, ifNoneMatch: string | undefined, now: number): string | null {
    if (ifNoneMatch === undefined) return null;
    const e = this.#entries.get(key);
    if (
      e === undefined ||
      this.#versions.blind ||
      e.version !== this.#versions.version(e.workspace) ||
      now < e.at ||
      now >= e.validUntil ||
      !etagMatches(ifNoneMatch, e.etag)
    ) {
      this.misses += 1;
      return null;
    }
    this.#entries.delete(key);
    this.#entries.set(key, e);
    this.hits += 1;
    return e.etag;
  }

  /** Taken before the database is read (a write after it makes the answer stale, not wrong). */
  ticket(key: string, workspace: string, now: number): Ticket | null {
    if (this.#versions.blind) return null;
    return { key, workspace, version: this.#versions.version(workspace), at: now };
  }

  /** `validUntil`: epoch ms, or null when nothing on the answer changes with time alone. */
  remember(t: Ticket, etag: string, validUntil: number | null): void {
    const until = validUntil ?? Infinity;
    this.#entries.delete(t.key);
    if (until <= t.at) return;
    this.#entries.set(t.key, {
      etag,
      workspace: t.workspace,
      version: t.version,
      at: t.at,
      validUntil: until,
    });
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
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
