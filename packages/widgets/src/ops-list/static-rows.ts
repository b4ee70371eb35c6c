/**
 * `<ops-list>`'s static mode (`runs` set by the host): the rows, filtered and sorted client-side
 * the way the API would (pure; the caller keeps the rows of its scope). Freshness and the attention order come from
 * active-state, derived at the given instant.
 */
import {
  attentionRank,
  sortByAttention,
  type ActiveState,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';
import { stateAt } from '../internal/derive.js';
import type { OpsListFilters } from './filters.js';

/** Newest first orders of run lists (the host's `runs` rarely change; filters often do). */
const newest = new WeakMap<readonly OperationRun[], readonly OperationRun[]>();

/** `runs` newest first, sorted once per list (a filter change then only filters). */
function newestFirst(runs: readonly OperationRun[]): readonly OperationRun[] {
  let order = newest.get(runs);
  if (!order) {
    const keyed = runs.map((run) => ({ run, t: run.createdAt.getTime() }));
    keyed.sort((a, b) => b.t - a.t);
    order = keyed.map((k) => k.run);
    newest.set(runs, order);
  }
  return order;
}

/** Attention orders of run lists, with the instants they hold for (like `stateAt`'s). */
const attention = new WeakMap<
  readonly OperationRun[],
  { from: number; until: number; policies: LifecyclePolicies | undefined; order: OperationRun[] }
>();

/**
 * `runs` in the attention order at `now`, sorted again only when a run's state changes (the
 * earliest `nextChangeAt` of the runs) or the policies do: the order of every run holds until
 * then, and filtering it keeps it (`sortByAttention` breaks ties by position).
 */
export function attentionOrder(
  runs: readonly OperationRun[],
  now: number,
  policies: LifecyclePolicies | undefined,
): readonly OperationRun[] {
  const hit = attention.get(runs);
  if (hit && hit.policies === policies && hit.from <= now && now < hit.until) return hit.order;
  const order = sortByAttention(runs, policies ? { now, policies } : { now });
  let until = Infinity;
  for (const run of runs) {
    const next = stateAt(run, now, policies).nextChangeAt;
    if (next && next.getTime() < until) until = next.getTime();
  }
  attention.set(runs, { from: now, until, policies, order });
  return order;
}

/** Whether a derived run is in one of the problem sets (api.md `problem`; a union). */
function inProblemSets(state: ActiveState, problem: readonly string[]): boolean {
  return problem.some((p) =>
    p === 'needs_attention' ? attentionRank(state) < 3 : state.problemClass === p,
  );
}

/** When a finished run finished: its completion, else its reconciliation, else the epoch. */
function finishedAt(run: OperationRun): number {
  return (run.completedAt ?? run.reconciliation?.reconciledAt)?.getTime() ?? 0;
}

/**
 * `runs` that pass `filters`, in the filters' sort order, at `now`: the list's newest-first or
 * attention order (both kept for the list, see above), filtered. A filter change sorts nothing,
 * and derives only runs whose state changed since they were last derived (`stateAt`).
 */
export function staticRows(
  runs: readonly OperationRun[],
  filters: OpsListFilters,
  now: number,
  policies: LifecyclePolicies | undefined,
): OperationRun[] {
  const f = filters;
  const since = f.completedSince ? Date.parse(f.completedSince) : null;
  const pass = (run: OperationRun): boolean => {
    if (f.type.length && !f.type.includes(run.type)) return false;
    // completed_since narrows finished runs only; active runs are not affected.
    if (since !== null && run.status === 'completed' && !(finishedAt(run) >= since)) return false;
    if (f.status.length) {
      const s = run.status;
      const ok = f.status.some((v) =>
        v === 'active' ? s === 'queued' || s === 'running' : v === s,
      );
      if (!ok) return false;
    }
    if (f.freshness.length || f.problem.length) {
      const state = stateAt(run, now, policies);
      if (f.freshness.length && !f.freshness.includes(state.freshness)) return false;
      if (f.problem.length && !inProblemSets(state, f.problem)) return false;
    }
    return true;
  };
  return (f.sort === 'attention' ? attentionOrder(runs, now, policies) : newestFirst(runs)).filter(
    pass,
  );
}
