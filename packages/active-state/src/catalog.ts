import type { Badge, BadgeKey, BackendFreshness, GuidanceKey } from './types.js';

function badge(key: BadgeKey, label: string, tone: Badge['tone']): Readonly<Badge> {
  return Object.freeze({ key, label, tone });
}

/**
 * The badge catalog of the specification: key → exact English label and tone.
 * The objects are frozen and shared: every {@link ActiveState} refers to one of them.
 */
export const BADGES: Readonly<Record<BadgeKey, Readonly<Badge>>> = Object.freeze({
  queued: badge('queued', 'Queued', 'info'),
  running: badge('running', 'Running', 'info'),
  past_expected: badge('past_expected', 'Past expected', 'warning'),
  likely_stale: badge('likely_stale', 'Likely stale', 'danger'),
  reconciled_failed: badge('reconciled_failed', 'Reconciled failed', 'danger'),
  succeeded: badge('succeeded', 'Succeeded', 'success'),
  partially_succeeded: badge('partially_succeeded', 'Partially succeeded', 'warning'),
  failed: badge('failed', 'Failed', 'danger'),
  blocked: badge('blocked', 'Blocked', 'warning'),
  cancelled: badge('cancelled', 'Cancelled', 'neutral'),
  completed: badge('completed', 'Completed', 'neutral'),
  unknown: badge('unknown', 'Unknown', 'neutral'),
});

/** The guidance catalog of the specification: key → one English sentence for compact surfaces. */
export const GUIDANCE: Readonly<Record<GuidanceKey, string>> = Object.freeze({
  fresh_queued: 'Waiting to start.',
  fresh_running: 'In progress.',
  past_expected_queued: 'Waiting to start longer than expected. No action needed yet.',
  past_expected_running: 'Running longer than expected. No action needed yet.',
  likely_stale:
    'Past its lifecycle window without finishing. The worker may have stopped; the run will be reconciled automatically.',
  reconciled_failed: 'Marked as failed automatically after it exceeded its lifecycle window.',
  terminal_follow_up: 'Finished with problems. Review the run details.',
  terminal: 'Finished.',
  unknown: 'Status not recognised by this version.',
});

/** Severity of the active freshness states: fresh < past_expected < likely_stale. */
export const FRESHNESS_SEVERITY: Readonly<Record<BackendFreshness, 0 | 1 | 2>> =
  /* @__PURE__ */ Object.freeze({
    fresh: 0,
    past_expected: 1,
    likely_stale: 2,
  });

/**
 * Compares two active freshness states by severity (fresh < past_expected < likely_stale):
 * negative when `a` is calmer than `b`, 0 when equal, positive when `a` is more severe.
 */
export function compareSeverity(a: BackendFreshness, b: BackendFreshness): number {
  return FRESHNESS_SEVERITY[a] - FRESHNESS_SEVERITY[b];
}
