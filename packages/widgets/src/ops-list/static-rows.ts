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

/** A kept result: it holds from `from` until `until` (exclusive) for `policies`. */
interface Held<T> {
  from: number;
  until: number;
  policies: LifecyclePolicies | undefined;
  value: T;
}

/** `map`'s result for `key` while it holds at `now`, else `make()`'s ([value, until]), kept. */
function hold<T>(
  map: WeakMap<object, Held<T>>,
  key: object,
  now: number,
  policies: LifecyclePolicies | undefined,
  make: () => [T, number],
): Held<T> {
  let hit = map.get(key);
  if (!hit || hit.policies !== policies || hit.from > now || now >= hit.until) {
    const [value, until] = make();
    map.set(key, (hit = { from: now, until, policies, value }));
  }
  return hit;
}

const states = new WeakMap<object, Held<ActiveState[]>>();

/**
 * The state of each run of `order` at `now` (by position), kept until the earliest
 * `nextChangeAt` among them (or other policies): a filter on states reads an array instead of
 * looking every run up again.
 */
const statesOf = (
  order: readonly OperationRun[],
  now: number,
  policies: LifecyclePolicies | undefined,
): Held<ActiveState[]> =>
  hold(states, order, now, policies, () => {
    let until = Infinity;
    const value = order.map((run) => {
      const state = stateAt(run, now, policies);
      until = Math.min(until, state.nextChangeAt?.getTime() ?? until);
      return state;
    });
    return [value, until];
  });

const attention = new WeakMap<object, Held<OperationRun[]>>();

/**
 * `runs` in the attention order at `now`, sorted again only when a run's state changes (the
 * earliest `nextChangeAt` of the runs) or the policies do: the order of every run holds until
 * then, and filtering it keeps it (`sortByAttention` breaks ties by position). Also keeps the
 * states of the newest-first order (`statesOf`).
 */
export const attentionOrder = (
  runs: readonly OperationRun[],
  now: number,
  policies: LifecyclePolicies | undefined,
): readonly OperationRun[] =>
  hold(attention, runs, now, policies, () => [
    sortByAttention(runs, policies ? { now, policies } : { now }),
    statesOf(newestFirst(runs), now, policies).until,
  ]).value;

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
 * and reads the kept states of the order (`statesOf`) while they hold.
 */
export function staticRows(
  runs: readonly OperationRun[],
  filters: OpsListFilters,
  now: number,
  policies: LifecyclePolicies | undefined,
): OperationRun[] {
  const f = filters;
  const since = f.completedSince ? Date.parse(f.completedSince) : null;
  const order = f.sort === 'attention' ? attentionOrder(runs, now, policies) : newestFirst(runs);
  const kept = f.freshness.length || f.problem.length ? statesOf(order, now, policies).value : [];
  const pass = (run: OperationRun, i: number): boolean => {
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
      const state = kept[i] as ActiveState;
      if (f.freshness.length && !f.freshness.includes(state.freshness)) return false;
      if (f.problem.length && !inProblemSets(state, f.problem)) return false;
    }
    return true;
  };
  return order.filter(pass);
}
