/**
 * German of `<ops-list>`'s messages (ops-list.messages.ts): part of the lazily loaded German
 * catalog (messages.de.ts), so a page in English never downloads it. Same keys and parameters as
 * `opsListEn` (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import type { opsListEn } from './ops-list.messages.js';

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
  'list.filter_problem': 'Problem',
  'list.problem_any': 'Alle',
  'list.problem_needs_attention': 'Braucht Aufmerksamkeit',
  'list.problem_terminal_follow_up': 'Braucht Nacharbeit',
  'list.problem_active_stale_attention': 'Vermutlich hängengeblieben',
  'list.filter_completed_since': 'Beendet seit',
  'list.since_any': 'Beliebig',
  'list.since_24h': 'Letzte 24\u00a0h',
  'list.since_7d': 'Letzte 7 Tage',
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
