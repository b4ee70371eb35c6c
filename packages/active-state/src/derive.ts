import { BADGES, GUIDANCE } from './catalog.js';
import { resolvePolicy } from './policy.js';
import type {
  ActiveState,
  Badge,
  DeriveOptions,
  Freshness,
  GuidanceKey,
  LifecyclePolicies,
  OperationRun,
  ProblemClass,
  RunLifecycle,
  RunStatus,
} from './types.js';

/** Largest absolute epoch-milliseconds value a `Date` can hold. */
const MAX_MS = 8.64e15;

function state(
  freshness: Freshness,
  problemClass: ProblemClass,
  isActive: boolean,
  badge: Badge,
  guidanceKey: GuidanceKey,
): ActiveState {
  return Object.freeze({
    freshness,
    problemClass,
    isActive,
    badge,
    guidance: GUIDANCE[guidanceKey],
    guidanceKey,
    expectedBy: null,
    staleAfter: null,
    nextChangeAt: null,
  });
}

// Results that do not depend on time are shared frozen constants (no allocation per run).
const UNKNOWN = state('unknown', 'none', false, BADGES.unknown, 'unknown');
const UNKNOWN_ACTIVE = state('unknown', 'none', true, BADGES.unknown, 'unknown');
const RECONCILED = state(
  'reconciled_failed',
  'terminal_follow_up',
  false,
  BADGES.reconciled_failed,
  'reconciled_failed',
);
const T_SUCCEEDED = state('terminal', 'none', false, BADGES.succeeded, 'terminal');
const T_PARTIAL = state(
  'terminal',
  'terminal_follow_up',
  false,
  BADGES.partially_succeeded,
  'terminal_follow_up',
);
const T_FAILED = state(
  'terminal',
  'terminal_follow_up',
  false,
  BADGES.failed,
  'terminal_follow_up',
);
const T_BLOCKED = state(
  'terminal',
  'terminal_follow_up',
  false,
  BADGES.blocked,
  'terminal_follow_up',
);
const T_CANCELLED = state('terminal', 'none', false, BADGES.cancelled, 'terminal');
const T_COMPLETED = state('terminal', 'none', false, BADGES.completed, 'terminal');
// The backend's verdict when the client cannot derive one (see `fallback`).
const B_PAST_QUEUED = state(
  'past_expected',
  'none',
  true,
  BADGES.past_expected,
  'past_expected_queued',
);
const B_PAST_RUNNING = state(
  'past_expected',
  'none',
  true,
  BADGES.past_expected,
  'past_expected_running',
);
const B_STALE = state(
  'likely_stale',
  'active_stale_attention',
  true,
  BADGES.likely_stale,
  'likely_stale',
);

const ACTIVE_FRESHNESS = ['fresh', 'past_expected', 'likely_stale'] as const;

/** True when `status` is an active status (queued or running). */
export function isActiveStatus(status: unknown): status is Exclude<RunStatus, 'completed'> {
  return status === 'queued' || status === 'running';
}

/** True when the state needs follow-up after the run finished (`terminal_follow_up`). */
export function isFollowUp(state: ActiveState): boolean {
  return state.problemClass === 'terminal_follow_up';
}

/**
 * Epoch milliseconds of a timestamp field: `null` when absent (null or undefined),
 * NaN when present but not a valid Date.
 */
function timeOf(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  // A Date from another realm (iframe) fails instanceof.
  if (typeof v === 'object' && Object.prototype.toString.call(v) === '[object Date]') {
    return Date.prototype.getTime.call(v as Date);
  }
  return NaN;
}

/** Whole milliseconds of a duration in seconds; NaN when it is not a number. */
function durationMs(s: unknown): number {
  return typeof s === 'number' ? Math.round(s * 1000) : NaN;
}

/** `at + ms`, clamped to the Date range: beyond the latest Date means never (Infinity). */
function addMs(at: number, ms: number): number {
  const t = at + ms;
  if (t > MAX_MS) return Infinity;
  if (t < -MAX_MS) return -MAX_MS;
  return t;
}

