/**
 * Combining the runs of several queries of one element (e.g. the active runs and the recent runs
 * of a tenant), and the time windows the compact surfaces count in.
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

/** When a run finished (completed or reconciled), else when it was created; epoch ms or NaN. */
export function finishedOrCreatedAt(run: OperationRun): number {
  const at = run.completedAt ?? run.reconciliation?.reconciledAt ?? run.createdAt;
  return at instanceof Date ? at.getTime() : NaN;
}

/**
 * Follow-up window of the compact surfaces (24 h). Here, not in tenant-activity.ts, so that
 * `<workspace-recent-ops>` does not pull the `<tenant-activity>` class into its bundles.
 */
export const FOLLOW_UP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The runs that count for "now": every run that is not completed (active and unknown statuses),
 * plus completed runs that finished within `windowMs` before `now`.
 */
export function currentAndRecent(
  runs: readonly OperationRun[],
  now: number,
  windowMs: number,
): OperationRun[] {
  return runs.filter((run) => {
    if (run.status !== 'completed') return true;
    const at = finishedOrCreatedAt(run);
    return Number.isFinite(at) && at >= now - windowMs;
  });
}

/**
 * Whether a newest-first page of runs falls short of the follow-up window: there are more pages
 * (`nextCursor`) and its oldest run is still inside the window, so counts over the window are
 * lower bounds ("50+").
 */
export function windowPartial(
  page: { runs: readonly OperationRun[]; meta: { nextCursor: string | null } },
  now: number,
  windowMs: number,
): boolean {
  if (page.meta.nextCursor === null) return false;
  const oldest = page.runs.reduce(
    (min, r) => Math.min(min, finishedOrCreatedAt(r)),
    Number.POSITIVE_INFINITY,
  );
  return oldest > now - windowMs;
}

/** Derives every run at the same instant. */
export function deriveRuns(
  runs: readonly OperationRun[],
  now: number,
  policies?: LifecyclePolicies,
): DerivedRun[] {
  return runs.map((run) => deriveRun(run, now, policies));
}
