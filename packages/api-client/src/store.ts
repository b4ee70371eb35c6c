/**
 * The shared query store behind watchRuns / watchRun.
 *
 * - One entry per query key: N subscribers to the same query share one request and one poll loop;
 *   the loop runs at the shortest interval among them (0: no polling).
 * - Subscribing delivers the current snapshot on a microtask; an entry that already has data is
 *   refetched only when its last response is older than the new subscriber's interval.
 * - Poll and retry timers pause while the document is hidden; showing it refreshes polled entries
 *   at once (never before a pending Retry-After). A first load or refetch() is not held back.
 * - Errors retry with exponential backoff and full jitter, never sooner than Retry-After; a
 *   success resets it. Entries with polling off do not retry by themselves (refetch() does).
 * - Revalidation is conditional (If-None-Match). A 304 or an equal body notifies nobody, unless
 *   the status changes (error → success), the data had become outdated, or a refetch() announced
 *   isFetching.
 * - The last unsubscribe aborts the in-flight request, clears the timers and drops the entry.
 */
import { RunsightApiError, sameApiError } from './errors.js';
import type {
  Fetched,
  QueryHandle,
  QuerySnapshot,
  ServerClock,
  TimeSource,
  WatchOptions,
} from './types.js';

export interface QuerySpec<T> {
  key: string;
  fetch(signal: AbortSignal, etag: string | null): Promise<Fetched<T>>;
  /** Whether two values show the same thing (so a 200 with an equal body notifies nobody). */
  equal(a: T, b: T): boolean;
  /** A value after which polling stops (terminal run detail). */
  isFinal?(value: T): boolean;
}

export interface QueryStoreOptions {
  timeSource: TimeSource;
  clock: ServerClock;
  backoff?: { baseMs?: number; capMs?: number } | undefined;
  random?: (() => number) | undefined;
  document?: Document | null | undefined;
}

export interface StoreStats {
  /** Live entries (distinct queries with subscribers). */
  entries: number;
  /** Subscribers across all entries. */
  subscribers: number;
  /** Entries with a poll or retry timer pending. */
  scheduled: number;
  /** Entries with a request in flight. */
  inFlight: number;
}

interface Subscriber<T> {
  intervalMs: number;
  listener: (snapshot: QuerySnapshot<T>) => void;
  active: boolean;
}

interface Entry<T> {
  spec: QuerySpec<T>;
  snapshot: QuerySnapshot<T>;
  etag: string | null;
  subscribers: Set<Subscriber<T>>;
  controller?: AbortController | undefined;
  inFlight?: Promise<void> | undefined;
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** Wall-clock ms (Date.now, the timers' clock) when the last attempt settled. */
  settledAt: number | null;
  failures: number;
  /** Wall-clock ms before which no automatic attempt is made (Retry-After). */
  notBefore: number;
  /** Wall-clock ms of the planned retry after a failure (jitter drawn once per failure). */
  retryAt: number;
  final?: boolean;
  dropped?: boolean;
}

const DEFAULT_BACKOFF_BASE_MS = 1000;
const DEFAULT_BACKOFF_CAP_MS = 60_000;

/** Full jitter: a uniformly random delay in [0, min(cap, base·2^attempt)). */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

function report(error: unknown) {
  queueMicrotask(() => {
    throw error;
  });
}

export class QueryStore {
  readonly #entries = new Map<string, Entry<unknown>>();
  readonly #timeSource: TimeSource;
  readonly #clock: ServerClock;
  readonly #baseMs: number;
  readonly #capMs: number;
  readonly #random: () => number;
  readonly #doc: Document | null | undefined;
  #listening = false;

  constructor(options: QueryStoreOptions) {
    this.#timeSource = options.timeSource;
    this.#clock = options.clock;
    this.#baseMs = options.backoff?.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.#capMs = options.backoff?.capMs ?? DEFAULT_BACKOFF_CAP_MS;
    this.#random = options.random ?? Math.random;
    this.#doc = options.document;
  }

