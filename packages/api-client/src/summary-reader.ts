/**
 * The summary's schema and mapping: a module of its own that the client loads with the first
 * summary it reads (`fetchSummary`), so a page without cards (a list, a run) never downloads it.
 */
import * as v from 'valibot';
import { RunsightApiError } from './errors.js';
import { isIsoTimestamp, isRecord } from './timestamps.js';
import type { RunsSummaryQuery, RunsSummaryResult } from './types.js';

// Not imported from schemas.ts: the bundler would then move the schemas (and valibot) out of the
// entry into a chunk of their own that every page loads.
const optTimestamp = v.nullish(v.pipe(v.string(), v.check(isIsoTimestamp, 'invalid timestamp')));

/** A count of the summary: a whole number, never negative. */
const count = v.pipe(
  v.number(),
  v.check((n) => Number.isSafeInteger(n) && n >= 0, 'not a count'),
);

/** `GET /operation-runs/summary`: every figure is required (an envelope without one is invalid). */
export const summaryEnvelopeSchema = v.object({
  data: v.object({
    active: count,
    fresh: count,
    past_expected: count,
    likely_stale: count,
    unknown: count,
    follow_up: count,
    needs_attention: count,
    tenants_affected: count,
  }),
  // The kind checked first: valibot's `object` would take an array for these optional fields.
  meta: v.nullish(
    v.pipe(
      v.custom<Record<string, unknown>>(isRecord),
      v.object({ server_time: optTimestamp, completed_since: optTimestamp }),
    ),
  ),
});

const instant = (value: Date | string | null | undefined): Date | null => {
  if (value === null || value === undefined) return null;
  const at = value instanceof Date ? value : value.trim() === '' ? null : new Date(value);
  return at === null || Number.isNaN(at.getTime()) ? null : at;
};

/**
 * The summary of a 2xx `body` (answered with `status`); `invalid_response` when it breaks the
 * contract. `meta.completedSince`: the backend's, else the query's own.
 */
export function readSummary(
  body: unknown,
  status: number,
  query: RunsSummaryQuery,
): RunsSummaryResult {
  const envelope = v.safeParse(summaryEnvelopeSchema, body);
  if (!envelope.success) {
    throw new RunsightApiError('invalid_response', {
      status,
      serverMessage: 'The summary does not match the contract.',
    });
  }
  const { data, meta } = envelope.output;
  return {
    summary: {
      active: data.active,
      fresh: data.fresh,
      pastExpected: data.past_expected,
      likelyStale: data.likely_stale,
      unknown: data.unknown,
      followUp: data.follow_up,
      needsAttention: data.needs_attention,
      tenantsAffected: data.tenants_affected,
    },
    meta: {
      serverTime: instant(meta?.server_time),
      completedSince: instant(meta?.completed_since) ?? instant(query.completedSince),
    },
  };
}
