/**
 * The run detail's schemas and parser: a module of its own that the client loads with the first
 * detail it reads (`fetchRun`), so a page that only lists runs never downloads it.
 */
import * as v from 'valibot';
import type { RunDetail, RunEvent } from '@runsight/active-state';
import { RunsightApiError } from './errors.js';
import { mapRun } from './mapping.js';
import { inScope, outOfScopeError } from './scope.js';
import type { GetRunResult } from './types.js';
import {
  anyArray,
  anyObject,
  isIsoTimestamp,
  optTimestamp,
  plainObject,
  wireRunSchema,
} from './schemas.js';

/**
 * A detail's run: the run's fields (the same nodes as `wireRunSchema`) and the detail's extras;
 * events are validated one by one (a bad event is left out).
 */
const wireDetailSchema = v.object({
  ...wireRunSchema.entries,
  context: v.nullish(anyObject),
  events: v.nullish(anyArray),
});

export const detailEnvelopeSchema = v.object({
  data: anyObject,
  meta: v.nullish(plainObject({ server_time: optTimestamp })),
});

/**
 * One wire event, validated and mapped, or null when it breaks the schema
 * `{ at: timestamp, kind: string, message?: string | null }` (extra fields are ignored).
 *
 * Written out rather than a schema object: a run with a long history has thousands of events, and
 * `safeParse` per event was the largest cost of reading a 10 000-event detail (≈ 35–50 ms on the
 * main thread while the code is cold, against ≈ 5 ms for this). It accepts exactly what that
 * schema accepts (`test/detail.test.ts` checks both against generated events).
 */
export function parseEvent(value: unknown): RunEvent | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { at, kind, message } = value as Record<string, unknown>;
  if (typeof at !== 'string' || typeof kind !== 'string' || !isIsoTimestamp(at)) return null;
  if (message !== undefined && message !== null && typeof message !== 'string') return null;
  return { at: new Date(at), kind, message: message ?? '' };
}

/**
 * Validates and maps a run detail. Returns null when the run itself breaks the schema.
 * Events that break the schema are left out and counted; context values that are not
 * string/number/boolean are left out.
 */
export function parseRunDetail(data: unknown): { run: RunDetail; invalidEvents: number } | null {
  const wire = v.safeParse(wireDetailSchema, data);
  if (!wire.success) return null;
  const context: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(wire.output.context ?? {})) {
    const keep =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    // defineProperty, not assignment: a "__proto__" key stays a plain key.
    if (keep)
      Object.defineProperty(context, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const events: RunEvent[] = [];
  let invalidEvents = 0;
  for (const event of wire.output.events ?? []) {
    const parsed = parseEvent(event);
    if (parsed) events.push(parsed);
    else invalidEvents++;
  }
  return { run: { ...mapRun(wire.output), context, events }, invalidEvents };
}

/**
 * A detail response body (`status` of its 2xx) as the client returns it, checked against what
 * was asked: an envelope that breaks the contract is `invalid_response`; a detail of another run
 * or workspace is `out_of_scope` (the backend misbehaves); one of another tenant than `tenant` is
 * `not_found` (existence does not leak to a tenant's view).
 */
export function readRunDetail(
  body: unknown,
  status: number,
  asked: { workspace: string; id: string; tenant?: string | null | undefined },
): GetRunResult {
  const envelope = v.safeParse(detailEnvelopeSchema, body);
  const detail = envelope.success ? parseRunDetail(envelope.output.data) : null;
  if (!envelope.success || !detail) {
    throw new RunsightApiError('invalid_response', {
      status,
      serverMessage: 'The response envelope does not match the contract.',
    });
  }
  const { run } = detail;
  if (run.id !== asked.id || !inScope(run, { workspace: asked.workspace }))
    throw outOfScopeError(1);
  if (!inScope(run, asked)) throw new RunsightApiError('not_found', { code: 'out_of_scope' });
  const serverTime = envelope.output.meta?.server_time;
  return {
    run,
    meta: {
      serverTime: serverTime ? new Date(serverTime) : null,
      invalidEvents: detail.invalidEvents,
    },
  };
}