  watch<T>(
    spec: QuerySpec<T>,
    options: WatchOptions,
    listener: (snapshot: QuerySnapshot<T>) => void,
  ): QueryHandle<T> {
    const intervalMs = Math.max(
      0,
      Number.isFinite(options.intervalMs) ? (options.intervalMs ?? 0) : 0,
    );
    const subscriber: Subscriber<T> = { intervalMs, listener, active: true };
    let entry = this.#entries.get(spec.key) as Entry<T> | undefined;
    const created = !entry;
    if (!entry) {
      entry = {
        spec,
        snapshot: {
          status: 'loading',
          data: undefined,
          error: undefined,
          lastSuccessAt: null,
          lastSuccessServerTime: null,
          isFetching: false,
          intervalMs,
        },
        etag: null,
        subscribers: new Set(),
        settledAt: null,
        failures: 0,
        notBefore: 0,
        retryAt: 0,
      };
      this.#entries.set(spec.key, entry as Entry<unknown>);
      this.#listen();
    }
    const e = entry;
    e.subscribers.add(subscriber);
    this.#updateInterval(e);

    if (created) {
      void this.#run(e, false);
    } else if (!e.inFlight) {
      // An existing idle entry is refetched only if its last response is older than this
      // subscriber's interval; otherwise the poll loop is re-planned for the new shortest interval.
      const stale =
        e.snapshot.status === 'success' &&
        intervalMs > 0 &&
        !e.final &&
        (e.settledAt === null || Date.now() - e.settledAt >= intervalMs);
      if (stale) void this.#run(e, false);
      else this.#schedule(e);
    }

    queueMicrotask(() => {
      if (subscriber.active) this.#deliver(subscriber, e.snapshot);
    });

    return {
      getSnapshot: () => e.snapshot,
      refetch: () => {
        if (e.dropped) return Promise.resolve();
        e.failures = 0;
        e.notBefore = 0;
        return this.#run(e, true);
      },
      isOutdated: () => this.#isOutdated(e),
      unsubscribe: () => {
        if (!subscriber.active) return;
        subscriber.active = false;
        e.subscribers.delete(subscriber);
        if (e.subscribers.size === 0) this.#drop(e);
        else {
          this.#updateInterval(e);
          this.#schedule(e);
        }
      },
    };
  }

  stats(): StoreStats {
    let subscribers = 0;
    let scheduled = 0;
    let inFlight = 0;
    for (const entry of this.#entries.values()) {
      subscribers += entry.subscribers.size;
      if (entry.timer !== undefined) scheduled++;
      if (entry.inFlight) inFlight++;
    }
    return { entries: this.#entries.size, subscribers, scheduled, inFlight };
  }

  dispose(): void {
    for (const entry of [...this.#entries.values()]) {
      for (const subscriber of entry.subscribers) subscriber.active = false;
      entry.subscribers.clear();
      this.#drop(entry);
    }
  }

  // --- internals -----------------------------------------------------------------------------

  #hidden(): boolean {
    return this.#doc?.visibilityState === 'hidden';
  }

  readonly #onVisibility = () => {
    if (this.#hidden()) {
      for (const entry of this.#entries.values()) this.#clearTimer(entry);
      return;
    }
    for (const entry of this.#entries.values()) {
      if (entry.inFlight || entry.final || entry.snapshot.intervalMs <= 0) continue;
      if (entry.notBefore > Date.now()) this.#schedule(entry);
      else void this.#run(entry, false);
    }
  };

  #listen() {
    if (this.#listening || !this.#doc) return;
    this.#doc.addEventListener('visibilitychange', this.#onVisibility);
    this.#listening = true;
  }

  #unlisten() {
    if (!this.#listening || !this.#doc) return;
    this.#doc.removeEventListener('visibilitychange', this.#onVisibility);
    this.#listening = false;
  }

  #isOutdated<T>(entry: Entry<T>): boolean {
    const { intervalMs, lastSuccessAt } = entry.snapshot;
    // A final value (a finished run's detail) no longer changes: it is never outdated.
    if (entry.final || intervalMs <= 0 || lastSuccessAt === null) return false;
    return this.#timeSource.now() - lastSuccessAt > 2 * intervalMs;
  }

  #updateInterval<T>(entry: Entry<T>) {
    let min = 0;
    for (const { intervalMs } of entry.subscribers) {
      if (intervalMs > 0 && (min === 0 || intervalMs < min)) min = intervalMs;
    }
    if (min !== entry.snapshot.intervalMs) entry.snapshot = { ...entry.snapshot, intervalMs: min };
  }

