/**
 * Opaque pagination cursors: base64url of a small JSON object.
 *
 * - `-created_at`: keyset on (created_at, id) of the last row of the page. Stable under inserts:
 *   a run created after the first page never shifts the later pages.
 * - `attention`: keyset on (attention group, severity, instant, id) of the last row: the instant
 *   is created_at, or for follow-up (ordered by severity, then newest completion) the completion.
 *   The group of an ACTIVE run depends on time (fresh → past expected → likely stale), so a run
 *   that changes group between two page requests may be skipped or shown twice; finished runs
 *   never move.
 */
import { badParameter } from './errors.js';
import { ID_RE } from './ids.js';
import { inInstantRange } from './instants.js';

export type Cursor =
  | { sort: '-created_at'; createdAt: number; id: string }
  | { sort: 'attention'; rank: 0 | 1 | 2 | 3; severity: number; at: number; id: string };

export function encodeCursor(c: Cursor): string {
  const o =
    c.sort === '-created_at'
      ? { v: 1, s: 'c', t: c.createdAt, i: c.id }
      : { v: 1, s: 'a', r: c.rank, u: c.severity, t: c.at, i: c.id };
  return Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
}

/** Decodes a cursor for `sort`; anything else is a 400 naming `cursor`. */
export function decodeCursor(raw: string, sort: Cursor['sort']): Cursor {
  const bad = (why: string) => badParameter('cursor', `Invalid cursor: ${why}.`);
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw bad('not a cursor from this server');
  let o: unknown;
  try {
    o = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor from this server');
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw bad('not a cursor from this server');
  const { v, s, t, i, r, u = 0 } = o as Record<string, unknown>;
  if (v !== 1) throw bad('unsupported version');
  // the same range as `since` (1970 … 9999): a position outside never came from this server
  if (typeof t !== 'number' || !inInstantRange(t)) throw bad('bad position');
  if (typeof i !== 'string' || !ID_RE.test(i)) throw bad('bad position');
  if (s === 'c') {
    if (sort !== '-created_at') throw bad('it belongs to another sort order');
    return { sort, createdAt: t, id: i };
  }
  if (s === 'a') {
    if (sort !== 'attention') throw bad('it belongs to another sort order');
    if (r !== 0 && r !== 1 && r !== 2 && r !== 3) throw bad('bad position');
    if (u !== 0 && u !== 1 && u !== 2 && u !== 3) throw bad('bad position');
    return { sort, rank: r, severity: u, at: t, id: i };
  }
  throw bad('not a cursor from this server');
}
