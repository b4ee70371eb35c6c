/**
 * Messages of <ops-list>: part of the ONE catalog (i18n/messages.ts spreads them in).
 * Owned by the ops-list author: add keys to `opsListEn` (as const) and the same keys to `opsListDe`
 * (tsc fails on a missing or extra key). Prefix keys: 'list.…'.
 */
import type { Translation } from './catalog-types.js';

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

export const opsListDe: Translation<typeof opsListEn> = {
  'list.title': 'Vorgänge',
  'list.filters': 'Vorgänge filtern',
  'list.filter_status': 'Status',
  'list.status_all': 'Alle',
  'list.status_active': 'Aktiv',
  'list.status_queued': 'In Warteschlange',
  'list.status_running': 'Läuft',
  'list.status_completed': 'Beendet',
  'list.filter_freshness': 'Aktualität',
  'list.freshness_any': 'Beliebig',
  'list.freshness_fresh': 'Im Plan',
  'list.freshness_past_expected': 'Überfällig',
  'list.freshness_likely_stale': 'Vermutlich hängengeblieben',
  'list.freshness_reconciled_failed': 'Automatisch fehlgeschlagen',
  'list.freshness_terminal': 'Beendet',
  'list.filter_type': 'Typ',
  'list.type_any': 'Alle Typen',
  'list.filter_tenant': 'Mandant',
  'list.tenant_any': 'Alle Mandanten',
  'list.sort': 'Sortierung',
  'list.sort_newest': 'Neueste zuerst',
  'list.sort_attention': 'Handlungsbedarf zuerst',
  'list.col_operation': 'Vorgang',
  'list.col_tenant': 'Mandant',
  'list.col_state': 'Zustand',
  'list.col_created': 'Erstellt / gestartet',
  'list.col_duration': 'Dauer oder Alter',
  'list.col_progress': 'Fortschritt',
  'list.col_initiator': 'Ausgelöst von',
  'list.cell_empty': '—',
  'list.progress_failed_suffix': (p) => `· ${p.failed}`,
  'list.empty': 'Keine Vorgänge entsprechen diesen Filtern.',
  'list.empty_active': 'Keine aktiven Vorgänge',
  'list.count': (p) =>
    `${p.count === 1 ? '1 Vorgang' : `${p.formatted} Vorgänge`}${p.more ? ' angezeigt, weitere verfügbar' : ''}`,
  'list.started': 'gestartet',
  'list.not_started': 'nicht gestartet',
  'list.took': (p) => `dauerte ${p.duration}`,
  'list.new_runs': (p) => (p.count === 1 ? '1 neuer Vorgang' : `${p.count} neue Vorgänge`),
  'list.show_new': (p) =>
    p.count === 1 ? '1 neuen Vorgang anzeigen' : `${p.count} neue Vorgänge anzeigen`,
  'list.pause': 'Live-Aktualisierung anhalten',
  'list.resume': 'Live-Aktualisierung fortsetzen',
  'list.paused': 'Live-Aktualisierung angehalten',
  'list.resumed': 'Live-Aktualisierung fortgesetzt',
  'list.paused_note':
    'Die Live-Aktualisierung ist angehalten. Zustände ändern sich weiter mit der Zeit; neue Vorgänge werden nicht geladen.',
  'list.load_more': 'Mehr laden',
  'list.loading_more': 'Wird geladen…',
  'list.loaded_more': (p) =>
    p.count === 1 ? '1 weiterer Vorgang geladen' : `${p.count} weitere Vorgänge geladen`,
};
