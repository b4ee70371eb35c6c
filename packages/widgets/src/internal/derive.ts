/**
 * Memoised derivation of runs. Render code derives through here so that a re-render of an
 * unchanged run object never re-derives while its state holds: a state derived at `t` is the
 * state at every instant from `t` until its `nextChangeAt` (active-state's contract: the next
 * instant at which the result changes with time alone), so a later `now` before that reuses it.
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
  /** The state holds from `from` until `until` (exclusive; Infinity: for good). */
  from: number;
  until: number;
  policies: LifecyclePolicies | undefined;
  state: ActiveState;
}

const memo = new WeakMap<OperationRun, Memo>();

/**
 * `deriveActiveState(run, { now, policies })`, memoised on the run object and policies for the
 * instants its state holds (see above).
 */
export function stateAt(run: OperationRun, now: number, policies?: LifecyclePolicies): ActiveState {
  const hit = memo.get(run);
  if (hit && hit.policies === policies && hit.from <= now && now < hit.until) return hit.state;
  const state = policies
    ? deriveActiveState(run, { now, policies })
    : deriveActiveState(run, { now });
  const until = state.nextChangeAt?.getTime() ?? Infinity;
  if (hit) Object.assign(hit, { from: now, until, policies, state });
  else memo.set(run, { from: now, until, policies, state });
  return state;
}

/** `stateAt` with its run. */
export const deriveRun = (
  run: OperationRun,
  now: number,
  policies?: LifecyclePolicies,
): DerivedRun => ({ run, state: stateAt(run, now, policies) });

/** The earliest `nextChangeAt` among derived runs (epoch ms; active-state's rule), or null. */
export function earliestChange(derived: readonly DerivedRun[]): number | null {
  return earliestNextChange(derived.map((d) => d.state))?.getTime() ?? null;
}
