/**
 * Public types of @runsight/api-client. The implementation lives beside this file;
 * the widgets program against these types only.
 */
import type { LifecyclePolicies, OperationRun, RunDetail } from '@runsight/active-state';
import type { RunsightApiError } from './errors.js';

/** Defined with the errors (errors.ts imports nothing from here): re-exported for `types.js` readers. */
export type { ApiErrorKind } from './errors.js';

export type HeadersInitLike = Record<string, string> | Headers | [string, string][];

export interface ClientOptions {
  /** Base URL of the contract, default `/api`. Relative URLs resolve against the document. */
  baseUrl?: string;
  /** A fetch wrapper (auth, tracing…). Default: globalThis.fetch. */
  fetch?: typeof fetch;
  /** Extra request headers, or a (possibly async) function returning them per request. */
  headers?: HeadersInitLike | (() => HeadersInitLike | Promise<HeadersInitLike>);
  /**
   * Called with the headers of a request the server refused with 401; the request is then sent
   * once more, with the headers asked for anew. For a token source: its `invalidate`.
   */
  onUnauthorized?: (refused: Headers) => void | Promise<void>;
  credentials?: RequestCredentials;
  /** Per-request timeout, default 15 000 ms. */
  timeoutMs?: number;
  /** Lifecycle policies used by every derivation of runs from this client. */
  policies?: LifecyclePolicies;
  /**
   * The local time source the server-clock estimate corrects (default `Date.now`).
   * Stories pass a `ManualTimeSource` to freeze or move time without patching Date.
   */
  timeSource?: TimeSource;
  /**
   * Correct the clock from `meta.server_time` / the `Date` header (default true). Stories that
   * freeze time with a manual source and answer with a fixed server time may turn it off.
   */
  clockSync?: boolean;
  /** Error backoff of the query store: delay = random(0, min(capMs, baseMs·2^n)), default 1 s / 60 s. */
  backoff?: { baseMs?: number; capMs?: number };
  /** Random source in [0, 1) for the backoff jitter (tests make it deterministic). */
  random?: () => number;
  /** The document whose visibility pauses polling (default globalThis.document; none in Node). */
  document?: Document | null;
}

export interface TimeSource {
  now(): number;
  /** Optional: notified when time jumps (a manual source moved), so views re-derive. */
  subscribe?(listener: () => void): () => void;
}

/**
 * The list's `problem` filter (api.md): active-state's problem classes `active_stale_attention`
 * (likely stale) and `terminal_follow_up` (finished with problems), and `needs_attention` — likely
 * stale, past expected or follow-up: the set a "needs attention" list shows (and the summary's
 * `needsAttention` counts). Several values: the union.
 */
export type ProblemFilter = 'active_stale_attention' | 'terminal_follow_up' | 'needs_attention';

export interface ListRunsQuery {
  workspace: string;
  tenant?: string | null;
  /** `queued`, `running`, `completed`; `active` is shorthand for queued+running. */
  status?: string[];
  freshness?: string[];
  /** Runs in any of these problem sets. */
  problem?: ProblemFilter[];
  /**
   * Finished runs completed (or reconciled) at or after it; active runs are not affected. A card's
   * follow-up link sends the `completedSince` its summary was counted from.
   */
  completedSince?: Date | string;
  type?: string[];
  since?: Date | string;
  sort?: '-created_at' | 'attention';
  limit?: number;
  cursor?: string | null;
}

export interface ListRunsMeta {
  nextCursor: string | null;
  serverTime: Date | null;
  /** Rows left out because they broke the schema (other than unknown enum strings). */
  invalidRows: number;
  /**
   * Rows left out because they lie outside the query's scope (another workspace; another tenant,
   * or none, for a tenant query): a faulty backend's rows never reach an element.
   */
  outOfScopeRows: number;
}

export interface ListRunsResult {
  runs: OperationRun[];
  meta: ListRunsMeta;
}

/** The scope and follow-up window of a summary (`GET /operation-runs/summary`). */
export interface RunsSummaryQuery {
  workspace: string;
  tenant?: string | null;
  /**
   * Start of the follow-up window. Absent: the server's default, its own time − 24 h; the answer
   * says which instant it used (`meta.completedSince`).
   */
  completedSince?: Date | string;
}

/**
 * A card's figures, exact and counted by the backend at one instant in the caller's scope. Each
 * equals the row count of a list filter at that instant:
 *
 * | figure | list filter (`ListRunsQuery`) |
 * | --- | --- |
 * | `active` | `status: ['active']` |
 * | `fresh`, `pastExpected`, `likelyStale` | `freshness: ['fresh' \| 'past_expected' \| 'likely_stale']` |
 * | `followUp` | `problem: ['terminal_follow_up'], completedSince` |
 * | `needsAttention` | `problem: ['needs_attention'], completedSince` (`sort: 'attention'`) |
 * | `tenantsAffected` | the distinct tenants of that list |
 *
 * with `completedSince` = `meta.completedSince` of the summary.
 */
export interface RunsSummary {
  active: number;
  fresh: number;
  pastExpected: number;
  likelyStale: number;
  /** Active runs whose state cannot be derived. */
  unknown: number;
  /** Finished runs needing follow-up, completed at or after `meta.completedSince`. */
  followUp: number;
  /** likelyStale + pastExpected + followUp. */
  needsAttention: number;
  /** Tenants with at least one needs-attention run (a workspace-level run has no tenant). */
  tenantsAffected: number;
}

