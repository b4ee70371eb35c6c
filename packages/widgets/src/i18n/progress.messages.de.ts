/**
 * German of the progress messages (progress.messages.ts): part of the lazily loaded German
 * catalog (messages.de.ts), so a page in English never downloads it. Same keys and parameters as
 * `progressEn` (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import type { progressEn } from './progress.messages.js';

export const progressDe: Translation<typeof progressEn> = {
  'run.progress_label': (p) => `Fortschritt von ${p.operation}`,
  'run.progress_counts': (p) => `${p.processed} von ${p.total} (${p.percent})`,
  'run.progress_indeterminate': (p) => `${p.processed} verarbeitet, Gesamtzahl unbekannt`,
  'run.progress_failed': (p) => `${p.failed} fehlgeschlagen`,
};
