/**
 * The run detail's schemas and parser: a module of its own that the client loads with the first
 * detail it reads (`fetchRun`), so a page that only lists runs never downloads it.
 */
import * as z from 'zod/mini';
import type { RunDetail, RunEvent } from '@runsight/active-state';
import { date, mapRun } from './mapping.js';
import {
  anyArray,
  anyObject,
  opt,
  optString,
  optTimestamp,
  timestamp,
  wireRunSchema,
} from './schemas.js';

const wireEventSchema = z.object({
  at: timestamp,
  kind: z.string(),
  message: optString,
});
type ParsedWireEvent = z.infer<typeof wireEventSchema>;

/** The detail's own extras; events are validated one by one (a bad event is left out). */
const wireDetailExtrasSchema = z.object({
  context: opt(anyObject),
  events: opt(anyArray),
});

export const detailEnvelopeSchema = z.object({
  data: anyObject,
  meta: opt(z.object({ server_time: optTimestamp })),
});

function mapEvent(e: ParsedWireEvent): RunEvent {
  return { at: date(e.at), kind: e.kind, message: e.message ?? '' };
}

/**
 * Validates and maps a run detail. Returns null when the run itself breaks the schema.
 * Events that break the schema are left out and counted; context values that are not
 * string/number/boolean are left out.
 */
export function parseRunDetail(data: unknown): { run: RunDetail; invalidEvents: number } | null {
  const base = wireRunSchema.safeParse(data);
  const extras = wireDetailExtrasSchema.safeParse(data);
  if (!base.success || !extras.success) return null;
  const context: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(extras.data.context ?? {})) {
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
  for (const event of extras.data.events ?? []) {
    const parsed = wireEventSchema.safeParse(event);
    if (parsed.success) events.push(mapEvent(parsed.data));
    else invalidEvents++;
  }
  return { run: { ...mapRun(base.data), context, events }, invalidEvents };
}
