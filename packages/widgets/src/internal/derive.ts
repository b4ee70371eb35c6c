/**
 * Memoised derivation of runs at a given instant. Render code derives through here so that a
 * re-render at the same `now` (or of an unchanged run object) never re-derives.
 */
import {
  deriveActiveState,
  earliestNextChange,
  type ActiveState,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';

export interface DerivedRun {
  run: OperationRun;
  state: ActiveState;
}

interface Memo {
  now: number;
  policies: LifecyclePolicies | undefined;
  state: ActiveState;
}

const memo = new WeakMap<OperationRun, Memo>();

/** `deriveActiveState(run, { now, policies })`, memoised on the run object, `now` and policies. */
export function deriveRun(
  run: OperationRun,
  now: number,
  policies?: LifecyclePolicies,
): DerivedRun {
  const hit = memo.get(run);
  if (hit && hit.now === now && hit.policies === policies) return { run, state: hit.state };
  const state = policies
    ? deriveActiveState(run, { now, policies })
    : deriveActiveState(run, { now });
  memo.set(run, { now, policies, state });
  return { run, state };
}

/** Derives every run at the same instant. */
export function deriveRuns(
  runs: readonly OperationRun[],
  now: number,
  policies?: LifecyclePolicies,
): DerivedRun[] {
  return runs.map((run) => deriveRun(run, now, policies));
}

/** The earliest `nextChangeAt` among derived runs (epoch ms; active-state's rule), or null. */
export function earliestChange(derived: readonly DerivedRun[]): number | null {
  return earliestNextChange(derived.map((d) => d.state))?.getTime() ?? null;
}

/**
 * Keeps only the runs of `tenant` (isolation: a faulty backend may return others). Without a
 * tenant, every run passes.
 */
export function onlyTenant<T extends { tenantId: string | null }>(
  runs: readonly T[],
  tenant: string | null | undefined,
): T[] {
  return tenant ? runs.filter((r) => r.tenantId === tenant) : [...runs];
}

/** Keeps only runs of the workspace (same isolation rule). */
export function onlyWorkspace<T extends { workspaceId: string }>(
  runs: readonly T[],
  workspace: string,
): T[] {
  return runs.filter((r) => r.workspaceId === workspace);
}
