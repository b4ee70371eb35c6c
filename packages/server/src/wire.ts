/**
 * The wire format of api.md (snake_case JSON; its types are the api-client's, `wire` entry: one
 * definition for the client and the server). Every run goes out with its effective lifecycle
 * deadlines and, when active, the server's freshness verdict at request time — both from
 * `@runsight/active-state` with the server's own policies.
 */
import {
  deriveActiveState,
  resolvePolicy,
  type ActiveState,
  type LifecyclePolicies,
  type OperationRun,
  type RunEvent,
} from '@runsight/active-state';
import type {
  WireRun,
  WireRunDetail,
  WireRunsSummary,
  WireSummaryEnvelope,
} from '@runsight/api-client/wire';

export type { WireRun, WireRunDetail, WireRunsSummary, WireSummaryEnvelope };

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * The deadlines a finished run had while it was active (shown on its timeline): the derivation
 * of the same run in the status it finished from.
 */
function finishedDeadlines(run: OperationRun, policies: LifecyclePolicies): ActiveState {
  const prev = run.reconciliation?.previousStatus;
  const status =
    prev === 'queued' || prev === 'running' ? prev : run.startedAt !== null ? 'running' : 'queued';
  return deriveActiveState(
    { ...run, status, completedAt: null, reconciliation: null, freshness: null },
    { now: run.completedAt ?? run.createdAt, policies },
  );
}

/**
 * One run on the wire. `state` is `deriveActiveState(run, {now, policies})`; `evaluatedAt` is
 * the request instant as ISO-8601 (or a placeholder the caller replaces, see app.ts).
 */
export function toWireRun(
  run: OperationRun,
  state: ActiveState,
  policies: LifecyclePolicies,
  evaluatedAt: string,
): WireRun {
  const deadlines = state.isActive ? state : finishedDeadlines(run, policies);
  const heartbeatTimeoutS =
    run.lifecycle?.heartbeatTimeoutS ??
    resolvePolicy(run.type, policies).running.heartbeatTimeoutS ??
    null;
  const verdict =
    state.isActive &&
    (state.freshness === 'fresh' ||
      state.freshness === 'past_expected' ||
      state.freshness === 'likely_stale')
      ? { state: state.freshness, evaluated_at: evaluatedAt }
      : null;
  return {
    id: run.id,
    type: run.type,
    type_label: run.typeLabel,
    workspace_id: run.workspaceId,
    tenant_id: run.tenantId,
    tenant_name: run.tenantName,
    status: run.status,
    outcome: run.outcome,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    completed_at: iso(run.completedAt),
    last_heartbeat_at: iso(run.lastHeartbeatAt),
    progress: run.progress,
    lifecycle:
      deadlines.expectedBy === null && deadlines.staleAfter === null && heartbeatTimeoutS === null
        ? null
        : {
            expected_by: iso(deadlines.expectedBy),
            stale_after: iso(deadlines.staleAfter),
            heartbeat_timeout_s: heartbeatTimeoutS,
          },
    freshness: verdict,
    reconciliation:
      run.reconciliation === null
        ? null
        : {
            reconciled_at: run.reconciliation.reconciledAt.toISOString(),
            reason: run.reconciliation.reason,
            previous_status: run.reconciliation.previousStatus,
          },
    initiator: run.initiator,
    failure:
      run.failure === null
        ? null
        : { reason_code: run.failure.reasonCode, message: run.failure.message },
  };
}

export function toWireEvents(events: readonly RunEvent[]): WireRunDetail['events'] {
  return events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, message: e.message }));
}
