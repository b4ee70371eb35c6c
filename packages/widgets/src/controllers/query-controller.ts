/**
 * QueryController: subscribes its host to a query of the api-client's shared store
 * (`client.watchRuns` / `client.watchRun`).
 *
 * - The query is described by a function evaluated before every update, and whenever the host
 *   reads `data`/`snapshot`/`error`/`loading`/`outdated` (so `willUpdate()`, which Lit runs before
 *   controllers' `hostUpdate`, already sees the current query); when its key, client or interval
 *   changes the controller unsubscribes and subscribes again.
 * - On disconnect it unsubscribes (the store aborts in-flight requests and clears its timers when
 *   the last subscriber of a query leaves). On reconnect it subscribes again.
 * - `outdated` is `handle.isOutdated()`, evaluated at render time. A timer re-renders the host just
 *   after the last success is twice the interval old (the host's ClockController also re-renders
 *   on the coarse tick and when the time source moves), so the marker appears on time.
 * - A new error (the first after a success, or one of another kind/status than the last one
 *   reported) is dispatched as `runsight-error` through `host.emitError`; repeated failures of a
 *   retry loop with the same error are not.
 * - Scope is the api-client's: it drops rows outside the query's workspace/tenant and counts them
 *   (`outOfScope`). The first answer with such rows is reported as a `runsight-error` with code
 *   `out_of_scope`, once per subscription, so a host sees that its backend misbehaves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { outOfScopeError, sameApiError } from '@runsight/api-client';
import type {
  QueryHandle,
  QuerySnapshot,
  RunsightApiError,
  RunsightClient,
} from '@runsight/api-client';

export interface QueryHost extends ReactiveControllerHost, HTMLElement {
  emitError(error: RunsightApiError): void;
  errorResolved?(): void;
}

/** What to subscribe to. `null`: nothing (e.g. a required attribute is missing). */
export interface QuerySource<T> {
  client: RunsightClient;
  /** Identity of the query (without the client); a change re-subscribes. */
  key: string;
  intervalMs: number;
  subscribe(listener: (snapshot: QuerySnapshot<T>) => void): QueryHandle<T>;
  /** Rows of a value the client left out as outside the query's scope. */
  outOfScope?(value: T): number;
}

export class QueryController<T> implements ReactiveController {
  readonly #host: QueryHost;
  readonly #describe: () => QuerySource<T> | null;
  #handle: QueryHandle<T> | null = null;
  #token: object | null = null;
  #outdatedTimer: ReturnType<typeof setTimeout> | null = null;
  #client: RunsightClient | null = null;
  #key: string | null = null;
  #lastError: RunsightApiError | undefined;
  #source: QuerySource<T> | undefined;
  #scopeReported = false;
  #leftOut = 0;
  #snapshot: QuerySnapshot<T> | undefined;

  constructor(host: QueryHost, describe: () => QuerySource<T> | null) {
    this.#host = host;
    this.#describe = describe;
    host.addController(this);
  }

  /** The latest snapshot, or undefined before the first subscription. */
  get snapshot(): QuerySnapshot<T> | undefined {
    this.#sync();
    return this.#snapshot;
  }

  /** Last good value (kept when later requests fail). */
  get data(): T | undefined {
    this.#sync();
    return this.#snapshot?.data;
  }

  /** Error of the latest attempt. */
  get error(): RunsightApiError | undefined {
    this.#sync();
    return this.#snapshot?.error;
  }

  /** Loading with no data yet (render the skeleton). */
  get loading(): boolean {
    this.#sync();
    const s = this.#snapshot;
    return s === undefined || (s.data === undefined && s.status !== 'error');
  }

  /** Whether the data is older than twice the poll interval (the api-client decides). */
  get outdated(): boolean {
    this.#sync();
    return this.#handle !== null && this.#snapshot?.data !== undefined && this.#handle.isOutdated();
  }

  /** Rows of the current data left out as outside the query's scope (0 without data). */
  get outOfScope(): number {
    this.#sync();
    return this.#leftOut;
  }

  /** Whether a request is in flight. */
  get fetching(): boolean {
    return this.#snapshot?.isFetching ?? false;
  }

  /** Refetch now (Retry button); the store resets its backoff. */
  retry(): Promise<void> {
    return this.#handle ? this.#handle.refetch() : Promise.resolve();
  }

  hostConnected(): void {
    // Subscription happens in hostUpdate (the host updates after connecting).
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#unsubscribe();
  }

  #sync(): void {
    if (!this.#host.isConnected) {
      this.#unsubscribe();
      return;
    }
    const source = this.#describe();
    if (!source) {
      this.#unsubscribe();
      this.#snapshot = undefined;
      this.#leftOut = 0;
      return;
    }
    if (this.#handle && source.key === this.#key && source.client === this.#client) return;
    this.#unsubscribe();
    this.#key = source.key;
    this.#client = source.client;
    this.#source = source;
    this.#scopeReported = false;
    // A token, not the handle: the listener may fire synchronously inside subscribe().
    const token = {};
    this.#token = token;
    this.#handle = source.subscribe((snapshot) => {
      if (this.#token === token) this.#onSnapshot(snapshot);
    });
    this.#onSnapshot(this.#handle.getSnapshot(), false);
  }

  #onSnapshot(snapshot: QuerySnapshot<T>, update = true): void {
    this.#snapshot = snapshot;
    const error = snapshot.error;
    if (error && !sameApiError(error, this.#lastError)) {
      this.#lastError = error;
      if (error.kind !== 'aborted') this.#host.emitError(error);
    } else if (!error && this.#lastError) {
      this.#lastError = undefined;
      this.#host.errorResolved?.();
    }
    const { data } = snapshot;
    const leftOut = (this.#leftOut =
      data === undefined ? 0 : (this.#source?.outOfScope?.(data) ?? 0));
    if (leftOut > 0 && !this.#scopeReported) {
      this.#scopeReported = true;
      this.#host.emitError(outOfScopeError(leftOut));
    }
    this.#scheduleOutdatedCheck();
    if (update) this.#host.requestUpdate();
  }

  /**
   * Re-renders the host just after the data would turn outdated, so the marker appears on time
   * (not only on the next coarse tick); the verdict itself stays `handle.isOutdated()`.
   */
  #scheduleOutdatedCheck(): void {
    if (this.#outdatedTimer !== null) clearTimeout(this.#outdatedTimer);
    this.#outdatedTimer = null;
    const handle = this.#handle;
    const client = this.#client;
    if (!handle || !client) return;
    const { intervalMs, lastSuccessServerTime } = handle.getSnapshot();
    if (intervalMs <= 0 || lastSuccessServerTime === null) return;
    const delay = lastSuccessServerTime + 2 * intervalMs - client.clock.now() + 25;
    if (delay <= 0 || delay > 2 ** 31 - 1) return;
    this.#outdatedTimer = setTimeout(() => {
      this.#outdatedTimer = null;
      this.#host.requestUpdate();
    }, delay);
  }

  #unsubscribe(): void {
    const handle = this.#handle;
    this.#handle = null;
    this.#token = null;
    if (this.#outdatedTimer !== null) clearTimeout(this.#outdatedTimer);
    this.#outdatedTimer = null;
    this.#key = null;
    this.#client = null;
    handle?.unsubscribe();
  }
}
