/**
 * Combining the runs of several queries of one element (e.g. the needs-attention rows and the
 * recent runs of a tenant), and deriving them at one instant. (The cards' follow-up window is
 * the summary endpoint's, `base/runsight-card.ts`.)
 */
import type { LifecyclePolicies, OperationRun } from '@runsight/active-state';
import { deriveRun, type DerivedRun } from './derive.js';

/**
 * Union by id. For a run present in several sets, a terminal copy wins over an active one (the
 * run finished between the two queries' refreshes); otherwise the earlier set's copy wins.
 */
export function mergeRuns(...sets: readonly (readonly OperationRun[])[]): OperationRun[] {
  const byId = new Map<string, OperationRun>();
  for (const set of sets) {
    for (const run of set) {
      const existing = byId.get(run.id);
      if (!existing || (existing.status !== 'completed' && run.status === 'completed')) {
        byId.set(run.id, run);
      }
    }
  }
  return [...byId.values()];
}

/** Derives every run at the same instant. */
export function deriveRuns(
  runs: readonly OperationRun[],
  now: number,
  policies?: LifecyclePolicies,
): DerivedRun[] {
  return runs.map((run) => deriveRun(run, now, policies));
}
