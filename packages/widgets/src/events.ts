/**
 * Events dispatched by the Runsight elements. All bubble and are composed (they cross shadow
 * roots), so a host can listen once on `document`.
 */
import type { OperationRun } from '@runsight/active-state';
import type { RunsightApiError } from '@runsight/api-client';

/** Filters of a drill-through to the operations list. */
export interface ListFilters {
  workspace: string;
  tenant?: string;
  status?: string[];
  freshness?: string[];
  /** Problem sets (`active_stale_attention`, `terminal_follow_up`, `needs_attention`): a union. */
  problem?: string[];
  /** ISO-8601: finished runs completed (or reconciled) at or after it; active runs stay. */
  completedSince?: string;
  type?: string[];
  /** The list's order: `attention` (needs attention first) or `newest`. */
  sort?: 'newest' | 'attention';
}

export interface RunsightNavigateDetail {
  /** The href of the link (already checked by `safeHref`). */
  href: string;
  /** What the link opens. */
  target: 'run' | 'list';
  /** The run, for `target: 'run'`. */
  runId?: string;
  /** The list filters, for `target: 'list'`. */
  filters?: ListFilters;
}

/**
 * Dispatched before the browser follows a Runsight link. Cancelable: a single-page host calls
 * `preventDefault()` and routes itself; otherwise the browser follows the `href`.
 */
export class RunsightNavigateEvent extends Event {
  static readonly eventName = 'runsight-navigate' as const;
  readonly detail: RunsightNavigateDetail;
  constructor(detail: RunsightNavigateDetail) {
    super(RunsightNavigateEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

export interface RunsightErrorDetail {
  error: RunsightApiError;
}

/** Dispatched once per new error of an element's data (not on every failed poll of the same error). */
export class RunsightErrorEvent extends Event {
  static readonly eventName = 'runsight-error' as const;
  readonly detail: RunsightErrorDetail;
  constructor(detail: RunsightErrorDetail) {
    super(RunsightErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

export interface RunsightRunFinishedDetail {
  /** The run as last seen: terminal when the backend returned it, else the last active copy. */
  run: OperationRun;
}

/** Dispatched by `<active-run-progress>` when a run it showed as active turns up terminal. */
export class RunsightRunFinishedEvent extends Event {
  static readonly eventName = 'runsight-run-finished' as const;
  readonly detail: RunsightRunFinishedDetail;
  constructor(detail: RunsightRunFinishedDetail) {
    super(RunsightRunFinishedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'runsight-navigate': RunsightNavigateEvent;
    'runsight-error': RunsightErrorEvent;
    'runsight-run-finished': RunsightRunFinishedEvent;
  }
}
