/**
 * German of a run's age in words (run-age.messages.ts): part of the lazily loaded German catalog
 * (messages.de.ts). Same keys and parameters as `runAgeEn` (tsc checks).
 */
import type { Translation } from './catalog-types.js';
import type { runAgeEn } from './run-age.messages.js';

export const runAgeDe: Translation<typeof runAgeEn> = {
  'run.age_created': (p) => `erstellt ${p.relative}`,
  'run.age_running': (p) => `läuft seit ${p.duration}`,
  'run.age_queued': (p) => `wartet seit ${p.duration}`,
  'run.age_finished': (p) => `beendet ${p.relative}`,
};
