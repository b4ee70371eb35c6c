/** Wire → domain: camelCase keys, timestamps as Date, absent fields as null. */
import type { OperationRun, RunDetail, RunEvent } from '@runsight/active-state';
import {
  type ParsedWireEvent,
  type ParsedWireRun,
  wireDetailExtrasSchema,
  wireEventSchema,
  wireRunSchema,
} from './schemas.js';

const date = (value: string) => new Date(value);
const dateOrNull = (value: string | null | undefined) => (value == null ? null : new Date(value));

export function mapRun(w: ParsedWireRun): OperationRun {
  const { progress, lifecycle, freshness, reconciliation, initiator, failure } = w;
  return {
    id: w.id,
    type: w.type,
    typeLabel: w.type_label ?? null,
    workspaceId: w.workspace_id,
    tenantId: w.tenant_id ?? null,
    tenantName: w.tenant_name ?? null,
    status: w.status,
    outcome: w.outcome,
    createdAt: date(w.created_at),
    startedAt: dateOrNull(w.started_at),
    completedAt: dateOrNull(w.completed_at),
    lastHeartbeatAt: dateOrNull(w.last_heartbeat_at),
    progress: progress
      ? {
          total: progress.total ?? null,
          processed: progress.processed ?? 0,
          succeeded: progress.succeeded ?? 0,
          failed: progress.failed ?? 0,
        }
      : null,
    lifecycle: lifecycle
      ? {
          expectedBy: dateOrNull(lifecycle.expected_by),
          staleAfter: dateOrNull(lifecycle.stale_after),
          heartbeatTimeoutS: lifecycle.heartbeat_timeout_s ?? null,
        }
      : null,
    freshness: freshness
      ? { state: freshness.state, evaluatedAt: date(freshness.evaluated_at) }
      : null,
    reconciliation: reconciliation
      ? {
          reconciledAt: date(reconciliation.reconciled_at),
          reason: reconciliation.reason ?? '',
          previousStatus: reconciliation.previous_status ?? '',
        }
      : null,
    initiator: initiator?.name != null ? { name: initiator.name } : null,
    failure: failure
      ? { reasonCode: failure.reason_code ?? '', message: failure.message ?? '' }
      : null,
  };
}

function mapEvent(e: ParsedWireEvent): RunEvent {
  return { at: date(e.at), kind: e.kind, message: e.message ?? '' };
}

/** Validates and maps list rows one by one; rows that break the schema are left out and counted. */
export function parseRuns(rows: readonly unknown[]): { runs: OperationRun[]; invalidRows: number } {
  const runs: OperationRun[] = [];
  let invalidRows = 0;
  for (const row of rows) {
    const parsed = wireRunSchema.safeParse(row);
    if (parsed.success) runs.push(mapRun(parsed.data));
    else invalidRows++;
  }
  return { runs, invalidRows };
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
