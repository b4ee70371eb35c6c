/**
 * German of `<run-detail>`'s messages (run-detail.messages.ts): part of the lazily loaded German
 * catalog (messages.de.ts), so a page in English never downloads it. Same keys and parameters as
 * `runDetailEn` (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import type { runDetailEn } from './run-detail.messages.js';

export const runDetailDe: Translation<typeof runDetailEn> = {
  'detail.loading': 'Vorgang wird geladen…',
  'detail.back': 'Zurück zu den Vorgängen',
  'detail.id': 'ID',
  'detail.type': 'Typ',
  'detail.tenant': 'Mandant',
  'detail.initiator': 'Gestartet von',
  'detail.stale_title': 'Vermutlich hängengebliebener Vorgang',
  'detail.stale_past': (p) =>
    `Er hat sein Zeitfenster seit ${p.duration} überschritten, ohne fertig zu werden.`,
  'detail.stale_early': 'Sein Worker scheint vor dem Ende des Zeitfensters angehalten zu haben.',
  'detail.expected_finish': 'Erwartetes Ende',
  'detail.expected_start': 'Erwarteter Start',
  'detail.stale_since': 'Zeitfenster überschritten seit',
  'detail.last_heartbeat': 'Letztes Lebenszeichen',
  'detail.no_heartbeat': 'Kein Lebenszeichen empfangen',
  'detail.stale_next':
    'Wie es weitergeht: Das Backend bereinigt den Vorgang automatisch und markiert ihn als fehlgeschlagen, sofern er sich nicht vorher wieder meldet. Hier ist nichts zu tun.',
  'detail.past_title_running': 'Läuft länger als erwartet',
  'detail.past_title_queued': 'Wartet länger als erwartet auf den Start',
  'detail.past_body': (p) =>
    `Noch kein Handlungsbedarf. Ist er bis ${p.time} (${p.relative}) nicht fertig, gilt er als vermutlich hängengeblieben.`,
  'detail.reconciled_title': 'Automatisch fehlgeschlagen',
  'detail.reconciled_body':
    'Automatisch als fehlgeschlagen markiert, nachdem er sein Zeitfenster überschritten hatte.',
  'detail.reconciled_at': 'Bereinigt',
  'detail.reconciled_reason': 'Grund',
  'detail.reconciled_previous': 'Status davor',
  'detail.timeline': 'Zeitverlauf',
  'detail.tl_created': 'Erstellt',
  'detail.tl_started': 'Gestartet',
  'detail.tl_expected_by': 'Erwartet bis',
  'detail.tl_stale_after': 'Hängengeblieben ab',
  'detail.tl_last_heartbeat': 'Letztes Lebenszeichen',
  'detail.tl_completed': 'Beendet',
  'detail.tl_reconciled': 'Bereinigt',
  'detail.progress': 'Fortschritt',
  'detail.processed': 'Verarbeitet',
  'detail.total': 'Gesamt',
  'detail.succeeded': 'Erfolgreich',
  'detail.failed': 'Fehlgeschlagen',
  'detail.total_unknown': 'unbekannt',
  'detail.no_progress': 'Kein Fortschritt gemeldet.',
  'detail.failure': 'Fehler',
  'detail.failure_code': 'Fehlercode',
  'detail.failure_message': 'Meldung',
  'detail.context': 'Kontext',
  'detail.context_empty': 'Keine Kontextwerte.',
  'detail.events': 'Ereignisse',
  'detail.events_empty': 'Keine Ereignisse aufgezeichnet.',
  'detail.event_queued': 'Eingereiht',
  'detail.event_started': 'Gestartet',
  'detail.event_heartbeat': 'Lebenszeichen',
  'detail.event_progress': 'Fortschritt',
  'detail.event_completed': 'Beendet',
  'detail.event_reconciled': 'Bereinigt',
  'detail.event_note': 'Notiz',
  'detail.event_other': (p) => `Sonstiges (${p.kind})`,
  'detail.invalid_events': (p) =>
    p.count === 1
      ? '1 Ereignis konnte nicht gelesen werden und wird nicht angezeigt.'
      : `${p.formatted} Ereignisse konnten nicht gelesen werden und werden nicht angezeigt.`,
  'detail.events_hidden': (p) =>
    `Die neuesten ${p.shown} von ${p.total} Ereignissen werden angezeigt. ${
      p.hidden === 1
        ? '1 früheres Ereignis ist ausgeblendet.'
        : `${p.hiddenFormatted} frühere Ereignisse sind ausgeblendet.`
    }`,
  'detail.show_earlier': 'Frühere Ereignisse anzeigen',
  'detail.status_unknown': (p) => `Status „${p.status}“ wird von dieser Version nicht erkannt.`,
};
