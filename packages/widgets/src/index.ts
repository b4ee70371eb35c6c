/**
 * @runsight/widgets: the Runsight Lit elements. This entry has no side effects: it exports the
 * classes; import `@runsight/widgets/<tag>.define.js` (or `all.define.js`) to register tags.
 */
export {
  RunsightElement,
  DEFAULT_POLL_INTERVAL_S,
  type LinkTarget,
} from './base/runsight-element.js';
export { TenantActivity } from './tenant-activity/tenant-activity.js';
export { ActiveRunProgress } from './active-run-progress/active-run-progress.js';
export { WorkspaceRecentOps } from './workspace-recent-ops/workspace-recent-ops.js';
export { OpsList } from './ops-list/ops-list.js';
export { RunDetailElement } from './run-detail/run-detail.js';
export {
  RunsightNavigateEvent,
  RunsightErrorEvent,
  RunsightRunFinishedEvent,
  type ListFilters,
  type RunsightNavigateDetail,
  type RunsightErrorDetail,
  type RunsightRunFinishedDetail,
} from './events.js';
export { defaultLinkBuilder, safeHref, type LinkBuilder } from './internal/links.js';
export { getSharedClient, setDefaultClient, setDefaultLinkBuilder } from './internal/clients.js';
export { catalogs } from './i18n/catalogs.js';
export {
  languageOf,
  type Messages,
  type MessageKey,
  type SupportedLanguage,
} from './i18n/messages.js';
export { createClient, createManualTimeSource, RunsightApiError } from '@runsight/api-client';
export type { RunsightClient, ClientOptions, ManualTimeSource } from '@runsight/api-client';
