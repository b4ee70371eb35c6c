/**
 * @runsight/active-state — Runsight's pure domain model and the one derivation of active
 * state (freshness, problem class, badge, guidance, summaries). No DOM, no dependencies.
 */
export type * from './types.js';
export { BADGES, GUIDANCE, FRESHNESS_SEVERITY, compareSeverity } from './catalog.js';
export { DEFAULT_POLICY, resolvePolicy } from './policy.js';
export {
  deriveActiveState,
  earliestNextChange,
  isActiveStatus,
  isFollowUp,
  toEpochMs,
} from './derive.js';
export {
  summarizeActivity,
  summarizeCounts,
  formatHeadline,
  formatHeadlineCore,
  formatFollowUp,
  headlineFollowUp,
} from './summary.js';
export type { ActivityCounts } from './summary.js';
export { sortByAttention, attentionRank } from './attention.js';

/** Package version. */
export const VERSION = '0.1.0';
