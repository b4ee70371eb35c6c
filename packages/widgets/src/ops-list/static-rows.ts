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

/** The states of an order (by position) and the positions of each freshness, in order. */
type States = [ActiveState[], Record<string, number[]>];

const states = new WeakMap<object, Held<States>>();

/**
 * The state of each run of `order` at `now` (by position), and the positions of the runs of each
 * freshness, kept until the earliest `nextChangeAt` among them (or other policies): a filter on
 * states reads an array instead of looking every run up again, a freshness filter only the runs
 * of that freshness.
 */
const statesOf = (
  order: readonly OperationRun[],
  now: number,
  policies: LifecyclePolicies | undefined,
): Held<States> =>
  hold(states, order, now, policies, () => {
    let until = Infinity;
    const by: Record<string, number[]> = {};
    const value = order.map((run, i) => {
      const state = stateAt(run, now, policies);
      until = Math.min(until, state.nextChangeAt?.getTime() ?? until);
      (by[state.freshness] ||= []).push(i);
      return state;
    });
    return [[value, by], until];
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
  const [kept, by] =
    f.freshness.length || f.problem.length ? statesOf(order, now, policies).value : [[], {}];
  // The statuses that pass ("active": queued or running), looked up once per run.
  const statuses = f.status.length
    ? new Set(f.status.flatMap((v) => (v === 'active' ? ['queued', 'running'] : v)))
    : null;
  const pass = (i: number): boolean => {
    const run = order[i] as OperationRun;
    if (f.type.length && !f.type.includes(run.type)) return false;
    // completed_since narrows finished runs only; active runs are not affected.
    if (since !== null && run.status === 'completed' && !(finishedAt(run) >= since)) return false;
    if (statuses && !statuses.has(run.status)) return false;
    return !f.problem.length || inProblemSets(kept[i] as ActiveState, f.problem);
  };
  // A freshness filter reads the positions of the runs of that freshness only (in order).
  const at = f.freshness.length
    ? f.freshness.flatMap((v) => by[v] ?? []).sort((a, b) => a - b)
    : null;
  return at
    ? at.filter(pass).map((i) => order[i] as OperationRun)
    : order.filter((_, i) => pass(i));
}
