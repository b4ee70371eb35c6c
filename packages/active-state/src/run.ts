/**
 * @runsight/active-state/run — the one builder of an {@link OperationRun}: every package's tests,
 * the api-client's wire fixtures (which serialise it) and the reference server's history seed
 * build their runs with it. Not part of the main entry: widgets and their bundle never load it.
 */
import type { OperationRun } from './types.js';

/** The instant a built run is created at unless told otherwise (2026-11-29T10:00:00Z). */
export const BUILT_RUN_CREATED_AT_MS = Date.UTC(2026, 10, 29, 10, 0, 0);

/**
 * A run with defaults — `run_1`, an inventory sync of tenant t_1 (Contoso) in ws_1, queued at
 * {@link BUILT_RUN_CREATED_AT_MS}, pending, nothing else known (every optional field null) — and
 * `fields` over them. Nested objects are replaced as a whole.
 */
export function buildRun(fields: Partial<OperationRun> = {}): OperationRun {
  return {
    id: 'run_1',
    type: 'inventory.sync',
    typeLabel: 'Inventory sync',
    workspaceId: 'ws_1',
    tenantId: 't_1',
    tenantName: 'Contoso',
    status: 'queued',
    outcome: 'pending',
    createdAt: new Date(BUILT_RUN_CREATED_AT_MS),
    startedAt: null,
    completedAt: null,
    lastHeartbeatAt: null,
    progress: null,
    lifecycle: null,
    freshness: null,
    reconciliation: null,
    initiator: null,
    failure: null,
    ...fields,
  };
}
