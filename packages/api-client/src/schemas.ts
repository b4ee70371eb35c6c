/**
 * Wire schemas (zod/mini: the small, tree-shakable build). Tolerance rules (api.md):
 * - status, outcome, freshness.state and event kind are plain strings: unknown values are kept;
 * - every field other than the required six may be absent or null;
 * - a row that breaks the schema otherwise is left out by the caller (rows are validated one by one);
 * - an envelope that breaks the schema is an `invalid_response`.
 */
import * as z from 'zod/mini';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`) that denotes a real instant. */
export function isIsoTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

const timestamp = z.string().check(z.refine(isIsoTimestamp, 'invalid timestamp'));
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
const count = opt(z.number());

export const wireRunSchema = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string(),
  type_label: opt(z.string()),
  workspace_id: z.string(),
  tenant_id: opt(z.string()),
  tenant_name: opt(z.string()),
  status: z.string(),
  outcome: z.string(),
  created_at: timestamp,
  started_at: opt(timestamp),
  completed_at: opt(timestamp),
  last_heartbeat_at: opt(timestamp),
  progress: opt(
    z.object({ total: opt(z.number()), processed: count, succeeded: count, failed: count }),
  ),
  lifecycle: opt(
    z.object({
      expected_by: opt(timestamp),
      stale_after: opt(timestamp),
      heartbeat_timeout_s: opt(z.number()),
    }),
  ),
  freshness: opt(z.object({ state: z.string(), evaluated_at: timestamp })),
  reconciliation: opt(
    z.object({
      reconciled_at: timestamp,
      reason: opt(z.string()),
      previous_status: opt(z.string()),
    }),
  ),
  initiator: opt(z.object({ name: opt(z.string()) })),
  failure: opt(z.object({ reason_code: opt(z.string()), message: opt(z.string()) })),
});
export type ParsedWireRun = z.infer<typeof wireRunSchema>;

export const wireEventSchema = z.object({
  at: timestamp,
  kind: z.string(),
  message: opt(z.string()),
});
export type ParsedWireEvent = z.infer<typeof wireEventSchema>;

/** The detail's own extras; events are validated one by one (a bad event is left out). */
export const wireDetailExtrasSchema = z.object({
  context: opt(z.record(z.string(), z.unknown())),
  events: opt(z.array(z.unknown())),
});

export const listEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  meta: opt(z.object({ next_cursor: opt(z.string()), server_time: opt(timestamp) })),
});

export const detailEnvelopeSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  meta: opt(z.object({ server_time: opt(timestamp) })),
});

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.optional(z.string()),
    message: z.optional(z.string()),
    parameter: z.optional(z.string()),
  }),
});
