/**
 * The derivation of `@runsight/active-state` over a window of time: what a run's freshness and
 * attention group can be between two instants (a backend's `server_time` ± the tolerance).
 * An active run only ever grows more severe with time (fresh → past expected → likely stale),
 * so the two ends of a window bound everything in between.
 */
import {
  attentionRank,
  deriveActiveState,
  type Freshness,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';

const ACTIVE: readonly Freshness[] = ['fresh', 'past_expected', 'likely_stale'];

export function freshnessAt(
  run: OperationRun,
  at: number,
  policies: LifecyclePolicies | undefined,
): Freshness {
  return deriveActiveState(run, { now: at, policies }).freshness;
}

/** Every freshness the run has at some instant of [from, to]. */
export function freshnessBetween(
  run: OperationRun,
  from: number,
  to: number,
  policies: LifecyclePolicies | undefined,
): Freshness[] {
  const a = freshnessAt(run, from, policies);
  const b = freshnessAt(run, to, policies);
  const ia = ACTIVE.indexOf(a);
  const ib = ACTIVE.indexOf(b);
  if (ia >= 0 && ib >= ia) return ACTIVE.slice(ia, ib + 1) as Freshness[];
  return a === b ? [a] : [a, b];
}

export function rankAt(
  run: OperationRun,
  at: number,
  policies: LifecyclePolicies | undefined,
): 0 | 1 | 2 | 3 {
  return attentionRank(deriveActiveState(run, { now: at, policies }));
}

/** Whether the run's attention group changes somewhere in [from, to]. */
export function rankMoves(
  run: OperationRun,
  from: number,
  to: number,
  policies: LifecyclePolicies | undefined,
): boolean {
  return rankAt(run, from, policies) !== rankAt(run, to, policies);
}

/**
 * Whether the checks can judge this run's freshness: a finished run always; an active run when
 * its deadlines are on the wire (`lifecycle.expected_by` and `stale_after`), or the host gave
 * its policies, or the backend's own verdict already says likely stale (never calmer).
 */
export function judgeable(run: OperationRun, policies: LifecyclePolicies | undefined): boolean {
  if (run.status !== 'queued' && run.status !== 'running') return run.status === 'completed';
  if (policies !== undefined) return true;
  if (run.freshness?.state === 'likely_stale') return true;
  return run.lifecycle?.expectedBy != null && run.lifecycle.staleAfter != null;
}
