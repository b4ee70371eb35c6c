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

/** The earliest `nextChangeAt` among derived runs (epoch ms; active-state's rule), or null. */
export function earliestChange(derived: readonly DerivedRun[]): number | null {
  return earliestNextChange(derived.map((d) => d.state))?.getTime() ?? null;
}
