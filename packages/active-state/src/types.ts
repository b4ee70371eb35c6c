/**
 * The Runsight domain model (see the specification, active-state.md).
 * The api-client maps the snake_case wire format to these camelCase types.
 */

export type RunStatus = 'queued' | 'running' | 'completed';
export type RunOutcome =
  'pending' | 'succeeded' | 'partially_succeeded' | 'failed' | 'blocked' | 'cancelled';

/** The backend's own verdict at `evaluatedAt`. Unknown strings are kept (forward compatibility). */
export type BackendFreshness = 'fresh' | 'past_expected' | 'likely_stale';

export interface RunProgress {
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
}

export interface RunLifecycle {
  expectedBy: Date | null;
  staleAfter: Date | null;
  heartbeatTimeoutS: number | null;
}

export interface RunFreshnessVerdict {
  state: BackendFreshness | (string & {});
  evaluatedAt: Date;
}

export interface RunReconciliation {
  reconciledAt: Date;
  reason: string;
  previousStatus: string;
}

export interface OperationRun {
  id: string;
  /** Operation type key, e.g. "inventory.sync". */
  type: string;
  /** Human label from the backend. */
  typeLabel: string | null;
  workspaceId: string;
  /** null: a workspace-level run with no tenant. */
  tenantId: string | null;
  tenantName: string | null;
  status: RunStatus | (string & {});
  outcome: RunOutcome | (string & {});
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  lastHeartbeatAt: Date | null;
  progress: RunProgress | null;
  lifecycle: RunLifecycle | null;
  freshness: RunFreshnessVerdict | null;
  reconciliation: RunReconciliation | null;
  initiator: { name: string } | null;
  failure: { reasonCode: string; message: string } | null;
}

export type RunEventKind =
  'queued' | 'started' | 'heartbeat' | 'progress' | 'completed' | 'reconciled' | 'note';

export interface RunEvent {
  at: Date;
  kind: RunEventKind | (string & {});
  message: string;
}

/** A run with its diagnostic detail (GET /operation-runs/{id}). */
export interface RunDetail extends OperationRun {
  context: Record<string, string | number | boolean>;
  events: RunEvent[];
}

export interface StatusPolicy {
  expectedAfterS: number;
  staleAfterS: number;
}

export interface LifecyclePolicy {
  queued: StatusPolicy;
  running: StatusPolicy & { heartbeatTimeoutS?: number | null };
}

export interface LifecyclePolicies {
  default?: LifecyclePolicy;
  byType?: Record<string, LifecyclePolicy>;
}

export type Freshness =
  'fresh' | 'past_expected' | 'likely_stale' | 'reconciled_failed' | 'terminal' | 'unknown';

export type ProblemClass = 'none' | 'active_stale_attention' | 'terminal_follow_up';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Keys of the badge catalog; `label` is the exact English label from the specification. */
export type BadgeKey =
  | 'queued'
  | 'running'
  | 'past_expected'
  | 'likely_stale'
  | 'reconciled_failed'
  | 'succeeded'
  | 'partially_succeeded'
  | 'failed'
  | 'blocked'
  | 'cancelled'
  | 'completed'
  | 'unknown';

export interface Badge {
  key: BadgeKey;
  label: string;
  tone: Tone;
}

/** Keys of the guidance catalog; message catalogs translate by key. */
export type GuidanceKey =
  | 'fresh_queued'
  | 'fresh_running'
  | 'past_expected_queued'
  | 'past_expected_running'
  | 'likely_stale'
  | 'reconciled_failed'
  | 'terminal_follow_up'
  | 'terminal'
  | 'unknown';

export interface ActiveState {
  freshness: Freshness;
  problemClass: ProblemClass;
  /** Status is queued or running. */
  isActive: boolean;
  badge: Badge;
  /** One English sentence for compact surfaces. */
  guidance: string;
  guidanceKey: GuidanceKey;
  /** Effective deadlines (active runs only). */
  expectedBy: Date | null;
  staleAfter: Date | null;
  /** The next instant at which the result changes with time alone; null when it never will. */
  nextChangeAt: Date | null;
}

export interface DeriveOptions {
  /** The server-corrected clock: a Date or epoch milliseconds. */
  now: Date | number;
  policies?: LifecyclePolicies;
}

export type SummaryTone = 'calm' | 'attention' | 'critical';

export interface ActivitySummary {
  active: number;
  fresh: number;
  pastExpected: number;
  likelyStale: number;
  /** terminal_follow_up runs in the set. */
  followUp: number;
  unknown: number;
  tone: SummaryTone;
  /** e.g. "1 of 3 active operations likely stale". */
  headline: string;
  /** Structured headline so message catalogs can translate it. */
  headlineKey: HeadlineKey;
}

/**
 * The headline's words as data. The keys whose tone follow-up alone can raise (no active run is
 * stale or past expected) carry `followUp`: when it is above 0 the headline names it too
 * ("3 active operations, all on track · 2 need follow-up"), so the words never contradict the
 * tone.
 */
export type HeadlineKey =
  | { key: 'none_active'; followUp: number }
  | { key: 'all_fresh'; active: number; followUp: number }
  | { key: 'some_stale'; count: number; total: number }
  | { key: 'all_stale'; total: number }
  | { key: 'some_past_expected'; count: number; total: number }
  | { key: 'all_past_expected'; total: number }
  /** No active run is stale or past expected, but some have unknown timing (never "on track"). */
  | { key: 'some_unknown'; count: number; total: number; followUp: number }
  | { key: 'all_unknown'; total: number; followUp: number };
