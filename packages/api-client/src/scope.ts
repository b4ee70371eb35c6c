/**
 * Scope: the one place that decides whether a run belongs to a query (elements.md, Isolation).
 * The client drops rows outside a list query's scope and rejects a detail of another run or
 * workspace before any element sees them, so no element filters by scope itself.
 */
import type { OperationRun } from '@runsight/active-state';
import { RunsightApiError } from './errors.js';

/** What a query may show: one workspace and, when set, one tenant of it. */
export interface RunScope {
  workspace: string;
  tenant?: string | null | undefined;
}

const clean = (value: string | null | undefined) => String(value ?? '').trim();

/**
 * Whether a run belongs to the scope: the query's workspace, and its tenant when the query has
 * one (tenant ids repeat across workspaces; a tenantless run is not a tenant's).
 */
export function inScope(
  run: Pick<OperationRun, 'workspaceId' | 'tenantId'>,
  scope: RunScope,
): boolean {
  const tenant = clean(scope.tenant);
  return run.workspaceId === clean(scope.workspace) && (tenant === '' || run.tenantId === tenant);
}

/**
 * The error a query reports when its backend answered with runs outside the query's scope
 * (`code: 'out_of_scope'`): a list reports it once (its rows are left out and counted, `count`),
 * a detail fails with it.
 */
export function outOfScopeError(count: number): RunsightApiError {
  return new RunsightApiError('invalid_response', {
    code: 'out_of_scope',
    serverMessage: `${count} out of scope`,
  });
}