export interface RunsSummaryResult {
  summary: RunsSummary;
  meta: {
    serverTime: Date | null;
    /**
     * The start of the follow-up window the figures were counted from: the server's answer, else
     * the query's `completedSince`; null only when neither says (a backend outside the contract).
     */
    completedSince: Date | null;
  };
}

export interface GetRunResult {
  run: RunDetail;
  meta: {
    serverTime: Date | null;
    /** Events left out because they broke the schema (set by this client; optional for fakes). */
    invalidEvents?: number;
  };
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as If-None-Match; a 304 answer resolves to `{ notModified: true }`. */
  etag?: string | null;
}

export type Fetched<T> =
  | { notModified: false; value: T; etag: string | null }
  | { notModified: true; etag: string | null };

/** The corrected clock every derivation uses. */
export interface ServerClock {
  /** Server-corrected epoch milliseconds. */
  now(): number;
  /** Current estimate of server minus local time, in ms. */
  readonly offsetMs: number;
  /** Feed one observation: server time and the request's local send/receive instants. */
  observe(serverTime: Date, sentAt: number, receivedAt: number): void;
  /** Notified when the offset estimate or the time source jumps. */
  subscribe(listener: () => void): () => void;
}

export type QueryStatus = 'loading' | 'success' | 'error';

export interface QuerySnapshot<T> {
  status: QueryStatus;
  /** Last good value; kept when later requests fail. */
  data: T | undefined;
  /** Error of the latest attempt, cleared by the next success. */
  error: RunsightApiError | undefined;
  /** Local epoch ms (time source) of the last success (200 or 304). */
  lastSuccessAt: number | null;
  /** Server-corrected epoch ms of the last success, for "data as of" copy. */
  lastSuccessServerTime: number | null;
  isFetching: boolean;
  /** The shortest poll interval among subscribers, ms (0: no polling). */
  intervalMs: number;
}

export interface WatchOptions {
  /** Poll interval in ms; 0 or absent turns polling off for this subscriber. */
  intervalMs?: number;
}

/**
 * The scope of a run detail beyond its workspace: with `tenant`, a run of another tenant (or of
 * none) is answered as not found, as the backend would answer a tenant-restricted caller.
 */
export interface RunScopeOptions {
  tenant?: string | null;
}

export type Unsubscribe = () => void;

export interface QueryHandle<T> {
  getSnapshot(): QuerySnapshot<T>;
  /** Refetch now (Retry buttons); resets backoff. */
  refetch(): Promise<void>;
  /** Whether the last success is older than twice the interval, on the time source's clock. */
  isOutdated(): boolean;
  unsubscribe: Unsubscribe;
}

export interface RunsightClient {
  readonly baseUrl: string;
  readonly clock: ServerClock;
  readonly policies: LifecyclePolicies | undefined;
  listRuns(query: ListRunsQuery, options?: { signal?: AbortSignal }): Promise<ListRunsResult>;
  getRun(
    workspace: string,
    id: string,
    options?: { signal?: AbortSignal; tenant?: string | null },
  ): Promise<GetRunResult>;
  /** Conditional variants used by the query store (ETag / 304). */
  fetchRuns(query: ListRunsQuery, options?: RequestOptions): Promise<Fetched<ListRunsResult>>;
  fetchRun(
    workspace: string,
    id: string,
    options?: RequestOptions & RunScopeOptions,
  ): Promise<Fetched<GetRunResult>>;
  /**
   * Subscribe to a list query in the shared store: identical queries (same key) share one
   * request and one poll loop. The listener is called on every change of the snapshot, never
   * for an unchanged (304 or equal-ETag) revalidation.
   */
  watchRuns(
    query: ListRunsQuery,
    options: WatchOptions,
    listener: (snapshot: QuerySnapshot<ListRunsResult>) => void,
  ): QueryHandle<ListRunsResult>;
  /** A card's exact figures (`GET /operation-runs/summary`). */
  getSummary(
    query: RunsSummaryQuery,
    options?: { signal?: AbortSignal },
  ): Promise<RunsSummaryResult>;
  /** Conditional variant (ETag / 304) used by the query store. */
  fetchSummary(
    query: RunsSummaryQuery,
    options?: RequestOptions,
  ): Promise<Fetched<RunsSummaryResult>>;
  /**
   * Subscribe to a summary in the shared store (key: `runsSummaryKey(query)`): the same query
   * from several elements makes one request per poll; an unchanged summary costs a 304 and
   * notifies nobody.
   */
  watchSummary(
    query: RunsSummaryQuery,
    options: WatchOptions,
    listener: (snapshot: QuerySnapshot<RunsSummaryResult>) => void,
  ): QueryHandle<RunsSummaryResult>;
  /** Like watchRuns for one run; polling stops by itself once the run is terminal. */
  watchRun(
    workspace: string,
    id: string,
    options: WatchOptions & RunScopeOptions,
    listener: (snapshot: QuerySnapshot<GetRunResult>) => void,
  ): QueryHandle<GetRunResult>;
}
