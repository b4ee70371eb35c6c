/**
 * German: a module of its own (`runsight.de.js`), loaded the first time an element resolves a
 * German locale (`loadLanguage` in messages.ts). It holds the core and every element's section
 * (`*.messages.de.ts`), with the same keys and parameters as English (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import { cardsDe } from './cards.messages.de.js';
import type { coreEn, Messages, specEn } from './messages.js';
import { opsListDe } from './ops-list.messages.de.js';
import { progressDe } from './progress.messages.de.js';
import { runAgeDe } from './run-age.messages.de.js';
import { runDetailDe } from './run-detail.messages.de.js';

const specDe: Translation<typeof specEn> = {
  'badge.queued': 'In Warteschlange',
  'badge.running': 'Läuft',
  'badge.past_expected': 'Überfällig',
  'badge.likely_stale': 'Vermutlich hängengeblieben',
  'badge.reconciled_failed': 'Automatisch fehlgeschlagen',
  'badge.succeeded': 'Erfolgreich',
  'badge.partially_succeeded': 'Teilweise erfolgreich',
  'badge.failed': 'Fehlgeschlagen',
  'badge.blocked': 'Blockiert',
  'badge.cancelled': 'Abgebrochen',
  'badge.completed': 'Abgeschlossen',
  'badge.unknown': 'Unbekannt',

  'guidance.fresh_queued': 'Wartet auf den Start.',
  'guidance.fresh_running': 'Wird ausgeführt.',
  'guidance.past_expected_queued':
    'Wartet länger als erwartet auf den Start. Noch kein Handlungsbedarf.',
  'guidance.past_expected_running': 'Läuft länger als erwartet. Noch kein Handlungsbedarf.',
  'guidance.likely_stale':
    'Hat sein Zeitfenster überschritten, ohne fertig zu werden. Der Worker wurde vielleicht beendet; der Lauf wird automatisch bereinigt.',
  'guidance.reconciled_failed':
    'Automatisch als fehlgeschlagen markiert, nachdem er sein Zeitfenster überschritten hatte.',
  'guidance.terminal_follow_up': 'Mit Problemen beendet. Bitte die Details des Laufs prüfen.',
  'guidance.terminal': 'Beendet.',
  'guidance.unknown': 'Status wird von dieser Version nicht erkannt.',
  'error.network': 'Sie sind offline, oder der Server ist nicht erreichbar.',
  'error.timeout': 'Der Server hat zu lange nicht geantwortet.',
  'error.aborted': 'Die Anfrage wurde abgebrochen.',
  'error.unauthorized': 'Sie sind nicht angemeldet, oder Ihre Sitzung ist abgelaufen.',
  'error.not_found': 'Nicht gefunden, oder Sie haben keinen Zugriff.',
  'error.bad_request': 'Der Server hat die Anfrage nicht angenommen.',
  'error.rate_limited': 'Zu viele Anfragen. Neuer Versuch in Kürze.',
  'error.unavailable': 'Der Server ist gerade nicht verfügbar. Neuer Versuch in Kürze.',
  'error.server': 'Auf dem Server ist ein Fehler aufgetreten.',
  'error.invalid_response': 'Der Server hat eine unerwartete Antwort gesendet.',
};

const coreDe: Translation<typeof coreEn> = {
  'error.not_found_run': 'Vorgang nicht gefunden, oder Sie haben keinen Zugriff darauf.',
  'error.unknown': 'Beim Laden der Vorgänge ist etwas schiefgegangen.',
  'error.retry': 'Erneut versuchen',
  'error.retrying': 'Neuer Versuch…',
  'error.earlier_data': 'Angezeigt werden die zuletzt geladenen Daten.',

  'state.loading': 'Vorgänge werden geladen…',
  'state.outdated': (p) =>
    `Daten von ${p.time}, ${p.relative} — Verbindung wird wiederhergestellt…`,
  'state.invalid_rows': (p) =>
    p.count === 1
      ? '1 Zeile konnte nicht gelesen werden und wird nicht angezeigt.'
      : `${p.count} Zeilen konnten nicht gelesen werden und werden nicht angezeigt.`,
  'state.out_of_scope_rows': (p) =>
    p.count === 1
      ? '1 Vorgang außerhalb dieser Ansicht wurde ausgelassen.'
      : `${p.count} Vorgänge außerhalb dieser Ansicht wurden ausgelassen.`,
  'state.missing_attribute': (p) =>
    `<${p.element}> braucht ein Attribut „${p.attribute}“, um etwas anzuzeigen.`,
  'state.announce_stale': (p) =>
    p.tenant
      ? `${p.operation} für ${p.tenant} ist vermutlich hängengeblieben`
      : `${p.operation} ist vermutlich hängengeblieben`,
  'state.announce_stale_many': (p) => `${p.count} Vorgänge sind vermutlich hängengeblieben`,

  'run.workspace': 'Arbeitsbereich',
};

/**
 * The whole German catalog: the core and every element's section (one module, loaded once when
 * an element first resolves German; an English page downloads none of it).
 */
export const de: Messages = {
  ...specDe,
  ...coreDe,
  ...cardsDe,
  ...progressDe,
  ...runAgeDe,
  ...opsListDe,
  ...runDetailDe,
};