  #clearTimer<T>(entry: Entry<T>) {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  /** (Re)plans the next automatic attempt of an idle entry. */
  #schedule<T>(entry: Entry<T>) {
    this.#clearTimer(entry);
    if (entry.dropped || entry.inFlight || entry.final || this.#hidden()) return;
    const interval = entry.snapshot.intervalMs;
    if (interval <= 0) return;
    const now = Date.now();
    let at: number;
    if (entry.failures > 0) {
      at = entry.retryAt;
    } else {
      at = (entry.settledAt ?? now) + interval;
    }
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        void this.#run(entry, false);
      },
      Math.max(0, at - now),
    );
  }

  #run<T>(entry: Entry<T>, manual: boolean): Promise<void> {
    if (entry.dropped) return Promise.resolve();
    if (entry.inFlight) return entry.inFlight;
    this.#clearTimer(entry);
    const controller = new AbortController();
    entry.controller = controller;
    const announce = manual && !entry.snapshot.isFetching;
    entry.snapshot = { ...entry.snapshot, isFetching: true };
    if (announce) this.#notify(entry);
    const etag = entry.snapshot.data !== undefined ? entry.etag : null;
    const promise = entry.spec
      .fetch(controller.signal, etag)
      .then(
        (result) => {
          if (!entry.dropped) this.#succeed(entry, result, announce);
        },
        (error: unknown) => {
          if (!entry.dropped) this.#fail(entry, error, announce);
        },
      )
      .finally(() => {
        if (entry.controller === controller) entry.controller = undefined;
        entry.inFlight = undefined;
        entry.settledAt = Date.now();
        this.#schedule(entry);
      });
    entry.inFlight = promise;
    return promise;
  }

  #succeed<T>(entry: Entry<T>, result: Fetched<T>, announced: boolean) {
    const previous = entry.snapshot;
    if (result.notModified && previous.data === undefined) {
      // A 304 to a request that had nothing to revalidate: nothing to show.
      const error = new RunsightApiError('invalid_response', { status: 304 });
      this.#fail(entry, error, announced);
      return;
    }
    const wasOutdated = this.#isOutdated(entry);
    entry.failures = 0;
    entry.notBefore = 0;
    if (result.etag !== null || !result.notModified) entry.etag = result.etag;

    let data = previous.data;
    let changed = false;
    if (!result.notModified) {
      if (data === undefined || !entry.spec.equal(data, result.value)) {
        data = result.value;
        changed = true;
      }
      entry.final = entry.spec.isFinal?.(result.value) ?? false;
    }
    entry.snapshot = {
      ...previous,
      status: 'success',
      data,
      error: undefined,
      lastSuccessAt: this.#timeSource.now(),
      lastSuccessServerTime: this.#clock.now(),
      isFetching: false,
    };
    if (changed || previous.status !== 'success' || wasOutdated || announced) this.#notify(entry);
  }

  #fail<T>(entry: Entry<T>, caught: unknown, announced: boolean) {
    const error =
      caught instanceof RunsightApiError
        ? caught
        : new RunsightApiError('network', { cause: caught });
    const previous = entry.snapshot;
    entry.failures++;
    const now = Date.now();
    entry.notBefore = error.retryAfterMs !== undefined ? now + error.retryAfterMs : 0;
    const delay = backoffDelay(entry.failures - 1, this.#baseMs, this.#capMs, this.#random);
    entry.retryAt = Math.max(now + delay, entry.notBefore);
    entry.snapshot = { ...previous, status: 'error', error, isFetching: false };
    if (previous.status !== 'error' || !sameApiError(previous.error, error) || announced) {
      this.#notify(entry);
    }
  }

  #notify<T>(entry: Entry<T>) {
    for (const subscriber of [...entry.subscribers]) this.#deliver(subscriber, entry.snapshot);
  }

  #deliver<T>(subscriber: Subscriber<T>, snapshot: QuerySnapshot<T>) {
    if (!subscriber.active) return;
    try {
      subscriber.listener(snapshot);
    } catch (error) {
      report(error);
    }
  }

  #drop<T>(entry: Entry<T>) {
    entry.dropped = true;
    this.#clearTimer(entry);
    entry.controller?.abort();
    entry.controller = undefined;
    if (this.#entries.get(entry.spec.key) === entry) this.#entries.delete(entry.spec.key);
    if (this.#entries.size === 0) this.#unlisten();
  }
}
