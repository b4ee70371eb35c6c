/**
 * The API's JSON answers with their ETag (api.md: every 200 carries one; a matching
 * `If-None-Match` gets 304), and the memory of unchanged polls around them (poll-memory.ts).
 */
import type { Context } from 'hono';
import type { ListParams } from './params.js';
import { etagMatches, etagOf, type PollMemory, type Ticket } from './poll-memory.js';
import { FOLLOW_UP_WINDOW_MS } from './summary.js';

/**
 * `freshness.evaluated_at` and `meta.server_time` change with every request while the data does
 * not: the body is serialised with this placeholder, hashed for the (weak) ETag, and the
 * placeholder is then replaced by the request instant.
 */
export const NOW_PLACEHOLDER = '\u0000runsight:now\u0000';
const NOW_JSON = JSON.stringify(NOW_PLACEHOLDER);
/**
 * The summary's default `completed_since` (request instant − 24 h) moves with every request like
 * `server_time`: left out of the ETag the same way, so unchanged figures revalidate to 304.
 */
export const WINDOW_START_PLACEHOLDER = '\u0000runsight:window-start\u0000';
const WINDOW_START_JSON = JSON.stringify(WINDOW_START_PLACEHOLDER);

function validators(c: Context, etag: string): void {
  c.header('ETag', etag);
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Authorization', { append: true });
}

function notModified(c: Context, etag: string): Response {
  validators(c, etag);
  return c.body(null, 304);
}

/** Where an answer is remembered, and until when it stays right (null: no memory). */
export type Memo = { memory: PollMemory; ticket: Ticket | null; validUntil: number | null } | null;

/**
 * The answer (200, or 304 when `If-None-Match` matches), remembered under `memo` until
 * `validUntil` (the earliest time-only change of a verdict on it, null: none).
 */
export function jsonWithEtag(c: Context, body: unknown, now: number, memo: Memo): Response {
  const text = JSON.stringify(body);
  const etag = etagOf(text);
  if (memo !== null && memo.ticket !== null) {
    memo.memory.remember(memo.ticket, etag, memo.validUntil, text);
  }
  if (etagMatches(c.req.header('If-None-Match'), etag)) return notModified(c, etag);
  return ok(c, etag, text, now);
}

/** A 200 of `text` (with its placeholders) at `now`. */
function ok(c: Context, etag: string, text: string, now: number): Response {
  validators(c, etag);
  const out = text
    .replaceAll(NOW_JSON, JSON.stringify(new Date(now).toISOString()))
    .replaceAll(
      WINDOW_START_JSON,
      JSON.stringify(new Date(now - FOLLOW_UP_WINDOW_MS).toISOString()),
    );
  return c.body(out, 200, { 'Content-Type': 'application/json; charset=utf-8' });
}

/** The list parameters in a fixed form: two spellings of one query share a remembered answer. */
export function listKey(q: ListParams): string {
  const sorted = (s: Iterable<string> | null) => (s === null ? null : [...s].sort());
  return JSON.stringify([
    q.workspace,
    q.tenant,
    sorted(q.statuses),
    sorted(q.freshness),
    sorted(q.problems),
    q.completedSince,
    sorted(q.types),
    q.since,
    q.sort,
    q.limit,
    q.cursor,
  ]);
}

/** The answers of one app, with `memory` (null: none). */
export function pollAnswers(memory: PollMemory | null) {
  return {
    /**
     * An unchanged answer from memory (no database): 304 when `If-None-Match` matches it, else
     * its 200 from the remembered text. Otherwise null and the ticket its answer is remembered
     * with (taken now: before the database is read).
     */
    recall(c: Context, key: string, workspace: string, now: number) {
      if (memory === null) return { hit: null, ticket: null };
      const found = memory.recall(key, c.req.header('If-None-Match'), now);
      if (found !== null) {
        const hit =
          found.body === null ? notModified(c, found.etag) : ok(c, found.etag, found.body, now);
        return { hit, ticket: null };
      }
      return { hit: null, ticket: memory.ticket(key, workspace, now) };
    },
    memo: (ticket: Ticket | null, validUntil: number | null): Memo =>
      memory === null ? null : { memory, ticket, validUntil },
  };
}
