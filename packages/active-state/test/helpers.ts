import type { OperationRun } from '@runsight/active-state';

/** A fixed base instant for tests. */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const S = 1000;

/** A run with sensible defaults; override any field. */
export function run(over: Partial<OperationRun> = {}): OperationRun {
  return {
    id: 'r1',
    type: 'inventory.sync',
    typeLabel: 'Inventory sync',
    workspaceId: 'w1',
    tenantId: 't1',
    tenantName: 'Tenant',
    status: 'queued',
    outcome: 'pending',
    createdAt: new Date(T0),
    startedAt: null,
    completedAt: null,
    lastHeartbeatAt: null,
    progress: null,
    lifecycle: null,
    freshness: null,
    reconciliation: null,
    initiator: null,
    failure: null,
    ...over,
  };
}
