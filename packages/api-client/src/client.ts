/** createClient: the HTTP client of the Runsight contract (api.md). */
import * as v from 'valibot';
import { RunsightApiError, kindForStatus } from './errors.js';
import { createServerClock, systemTimeSource, type ServerClockImpl } from './clock.js';
import { parseRuns } from './mapping.js';
import { inScope } from './scope.js';
import {
  listRunsKey,
  listRunsQueryString,
  runsSummaryKey,
  runsSummaryQueryString,
} from './query.js';
import { listEnvelopeSchema } from './schemas.js';
import { QueryStore, type StoreStats } from './store.js';
import type {
  ClientOptions,
  Fetched,
  GetRunResult,
  HeadersInitLike,
  ListRunsQuery,
  ListRunsResult,
  RequestOptions,
  RunScopeOptions,
  RunsightClient,
  RunsSummaryQuery,
  RunsSummaryResult,
} from './types.js';

export const DEFAULT_BASE_URL = '/api';
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface ClientStats extends StoreStats {
  /** HTTP requests this client has sent (every attempt, any outcome). */
  requests: number;
}

/** What createClient returns: the RunsightClient contract plus diagnostics and teardown. */
export interface RunsightHttpClient extends RunsightClient {
  readonly clock: ServerClockImpl;
  /** Request and store counters, for tests and benchmarks. */
  stats(): ClientStats;
  /** Aborts every request, clears every timer and drops every store entry. */
  dispose(): void;
}

interface RawResponse {
  response: Response;
  /** Parsed JSON body of a 2xx answer; undefined for 304. */
  body: unknown;
  sentAt: number;
  receivedAt: number;
}

const invalid = (message: string, status: number, cause?: unknown) =>
  new RunsightApiError('invalid_response', { status, cause, serverMessage: message });

