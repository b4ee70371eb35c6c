/**
 * A run's age in words (internal/run-age.ts): part of the ONE catalog, shipped with the elements
 * that show it (the cards and <ops-list>) as part of their sections; German in
 * run-age.messages.de.ts, loaded with the German catalog.
 */
export const runAgeEn = {
  'run.age_created': (p: { relative: string }) => `created ${p.relative}`,
  'run.age_running': (p: { duration: string }) => `running for ${p.duration}`,
  'run.age_queued': (p: { duration: string }) => `queued for ${p.duration}`,
  'run.age_finished': (p: { relative: string }) => `finished ${p.relative}`,
} as const;
