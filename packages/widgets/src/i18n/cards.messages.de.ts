/**
 * German of the three cards' messages (cards.messages.ts): part of the lazily loaded German
 * catalog (messages.de.ts), so a page in English never downloads it. Same keys and parameters as
 * `cardsEn` (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import type { cardsEn } from './cards.messages.js';

export const cardsDe: Translation<typeof cardsEn> = {
  'headline.none_active': () => 'Keine aktiven Vorgänge',
  'headline.all_fresh': (p) =>
    p.active === 1 ? '1 aktiver Vorgang, im Plan' : `${p.active} aktive Vorgänge, alle im Plan`,
  'headline.some_stale': (p) =>
    `${p.count} von ${p.total} aktiven Vorgängen vermutlich hängengeblieben`,
  'headline.all_stale': (p) =>
    p.total === 1
      ? '1 aktiver Vorgang vermutlich hängengeblieben'
      : `Alle ${p.total} aktiven Vorgänge vermutlich hängengeblieben`,
  'headline.some_past_expected': (p) => `${p.count} von ${p.total} aktiven Vorgängen überfällig`,
  'headline.all_past_expected': (p) =>
    p.total === 1 ? '1 aktiver Vorgang überfällig' : `Alle ${p.total} aktiven Vorgänge überfällig`,
  'headline.some_unknown': (p) =>
    `${p.count} von ${p.total} aktiven Vorgängen in unbekanntem Zustand`,
  'headline.all_unknown': (p) =>
    p.total === 1
      ? '1 aktiver Vorgang in unbekanntem Zustand'
      : `Alle ${p.total} aktiven Vorgänge in unbekanntem Zustand`,
  'headline.follow_up': (p) =>
    p.count === 1 ? '1 braucht Nacharbeit' : `${p.count} brauchen Nacharbeit`,

  'activity.title': 'Aktivität',
  'activity.kpis': 'Kennzahlen',
  'activity.kpi_active': 'Aktiv',
  'activity.kpi_past_expected': 'Überfällig',
  'activity.kpi_likely_stale': 'Vermutlich hängengeblieben',
  'activity.kpi_follow_up': 'Nacharbeit, letzte 24\u00a0h',
  'activity.attention_title': 'Braucht Aufmerksamkeit',
  'activity.attention_empty': 'Nichts braucht Aufmerksamkeit.',
  'activity.more_label': (p) =>
    p.count === 1
      ? '+1 weiterer Vorgang braucht Aufmerksamkeit'
      : `+${p.count} weitere Vorgänge brauchen Aufmerksamkeit`,
  'activity.recent_title': 'Letzte Vorgänge',
  'activity.recent_empty': 'Noch keine Vorgänge.',
  'activity.view_all': 'Alle Vorgänge anzeigen',

  'progress.title': 'Aktive Vorgänge',
  'progress.empty': 'Keine aktiven Vorgänge',
  'progress.more_label': (p) =>
    p.count === 1 ? '1 weiterer aktiver Vorgang' : `${p.count} weitere aktive Vorgänge`,

  'recent.title': 'Letzte Vorgänge',
  'recent.empty': 'Noch keine Vorgänge.',
  'recent.summary_title': 'Im gesamten Arbeitsbereich',
  'recent.summary_calm': 'Im Arbeitsbereich braucht nichts Aufmerksamkeit.',
  'recent.tenants_affected': (p) =>
    p.count === 1 ? '1 Mandant betroffen' : `${p.count} Mandanten betroffen`,
  'recent.open': 'Vorgänge öffnen',
  'recent.count_fresh': (p) => `${p.count} im Plan`,
  'recent.count_past_expected': (p) => `${p.count} überfällig`,
  'recent.count_likely_stale': (p) => `${p.count} vermutlich hängengeblieben`,
  'recent.count_follow_up': (p) =>
    `${p.count} ${p.count === 1 ? 'braucht' : 'brauchen'} Nacharbeit (letzte 24\u00a0h)`,
  'recent.count_needs_attention': (p) =>
    `${p.count} ${p.count === 1 ? 'braucht' : 'brauchen'} Aufmerksamkeit`,
  'recent.count_unknown': (p) => `${p.count} unbekannt`,
  'run.last_heartbeat': (p) => `letztes Lebenszeichen ${p.relative}`,
  'run.no_heartbeat': 'noch kein Lebenszeichen',
  'run.more': (p) => (p.count === 1 ? '+1 weiterer' : `+${p.count} weitere`),
};