/** Severity of the backend's verdict, -1 when absent or an unknown string. */
function backendSeverity(run: OperationRun): number {
  const f: unknown = run.freshness;
  if (f === null || typeof f !== 'object') return -1;
  const s = (f as { state?: unknown }).state;
  return s === 'likely_stale' ? 2 : s === 'past_expected' ? 1 : s === 'fresh' ? 0 : -1;
}

/** Normalises `now` (Date or epoch ms) to epoch ms; NaN when invalid. */
export function toEpochMs(now: unknown): number {
  if (typeof now === 'number') return Number.isFinite(now) ? now : NaN;
  const t = timeOf(now);
  return t === null ? NaN : t;
}

function terminal(outcome: unknown): ActiveState {
  switch (outcome) {
    case 'succeeded':
      return T_SUCCEEDED;
    case 'partially_succeeded':
      return T_PARTIAL;
    case 'failed':
      return T_FAILED;
    case 'blocked':
      return T_BLOCKED;
    case 'cancelled':
      return T_CANCELLED;
    default:
      return T_COMPLETED;
  }
}

/**
 * An active run whose timing cannot be derived (missing/invalid timestamp, invalid clock or
 * policy) is `unknown` — unless the backend already called it late or stale: that verdict
 * never loses severity, so it is kept.
 */
function fallback(run: OperationRun, queued: boolean): ActiveState {
  const b = backendSeverity(run);
  if (b === 2) return B_STALE;
  if (b === 1) return queued ? B_PAST_QUEUED : B_PAST_RUNNING;
  return UNKNOWN_ACTIVE;
}

