/**
 * `<ops-list>`'s static mode (`runs` set by the host): the rows, filtered and sorted client-side
 * the way the API would (pure; the caller keeps the rows of its scope). Freshness and the attention order come from
 * active-state, derived at the given instant.
 */
import { sortByAttention, type LifecyclePolicies, type OperationRun } from '@runsight/active-state';
import { deriveRun } from '../internal/derive.js';
import type { OpsListFilters } from './filters.js';

/** `runs` that pass `filters`, in the filters' sort order, at `now`. */
export function staticRows(
  runs: readonly OperationRun[],
  filters: OpsListFilters,
  now: number,
  policies: LifecyclePolicies | undefined,
): OperationRun[] {
  const f = filters;
  const rows = runs.filter((run) => {
    if (f.type.length && !f.type.includes(run.type)) return false;
    if (f.status.length) {
      const s = run.status;
      const ok = f.status.some((v) =>
        v === 'active' ? s === 'queued' || s === 'running' : v === s,
      );
      if (!ok) return false;
    }
    if (f.freshness.length) {
      const freshness = deriveRun(run, now, policies).state.freshness;
      if (!f.freshness.includes(freshness)) return false;
    }
    return true;
  });
  return f.sort === 'attention'
    ? sortByAttention(rows, policies ? { now, policies } : { now })
    : rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
