/** Wire → domain: camelCase keys, timestamps as Date, absent fields as null. */
import type { OperationRun } from '@runsight/active-state';
import * as v from 'valibot';
import { type ParsedWireRun, wireRunSchema } from './schemas.js';

export const date = (value: string) => new Date(value);
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

/** Validates and maps list rows one by one; rows that break the schema are left out and counted. */
export function parseRuns(rows: readonly unknown[]): { runs: OperationRun[]; invalidRows: number } {
  const runs: OperationRun[] = [];
  let invalidRows = 0;
  for (const row of rows) {
    const parsed = v.safeParse(wireRunSchema, row);
    if (parsed.success) runs.push(mapRun(parsed.output));
    else invalidRows++;
  }
  return { runs, invalidRows };
}