/** The derivation with `now` already normalised to epoch ms. May throw on hostile input. */
function deriveUnsafe(
  run: OperationRun,
  now: number,
  policies: LifecyclePolicies | undefined,
): ActiveState {
  if (run === null || typeof run !== 'object') return UNKNOWN;
  const status: unknown = run.status;
  if (status === 'completed') {
    const rec: unknown = run.reconciliation;
    return rec !== null && typeof rec === 'object' ? RECONCILED : terminal(run.outcome);
  }
  const queued = status === 'queued';
  if (!queued && status !== 'running') return UNKNOWN;
  if (now !== now) return fallback(run, queued); // NaN clock

  const lcRaw: unknown = run.lifecycle;
  const lc = lcRaw !== null && typeof lcRaw === 'object' ? (lcRaw as Partial<RunLifecycle>) : null;
  let expected = lc === null ? null : timeOf(lc.expectedBy);
  let stale = lc === null ? null : timeOf(lc.staleAfter);

  let policy: unknown = undefined;
  if (expected === null || stale === null) {
    // Reference instant: queued → createdAt; running → startedAt ?? createdAt.
    let ref = queued ? null : timeOf(run.startedAt);
    if (ref === null) ref = timeOf(run.createdAt);
    if (ref === null || ref !== ref) return fallback(run, queued);
    policy = resolvePolicy(run.type, policies);
    const sp: unknown =
      policy !== null && typeof policy === 'object'
        ? (policy as Record<string, unknown>)[queued ? 'queued' : 'running']
        : undefined;
    if (sp === null || typeof sp !== 'object') return fallback(run, queued);
    const p = sp as Record<string, unknown>;
    if (expected === null) expected = addMs(ref, durationMs(p.expectedAfterS));
    if (stale === null) stale = addMs(ref, durationMs(p.staleAfterS));
  }
  if (expected !== expected || stale !== stale) return fallback(run, queued);

  // Heartbeat deadline: only for a running run whose lastHeartbeatAt is not null.
  let heartbeat = Infinity;
  if (!queued) {
    const last = timeOf(run.lastHeartbeatAt);
    if (last !== null) {
      let timeout: unknown = lc === null ? null : lc.heartbeatTimeoutS;
      if (timeout === null || timeout === undefined) {
        if (policy === undefined) policy = resolvePolicy(run.type, policies);
        const rp: unknown =
          policy !== null && typeof policy === 'object'
            ? (policy as Record<string, unknown>).running
            : undefined;
        timeout =
          rp !== null && typeof rp === 'object'
            ? (rp as Record<string, unknown>).heartbeatTimeoutS
            : undefined;
      }
      if (timeout !== null && timeout !== undefined) {
        const ms = durationMs(timeout);
        if (last !== last || ms !== ms) return fallback(run, queued);
        heartbeat = addMs(last, ms);
      }
    }
  }

  // Derived severity (boundaries inclusive), then never calmer than the backend's verdict.
  let sev = now >= stale || now >= heartbeat ? 2 : now >= expected ? 1 : 0;
  const b = backendSeverity(run);
  if (b > sev) sev = b;

  const expectedBy = expected === Infinity ? null : new Date(expected);
  const staleAfter = stale === Infinity ? null : new Date(stale);
  let nextChangeAt: Date | null = null;
  if (sev < 2) {
    // Every deadline that would raise the severity lies after `now` here.
    let next = stale < heartbeat ? stale : heartbeat;
    if (sev === 0 && expected < next) next = expected;
    if (next !== Infinity) {
      nextChangeAt = next === expected ? expectedBy : next === stale ? staleAfter : new Date(next);
    }
  }

  let badge: Badge;
  let guidanceKey: GuidanceKey;
  if (sev === 2) {
    badge = BADGES.likely_stale;
    guidanceKey = 'likely_stale';
  } else if (sev === 1) {
    badge = BADGES.past_expected;
    guidanceKey = queued ? 'past_expected_queued' : 'past_expected_running';
  } else {
    badge = queued ? BADGES.queued : BADGES.running;
    guidanceKey = queued ? 'fresh_queued' : 'fresh_running';
  }
  return {
    freshness: ACTIVE_FRESHNESS[sev as 0 | 1 | 2],
    problemClass: sev === 2 ? 'active_stale_attention' : 'none',
    isActive: true,
    badge,
    guidance: GUIDANCE[guidanceKey],
    guidanceKey,
    expectedBy,
    staleAfter,
    nextChangeAt,
  };
}

/** Internal: derive with a pre-normalised clock (used by the list helpers). Never throws. */
export function deriveAt(
  run: OperationRun,
  nowMs: number,
  policies: LifecyclePolicies | undefined,
): ActiveState {
  try {
    return deriveUnsafe(run, nowMs, policies);
  } catch {
    return UNKNOWN;
  }
}

/**
 * Derives the active state of one run at `now` — the one meaning of "active" every surface
 * shares (spec: active-state.md). Pure and total: never throws, for any input; anything it
 * cannot make sense of gives `unknown`.
 *
 * - `now`: the server-corrected clock, a `Date` or epoch milliseconds.
 * - `policies`: lifecycle policies of the host; see {@link resolvePolicy}.
 *
 * Results for completed and unknown runs are shared frozen objects: treat every result as
 * immutable.
 */
export function deriveActiveState(run: OperationRun, opts: DeriveOptions): ActiveState {
  try {
    const o: Partial<DeriveOptions> | null | undefined = opts;
    return o === null || o === undefined
      ? deriveUnsafe(run, NaN, undefined)
      : deriveUnsafe(run, toEpochMs(o.now), o.policies);
  } catch {
    return UNKNOWN;
  }
}

/**
 * The earliest `nextChangeAt` of a set of derived states, or null: a list surface schedules one
 * timer for it and re-derives then, instead of re-deriving every second.
 */
export function earliestNextChange(states: Iterable<ActiveState>): Date | null {
  let best: Date | null = null;
  for (const s of states) {
    const t = s.nextChangeAt;
    if (t !== null && (best === null || t.getTime() < best.getTime())) best = t;
  }
  return best;
}
