/**
 * Messages of progress (internal/progress.ts): part of the ONE catalog, shipped with the elements
 * that draw progress (<active-run-progress>, <ops-list>, <run-detail>) as part of their own
 * message sections. Add a key to `progressEn` and the same key to `progressDe`
 * (progress.messages.de.ts).
 */

export const progressEn = {
  'run.progress_label': (p: { operation: string }) => `Progress of ${p.operation}`,
  'run.progress_counts': (p: { processed: string; total: string; percent: string }) =>
    `${p.processed} of ${p.total} (${p.percent})`,
  'run.progress_indeterminate': (p: { processed: string }) =>
    `${p.processed} processed, total unknown`,
  'run.progress_failed': (p: { failed: string }) => `${p.failed} failed`,
} as const;
