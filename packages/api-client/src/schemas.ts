/**
 * Wire schemas (zod/mini: the small, tree-shakable build). Tolerance rules (api.md):
 * - status, outcome, freshness.state and event kind are plain strings: unknown values are kept;
 * - every field other than the required six may be absent or null;
 * - a row that breaks the schema otherwise is left out by the caller (rows are validated one by one);
 * - an envelope that breaks the schema is an `invalid_response`.
 */
import * as z from 'zod/mini';

import { isIsoTimestamp } from './timestamps.js';

export { isIsoTimestamp };

export const timestamp = z.string().check(z.refine(isIsoTimestamp, 'invalid timestamp'));
export const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));
// Shared nodes: one schema object per shape, reused by every field of that shape.
export const optString = opt(z.string());
const optNumber = opt(z.number());
export const optTimestamp = opt(timestamp);
/**
 * Containers whose members are validated elsewhere (list rows and events one by one, the detail's
 * run by `wireRunSchema`): only their kind is checked, so no record/array schema is needed.
 */
export const anyObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
);
export const anyArray = z.custom<unknown[]>(Array.isArray);

export const wireRunSchema = z.object({
  id: z.string().check(z.refine((id) => id !== '')),
  type: z.string(),
  type_label: optString,
  workspace_id: z.string(),
  tenant_id: optString,
  tenant_name: optString,
  status: z.string(),
  outcome: z.string(),
  created_at: timestamp,
  started_at: optTimestamp,
  completed_at: optTimestamp,
  last_heartbeat_at: optTimestamp,
  progress: opt(
    z.object({ total: optNumber, processed: optNumber, succeeded: optNumber, failed: optNumber }),
  ),
  lifecycle: opt(
    z.object({
      expected_by: optTimestamp,
      stale_after: optTimestamp,
      heartbeat_timeout_s: optNumber,
    }),
  ),
  freshness: opt(z.object({ state: z.string(), evaluated_at: timestamp })),
  reconciliation: opt(
    z.object({
      reconciled_at: timestamp,
      reason: optString,
      previous_status: optString,
    }),
  ),
  initiator: opt(z.object({ name: optString })),
  failure: opt(z.object({ reason_code: optString, message: optString })),
});
export type ParsedWireRun = z.infer<typeof wireRunSchema>;

export const listEnvelopeSchema = z.object({
  data: anyArray,
  meta: opt(z.object({ next_cursor: optString, server_time: optTimestamp })),
});
