/**
 * Wire schemas (valibot: modular, every schema and action tree-shakes). Tolerance rules (api.md):
 * - status, outcome, freshness.state and event kind are plain strings: unknown values are kept;
 * - every field other than the required six may be absent or null;
 * - a row that breaks the schema otherwise is left out by the caller (rows are validated one by one);
 * - an envelope that breaks the schema is an `invalid_response`.
 */
import * as v from 'valibot';

import { isIsoTimestamp, isRecord } from './timestamps.js';

export { isIsoTimestamp };

export const timestamp = v.pipe(v.string(), v.check(isIsoTimestamp, 'invalid timestamp'));
/**
 * A JSON number. `finite`: `JSON.parse` reads an out-of-range literal (`1e400`) as Infinity,
 * which valibot's `number` accepts; the wire has no infinite numbers.
 */
export const finiteNumber = v.pipe(v.number(), v.finite());
// Shared nodes: one schema object per shape, reused by every field of that shape.
export const optString = v.nullish(v.string());
const optNumber = v.nullish(finiteNumber);
export const optTimestamp = v.nullish(timestamp);
/**
 * Containers whose members are validated elsewhere (list rows and events one by one, the detail's
 * run by `wireRunSchema`): only their kind is checked, so no record/array schema is needed.
 */
export const anyObject = v.custom<Record<string, unknown>>(isRecord);
export const anyArray = v.custom<unknown[]>(Array.isArray);
/**
 * An object of the given fields that is not an array: valibot's `object` takes any non-null
 * object, and an array has none of the fields, so an object whose fields are all optional needs
 * the kind checked first (`"progress": []` breaks the row).
 */
export const plainObject = <const E extends v.ObjectEntries>(entries: E) =>
  v.pipe(anyObject, v.object(entries));

export const wireRunSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  type: v.string(),
  type_label: optString,
  workspace_id: v.string(),
  tenant_id: optString,
  tenant_name: optString,
  status: v.string(),
  outcome: v.string(),
  created_at: timestamp,
  started_at: optTimestamp,
  completed_at: optTimestamp,
  last_heartbeat_at: optTimestamp,
  progress: v.nullish(
    plainObject({
      total: optNumber,
      processed: optNumber,
      succeeded: optNumber,
      failed: optNumber,
    }),
  ),
  lifecycle: v.nullish(
    plainObject({
      expected_by: optTimestamp,
      stale_after: optTimestamp,
      heartbeat_timeout_s: optNumber,
    }),
  ),
  freshness: v.nullish(v.object({ state: v.string(), evaluated_at: timestamp })),
  reconciliation: v.nullish(
    v.object({
      reconciled_at: timestamp,
      reason: optString,
      previous_status: optString,
    }),
  ),
  initiator: v.nullish(plainObject({ name: optString })),
  failure: v.nullish(plainObject({ reason_code: optString, message: optString })),
});
export type ParsedWireRun = v.InferOutput<typeof wireRunSchema>;

export const listEnvelopeSchema = v.object({
  data: anyArray,
  meta: v.nullish(plainObject({ next_cursor: optString, server_time: optTimestamp })),
});