export function createClient(options: ClientOptions = {}): RunsightHttpClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const timeSource = options.timeSource ?? systemTimeSource;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clockSync = options.clockSync ?? true;
  // Looked up per call (not captured), so a fetch patched later (tests, tracing) is honoured.
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const clock = createServerClock({ timeSource });
  let requests = 0;

  async function resolveHeaders(etag: string | null | undefined): Promise<Headers> {
    const headers = new Headers({ Accept: 'application/json' });
    let extra: HeadersInitLike | undefined;
    try {
      extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    } catch (error) {
      if (error instanceof RunsightApiError) throw error;
      throw new RunsightApiError('unauthorized', {
        cause: error,
        message: 'Could not get the credentials for the request.',
      });
    }
    if (extra) new Headers(extra).forEach((value, name) => headers.set(name, value));
    if (etag) headers.set('If-None-Match', etag);
    return headers;
  }

  function observeClock(
    serverTime: Date | null,
    response: Response,
    sent: number,
    received: number,
  ) {
    if (!clockSync) return;
    if (serverTime) {
      clock.observe(serverTime, sent, received);
      return;
    }
    const header = response.headers.get('Date');
    const at = header ? Date.parse(header) : NaN;
    // Second precision: centre the estimate in its second and widen the window by it, so any
    // meta.server_time sample (a narrower window) wins over it.
    if (!Number.isNaN(at)) clock.observe(new Date(at + 500), sent - 500, received + 500);
  }

  /**
   * One request. A 401 is sent once more, with the headers asked for anew, after
   * `onUnauthorized` (e.g. a token source's `invalidate`) was told of the refused ones.
   */
  async function send(
    path: string,
    opts: RequestOptions = {},
    onUnauthorized: ClientOptions['onUnauthorized'] | null = options.onUnauthorized,
  ): Promise<RawResponse> {
    const callerSignal = opts.signal;
    if (callerSignal?.aborted) throw new RunsightApiError('aborted');
    const headers = await resolveHeaders(opts.etag);
    if (callerSignal?.aborted) throw new RunsightApiError('aborted');

    const controller = new AbortController();
    let reason: 'timeout' | 'aborted' | undefined;
    const onAbort = () => {
      reason ??= 'aborted';
      controller.abort();
    };
    callerSignal?.addEventListener('abort', onAbort);
    const timer =
      timeoutMs > 0 && Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            reason ??= 'timeout';
            controller.abort();
          }, timeoutMs)
        : undefined;
    const failure = (error: unknown) => {
      if (error instanceof RunsightApiError) return error;
      if (reason === 'timeout') return new RunsightApiError('timeout', { cause: error });
      if (reason === 'aborted') return new RunsightApiError('aborted', { cause: error });
      return new RunsightApiError('network', { cause: error });
    };

    try {
      const sentAt = timeSource.now();
      requests++;
      let response: Response;
      try {
        response = await fetchFn(baseUrl + path, {
          method: 'GET',
          headers,
          credentials: options.credentials,
          signal: controller.signal,
          // The store revalidates with its own ETag; the HTTP cache must not answer for it.
          cache: 'no-store',
        });
      } catch (error) {
        throw failure(error);
      }
      const receivedAt = timeSource.now();
      const { status } = response;

      if (status === 304) {
        observeClock(null, response, sentAt, receivedAt);
        return { response, body: undefined, sentAt, receivedAt };
      }

      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }

      if (status < 200 || status > 299) {
        observeClock(null, response, sentAt, receivedAt);
        if (status === 401 && onUnauthorized) {
          await onUnauthorized(headers);
          return send(path, opts, null);
        }
        // The error reader is loaded with the first error answer (a healthy page never needs
        // it); should it fail to load, the status alone still says what kind of error this is.
        throw await import('./error-response.js').then(
          (reader) => reader.errorFromResponse(response, text, clock.now()),
          () => new RunsightApiError(kindForStatus(status), { status }),
        );
      }
      try {
        return { response, body: JSON.parse(text), sentAt, receivedAt };
      } catch (error) {
        throw invalid('The response body is not JSON.', status, error);
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    }
  }

  const fetchRuns = (
    query: ListRunsQuery,
    opts: RequestOptions = {},
  ): Promise<Fetched<ListRunsResult>> =>
    fetchRead(`/operation-runs?${listRunsQueryString(query)}`, opts, (body, status) => {
      const envelope = v.safeParse(listEnvelopeSchema, body);
      if (!envelope.success) {
        throw invalid('The response envelope does not match the contract.', status);
      }
      const meta = envelope.output.meta;
      const parsed = parseRuns(envelope.output.data);
      const runs = parsed.runs.filter((run) => inScope(run, query));
      return {
        runs,
        meta: {
          nextCursor: meta?.next_cursor ?? null,
          serverTime: meta?.server_time ? new Date(meta.server_time) : null,
          invalidRows: parsed.invalidRows,
          outOfScopeRows: parsed.runs.length - runs.length,
        },
      };
    });

  /**
   * One resource read by `read` (the detail's and the summary's readers load with the first
   * answer of their kind: a page that never shows a run detail or a summary never downloads them).
   */
  async function fetchRead<T extends { meta: { serverTime: Date | null } }>(
    path: string,
    opts: RequestOptions,
    read: (body: unknown, status: number) => T | Promise<T>,
  ): Promise<Fetched<T>> {
    const raw = await send(path, opts);
    const etag = raw.response.headers.get('ETag');
    if (raw.body === undefined) {
      return { notModified: true, etag };
    }
    const value = await read(raw.body, raw.response.status);
    observeClock(value.meta.serverTime, raw.response, raw.sentAt, raw.receivedAt);
    return { notModified: false, etag, value };
  }

  const fetchSummary = (
    query: RunsSummaryQuery,
    opts: RequestOptions = {},
  ): Promise<Fetched<RunsSummaryResult>> =>
    fetchRead(`/operation-runs/summary?${runsSummaryQueryString(query)}`, opts, (body, status) =>
      import('./summary-reader.js').then((reader) => reader.readSummary(body, status, query)),
    );

  const fetchRun = (
    workspace: string,
    id: string,
    opts: RequestOptions & RunScopeOptions = {},
  ): Promise<Fetched<GetRunResult>> =>
    fetchRead(
      `/operation-runs/${encodeURIComponent(id)}?workspace=${encodeURIComponent(workspace)}`,
      opts,
      (body, status) =>
        import('./detail.js').then((reader) =>
          reader.readRunDetail(body, status, { workspace, id, tenant: opts.tenant }),
        ),
    );

  const unconditional = async <T>(fetched: Promise<Fetched<T>>): Promise<T> => {
    const result = await fetched;
    // Without an etag in the request a conforming server never answers 304.
    if (result.notModified) throw invalid('Unexpected 304 to an unconditional request.', 304);
    return result.value;
  };

  const store = new QueryStore({
    timeSource,
    clock,
    backoff: options.backoff,
    random: options.random,
    document: options.document === undefined ? globalThis.document : options.document,
  });

  return {
    baseUrl,
    clock,
    policies: options.policies,
    listRuns: (query, opts) => unconditional(fetchRuns(query, { signal: opts?.signal })),
    getRun: (workspace, id, opts) =>
      unconditional(fetchRun(workspace, id, { signal: opts?.signal, tenant: opts?.tenant })),
    getSummary: (query, opts) => unconditional(fetchSummary(query, { signal: opts?.signal })),
    fetchRuns,
    fetchRun,
    fetchSummary,
    watchSummary(query, watchOptions, listener) {
      return store.watch<RunsSummaryResult>(
        {
          key: `summary ${runsSummaryKey(query)}`,
          fetch: (signal, etag) => fetchSummary(query, { signal, etag }),
          // the window's start is part of what a card shows: its follow-up link
          equal: (a, b) =>
            deepEqual(a.summary, b.summary) &&
            deepEqual(a.meta.completedSince, b.meta.completedSince),
        },
        watchOptions,
        listener,
      );
    },
    watchRuns(query, watchOptions, listener) {
      return store.watch<ListRunsResult>(
        {
          key: `runs ${listRunsKey(query)}`,
          fetch: (signal, etag) => fetchRuns(query, { signal, etag }),
          equal: (a, b) =>
            a.meta.nextCursor === b.meta.nextCursor &&
            a.meta.invalidRows === b.meta.invalidRows &&
            a.meta.outOfScopeRows === b.meta.outOfScopeRows &&
            deepEqual(a.runs, b.runs),
        },
        watchOptions,
        listener,
      );
    },
    watchRun(workspace, id, watchOptions, listener) {
      return store.watch<GetRunResult>(
        {
          key: `run ${JSON.stringify([workspace, id, watchOptions.tenant || null])}`,
          fetch: (signal, etag) =>
            fetchRun(workspace, id, { signal, etag, tenant: watchOptions.tenant }),
          equal: (a, b) => a.meta.invalidEvents === b.meta.invalidEvents && deepEqual(a.run, b.run),
          // Terminal run detail does not change any more: stop polling it.
          isFinal: (value) => value.run.status === 'completed',
        },
        watchOptions,
        listener,
      );
    },
    stats: () => ({ ...store.stats(), requests }),
    dispose() {
      store.dispose();
      clock.dispose();
    },
  };
}

/** Structural equality for mapped values: plain objects, arrays, Dates and primitives. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}
