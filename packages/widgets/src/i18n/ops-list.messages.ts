/**
 * Messages of <ops-list>: part of the ONE catalog, shipped with the element (English; German in
 * ops-list.messages.de.ts, loaded with the German catalog). Add keys to `opsListEn` (as const) and
 * the same keys to `opsListDe` (tsc fails on a missing or extra key). Prefix keys: 'list.…'.
 */

export const opsListEn = {
  'list.title': 'Operations',
  'list.filters': 'Filter operations',
  'list.filter_status': 'Status',
  'list.status_all': 'All',
  'list.status_active': 'Active',
  'list.status_queued': 'Queued',
  'list.status_running': 'Running',
  'list.status_completed': 'Finished',
  'list.filter_freshness': 'Freshness',
  'list.freshness_any': 'Any',
  'list.freshness_fresh': 'On track',
  'list.freshness_past_expected': 'Past expected',
  'list.freshness_likely_stale': 'Likely stale',
  'list.freshness_reconciled_failed': 'Reconciled failed',
  'list.freshness_terminal': 'Finished',
  'list.filter_problem': 'Problem',
  'list.problem_any': 'Any',
  'list.problem_needs_attention': 'Needs attention',
  'list.problem_terminal_follow_up': 'Needs follow-up',
  'list.problem_active_stale_attention': 'Likely stale',
  'list.filter_completed_since': 'Finished since',
  'list.since_any': 'Any time',
  'list.since_24h': 'Last 24\u00a0h',
  'list.since_7d': 'Last 7 days',
  'list.filter_type': 'Type',
  'list.type_any': 'All types',
  'list.filter_tenant': 'Tenant',
  'list.tenant_any': 'All tenants',
  'list.sort': 'Sort',
  'list.sort_newest': 'Newest first',
  'list.sort_attention': 'Needs attention first',
  'list.col_operation': 'Operation',
  'list.col_tenant': 'Tenant',
  'list.col_state': 'State',
  'list.col_created': 'Created / started',
  'list.col_duration': 'Duration or age',
  'list.col_progress': 'Progress',
  'list.col_initiator': 'Initiator',
  /** An empty cell (no initiator, no progress reported). */
  'list.cell_empty': '—',
  /** After a row's progress counts: the failed count (`failed`: the `run.progress_failed` text). */
  'list.progress_failed_suffix': (p: { failed: string }) => `· ${p.failed}`,
  'list.empty': 'No operations match these filters.',
  'list.empty_active': 'No active operations',
  'list.count': (p: { count: number; formatted: string; more: boolean }) =>
    `${p.count === 1 ? '1 operation' : `${p.formatted} operations`}${p.more ? ' shown, more available' : ''}`,
  'list.started': 'started',
  'list.not_started': 'not started',
  'list.took': (p: { duration: string }) => `took ${p.duration}`,
  'list.new_runs': (p: { count: number }) =>
    p.count === 1 ? '1 new operation' : `${p.count} new operations`,
  'list.show_new': (p: { count: number }) =>
    p.count === 1 ? 'Show 1 new operation' : `Show ${p.count} new operations`,
  'list.pause': 'Pause live updates',
  'list.resume': 'Resume live updates',
  'list.paused': 'Live updates paused',
  'list.resumed': 'Live updates resumed',
  'list.paused_note':
    'Live updates are paused. States still change on time; new operations are not loaded.',
  'list.load_more': 'Load more',
  'list.loading_more': 'Loading more…',
  'list.loaded_more': (p: { count: number }) =>
    p.count === 1 ? '1 more operation loaded' : `${p.count} more operations loaded`,
} as const;
