/**
 * Instants the API accepts in `since` and in cursors: 1970-01-01T00:00:00Z …
 * 9999-12-31T23:59:59.999Z. Every run the server stores lies in between; outside, PostgreSQL
 * (no year 0, no years past 294276, but ISO strings past 9999 come out as `+010000-…`) would
 * answer with an error instead of an empty page.
 */
export const MIN_INSTANT_MS = 0;
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function inInstantRange(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}
