/**
 * A run's age in words, as the run rows and lists show it (<active-run-progress>, <ops-list>, the
 * cards' rows); <run-detail> shows the timeline instead, so it is a module of its own.
 */
import type { RunsightElement } from '../base/runsight-element.js';
import type { DerivedRun } from './derive.js';
import { formatDuration, formatRelative } from './format.js';

/**
 * The age of a run in words at `now`: "running for 12 min", "queued for 3 min",
 * "finished 4 min ago", or "created 2 hr ago" (unknown status).
 */
export function runAge(el: RunsightElement, d: DerivedRun, now: number): string {
  const { run, state } = d;
  const locale = el.resolvedLocale;
  if (state.isActive && run.status === 'running') {
    const since = run.startedAt ?? run.createdAt;
    return el.t('run.age_running', { duration: formatDuration(now - since.getTime(), locale) });
  }
  if (state.isActive) {
    return el.t('run.age_queued', {
      duration: formatDuration(now - run.createdAt.getTime(), locale),
    });
  }
  const finished = run.completedAt ?? run.reconciliation?.reconciledAt ?? null;
  if (run.status === 'completed' && finished && !Number.isNaN(finished.getTime())) {
    return el.t('run.age_finished', { relative: formatRelative(finished, now, locale) });
  }
  return el.t('run.age_created', { relative: formatRelative(run.createdAt, now, locale) });
}
