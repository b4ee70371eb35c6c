/**
 * The shared query store, over real MSW network with sinon fake timers (setTimeout/Date only;
 * waits use the real timers captured in test-support).
 */
import { assert } from '@open-wc/testing';
import sinon from 'sinon';
import { http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import {
  createClient,
  createManualTimeSource,
  type ListRunsResult,
  type QuerySnapshot,
  type RunsightHttpClient,
} from './index.js';
import {
  FIXTURE_WORKSPACE,
  errorHandlers,
  freshQueued,
  freshRunning,
  requestLog,
  runsHandlers,
  staleRunning,
  startFixtureWorker,
  succeededRun,
  type WireRun,
} from './fixtures/index.js';
import { restoreVisibility, setVisibility, settle, waitFor } from './test-support.js';

const LIST = '/api/operation-runs';
const query = { workspace: FIXTURE_WORKSPACE, status: ['active'] };

let worker: SetupWorker;
let clock: sinon.SinonFakeTimers;
let client: RunsightHttpClient;

before(async () => {
  worker = await startFixtureWorker();
});
beforeEach(() => {
  requestLog.reset();
  clock = sinon.useFakeTimers({
    now: Date.parse('2026-11-29T12:00:00Z'),
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
  });
});
afterEach(() => {
  client?.dispose();
  clock.restore();
  restoreVisibility();
  worker.resetHandlers();
});

const count = () => requestLog.count(LIST);
const make = (options: Parameters<typeof createClient>[0] = {}) =>
  (client = createClient({
    random: () => 0.5,
    backoff: { baseMs: 1000, capMs: 8000 },
    ...options,
  }));

/** Advances fake time and lets the requests it triggers finish (real network). */
async function advance(ms: number) {
  await clock.tickAsync(ms);
  await waitFor(() => client.stats().inFlight === 0, { clock });
}

/** Subscribes and records every snapshot delivered. */
function watch(intervalMs: number, q: Parameters<RunsightHttpClient['watchRuns']>[0] = query) {
  const calls: QuerySnapshot<ListRunsResult>[] = [];
  const handle = client.watchRuns(q, { intervalMs }, (s) => calls.push(s));
  return { handle, calls };
}

async function loaded(handle: { getSnapshot(): QuerySnapshot<unknown> }) {
  await waitFor(
    () => handle.getSnapshot().status !== 'loading' && !handle.getSnapshot().isFetching,
    {
      clock,
    },
  );
}

describe('store: sharing', () => {
  it('N identical subscribers make one request and share one poll loop at the shortest interval', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const a = watch(5000);
    const b = watch(1000, { workspace: FIXTURE_WORKSPACE, status: ['running', 'queued'] });
    const c = watch(3000, {
      workspace: FIXTURE_WORKSPACE,
      status: ['queued', 'running', 'queued'],
    });
    await loaded(a.handle);
    assert.strictEqual(count(), 1);
    assert.strictEqual(client.stats().entries, 1);
    assert.strictEqual(client.stats().subscribers, 3);
    assert.strictEqual(a.handle.getSnapshot().intervalMs, 1000);
    assert.strictEqual(c.handle.getSnapshot().data!.runs[0]!.id, 'run_fresh_running');
    for (const s of [a, b, c]) {
      assert.deepEqual(
        s.calls.map((x) => x.status),
        ['loading', 'success'],
      );
    }

    await advance(999);
    assert.strictEqual(count(), 1);
    await advance(1);
    assert.strictEqual(count(), 2);
    await advance(1000);
    assert.strictEqual(count(), 3, 'one loop, not three');
    assert.strictEqual(clock.countTimers(), 1, 'one poll timer');

    b.handle.unsubscribe();
    assert.strictEqual(a.handle.getSnapshot().intervalMs, 3000);
    await advance(2999);
    assert.strictEqual(count(), 3);
    await advance(1);
    assert.strictEqual(count(), 4);
  });

  it('delivers the current snapshot at once to a late subscriber, without a request', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const first = watch(1000);
    await loaded(first.handle);
    await advance(400);
    const late = watch(1000);
    await Promise.resolve();
    assert.strictEqual(late.calls.length, 1);
    assert.strictEqual(late.calls[0]!.status, 'success');
    assert.strictEqual(late.calls[0]!.data, first.handle.getSnapshot().data, 'same data object');
    await settle(clock);
    assert.strictEqual(count(), 1);
    // And the shared loop keeps its phase: the next poll is 1000 ms after the first response.
    await advance(599);
    assert.strictEqual(count(), 1);
    await advance(1);
    assert.strictEqual(count(), 2);
  });

  it('refetches for a late subscriber whose interval says the data is stale', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const first = watch(10_000);
    await loaded(first.handle);
    await advance(3000);
    watch(2000);
    await settle(clock);
    await waitFor(() => client.stats().inFlight === 0, { clock });
    assert.strictEqual(count(), 2);
  });

  it('different queries get separate entries', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const a = watch(0);
    const b = watch(0, { workspace: FIXTURE_WORKSPACE, tenant: 't_1' });
    await loaded(a.handle);
    await loaded(b.handle);
    assert.strictEqual(count(), 2);
    assert.strictEqual(client.stats().entries, 2);
  });
});

describe('store: polling off', () => {
  it('interval 0 loads once and leaves no timer', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const { handle } = watch(0);
    await loaded(handle);
    assert.strictEqual(clock.countTimers(), 0);
    await advance(60_000);
    assert.strictEqual(count(), 1);
    assert.strictEqual(handle.isOutdated(), false);
  });

  it('interval 0 does not retry an error by itself; refetch() does', async () => {
    worker.use(
      ...errorHandlers.serverError({ once: true }),
      ...runsHandlers({ runs: [freshRunning()] }),
    );
    make();
    const { handle } = watch(0);
    await loaded(handle);
    assert.strictEqual(handle.getSnapshot().status, 'error');
    await advance(120_000);
    assert.strictEqual(count(), 1);
    await handle.refetch();
    assert.strictEqual(handle.getSnapshot().status, 'success');
    assert.strictEqual(count(), 2);
  });
});

describe('store: hidden tab', () => {
  it('pauses polling while hidden and refreshes at once when shown', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const { handle } = watch(1000);
    await loaded(handle);
    assert.strictEqual(count(), 1);

    setVisibility('hidden');
    assert.strictEqual(clock.countTimers(), 0, 'poll timer cleared');
    await advance(30_000);
    assert.strictEqual(count(), 1, 'no request while hidden');

    setVisibility('visible');
    await waitFor(() => count() === 2, { clock });
    await waitFor(() => client.stats().inFlight === 0, { clock });
    // …and polls on from there.
    await advance(999);
    assert.strictEqual(count(), 2);
    await advance(1);
    assert.strictEqual(count(), 3);
  });

  it('a poll due while the request is in flight does not fire while hidden', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const { handle } = watch(1000);
    setVisibility('hidden'); // the first load still happens
    await loaded(handle);
    assert.strictEqual(handle.getSnapshot().status, 'success');
    await advance(10_000);
    assert.strictEqual(count(), 1);
  });

  it('showing the tab does not cut a Retry-After short', async () => {
    worker.use(...errorHandlers.unavailable({ retryAfter: 30 }));
    make();
    const { handle } = watch(1000);
    await loaded(handle);
    setVisibility('hidden');
    await advance(5000);
    setVisibility('visible');
    await settle(clock);
    assert.strictEqual(count(), 1);
    await advance(24_999);
    assert.strictEqual(count(), 1);
    await advance(1);
    assert.strictEqual(count(), 2);
  });
});

describe('store: errors and backoff', () => {
  it('backs off exponentially with full jitter up to the cap', async () => {
    worker.use(...errorHandlers.serverError());
    // random 0.5: delays are half of min(8000, 1000·2^n): 500, 1000, 2000, 4000, 4000
    make();
    const { handle } = watch(1000);
    await loaded(handle);
    assert.strictEqual(count(), 1);
    for (const [i, delay] of [500, 1000, 2000, 4000, 4000].entries()) {
      await advance(delay - 1);
      assert.strictEqual(count(), i + 1, `attempt ${i + 2} not before ${delay} ms`);
      await advance(1);
      assert.strictEqual(count(), i + 2, `attempt ${i + 2} at ${delay} ms`);
    }
  });

  it('uses the random source for the jitter (full range)', async () => {
    worker.use(...errorHandlers.serverError());
    const draws = [0, 0.999];
    make({ random: () => draws.shift() ?? 0.5 });
    const { handle } = watch(1000);
    await loaded(handle);
    // First retry: 0 · 1000 = 0 ms.
    await advance(0);
    assert.strictEqual(count(), 2);
    // Second: floor(0.999 · 2000) = 1998 ms.
    await advance(1997);
    assert.strictEqual(count(), 2);
    await advance(1);
    assert.strictEqual(count(), 3);
  });

  for (const [status, handlers, kind] of [
    [429, () => errorHandlers.rateLimited({ retryAfter: 7 }), 'rate_limited'],
    [503, () => errorHandlers.unavailable({ retryAfter: 7 }), 'unavailable'],
  ] as const) {
    it(`never retries sooner than Retry-After (${status})`, async () => {
      worker.use(...handlers());
      make();
      const { handle } = watch(1000);
      await loaded(handle);
      assert.strictEqual(handle.getSnapshot().error!.kind, kind);
      assert.strictEqual(handle.getSnapshot().error!.retryAfterMs, 7000);
      await advance(6999);
      assert.strictEqual(count(), 1);
      await advance(1);
      assert.strictEqual(count(), 2);
    });
  }

  it('a success resets the backoff', async () => {
    worker.use(
      ...errorHandlers.serverError({ once: true, endpoint: 'list' }),
      ...errorHandlers.serverError({ once: true, endpoint: 'list' }),
      ...runsHandlers({ runs: [freshRunning()] }),
    );
    make();
    const { handle } = watch(1000);
    await loaded(handle);
    await advance(500); // 1st retry (0.5 · 1000)
    await advance(1000); // 2nd retry (0.5 · 2000) succeeds
    assert.strictEqual(count(), 3);
    assert.strictEqual(handle.getSnapshot().status, 'success');
    // Back to the normal interval.
    await advance(999);
    assert.strictEqual(count(), 3);
    await advance(1);
    assert.strictEqual(count(), 4);
    // A new failure starts the backoff from the beginning again.
    worker.use(...errorHandlers.serverError({ endpoint: 'list' }));
    await advance(1000);
    assert.strictEqual(count(), 5);
    assert.strictEqual(handle.getSnapshot().status, 'error');
    await advance(499);
    assert.strictEqual(count(), 5);
    await advance(1);
    assert.strictEqual(count(), 6);
  });

  it('refetch() fetches now and resets the backoff', async () => {
    worker.use(...errorHandlers.serverError());
    make();
    const { handle } = watch(1000);
    await loaded(handle);
    await advance(500);
    await advance(1000);
    await advance(2000);
    assert.strictEqual(count(), 4);
    await handle.refetch();
    assert.strictEqual(count(), 5);
    // After refetch's failure, the backoff restarts at attempt 1 (500 ms), not 8000·0.5.
    await advance(499);
    assert.strictEqual(count(), 5);
    await advance(1);
    assert.strictEqual(count(), 6);
  });

  it('keeps the data on error, and notifies error → success even for a 304', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const { handle, calls } = watch(1000);
    await loaded(handle);
    const data = handle.getSnapshot().data;
    worker.use(...errorHandlers.networkError({ once: true, endpoint: 'list' }));
    await advance(1000);
    assert.strictEqual(handle.getSnapshot().status, 'error');
    assert.strictEqual(handle.getSnapshot().error!.kind, 'network');
    assert.strictEqual(handle.getSnapshot().data, data, 'data kept');
    const before = calls.length;
    await advance(500);
    assert.strictEqual(count(), 3);
    assert.strictEqual(requestLog.requests[2]!.headers.get('if-none-match') !== null, true);
    assert.strictEqual(calls.length, before + 1, 'notified once for error → success');
    const last = calls.at(-1)!;
    assert.strictEqual(last.status, 'success');
    assert.strictEqual(last.error, undefined);
    assert.strictEqual(last.data, data, '304: same data object');
  });

  it('repeating the same error does not notify again', async () => {
    worker.use(...errorHandlers.serverError());
    make();
    const { handle, calls } = watch(1000);
    await loaded(handle);
    const afterFirst = calls.length;
    await advance(500);
    await advance(1000);
    assert.strictEqual(count(), 3);
    assert.strictEqual(calls.length, afterFirst);
    assert.deepEqual(
      calls.map((c) => c.status),
      ['loading', 'error'],
    );
  });
});

describe('store: conditional revalidation', () => {
  it('sends If-None-Match; a 304 notifies nobody', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const a = watch(1000);
    const b = watch(1000);
    await loaded(a.handle);
    const callsA = a.calls.length;
    const callsB = b.calls.length;
    const firstSuccess = a.handle.getSnapshot().lastSuccessAt;
    await advance(1000);
    await advance(1000);
    assert.strictEqual(count(), 3);
    const etag = requestLog.requests[0] && requestLog.requests[1]!.headers.get('if-none-match');
    assert.match(etag ?? '', /^"[0-9a-f]{8}"$/);
    assert.strictEqual(a.calls.length, callsA);
    assert.strictEqual(b.calls.length, callsB);
    assert.strictEqual(
      a.handle.getSnapshot().lastSuccessAt,
      firstSuccess! + 2000,
      'freshness of the data still tracked',
    );
  });

  it('an identical 200 body (no ETag) notifies nobody and keeps the data object', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()], etag: false }));
    make();
    const { handle, calls } = watch(1000);
    await loaded(handle);
    const data = handle.getSnapshot().data;
    const n = calls.length;
    await advance(1000);
    assert.strictEqual(count(), 2);
    assert.strictEqual(requestLog.requests[1]!.headers.get('if-none-match'), null);
    assert.strictEqual(calls.length, n);
    assert.strictEqual(handle.getSnapshot().data, data);
  });

  it('changed data notifies once with the new value', async () => {
    let runs: WireRun[] = [freshRunning()];
    worker.use(...runsHandlers({ runs: () => runs }));
    make();
    const { handle, calls } = watch(1000);
    await loaded(handle);
    const n = calls.length;
    runs = [freshRunning(), freshQueued()];
    await advance(1000);
    assert.strictEqual(calls.length, n + 1);
    assert.deepEqual(
      calls.at(-1)!.data!.runs.map((r) => r.id),
      ['run_fresh_queued', 'run_fresh_running'],
    );
  });

  it('a success after the data had become outdated notifies (clears the marker)', async () => {
    const time = createManualTimeSource(Date.parse('2026-11-29T12:00:00Z'));
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make({ timeSource: time });
    const { handle, calls } = watch(1000);
    await loaded(handle);
    setVisibility('hidden');
    time.advance(5000);
    assert.strictEqual(handle.isOutdated(), true);
    const n = calls.length;
    setVisibility('visible');
    await waitFor(() => count() === 2, { clock });
    await waitFor(() => client.stats().inFlight === 0, { clock });
    assert.strictEqual(handle.isOutdated(), false);
    assert.strictEqual(calls.length, n + 1, 'a 304 that ends an outdated period notifies');
  });
});

describe('store: odd answers', () => {
  it('a 304 with nothing to revalidate is an invalid_response error', async () => {
    worker.use(http.get('/api/operation-runs', () => new HttpResponse(null, { status: 304 })));
    make();
    const { handle } = watch(0);
    await loaded(handle);
    assert.strictEqual(handle.getSnapshot().status, 'error');
    assert.strictEqual(handle.getSnapshot().error!.kind, 'invalid_response');
    assert.strictEqual(handle.getSnapshot().data, undefined);
  });
});

describe('store: outdated', () => {
  it('is outdated when the last success is older than twice the interval (time source clock)', async () => {
    const time = createManualTimeSource(Date.parse('2026-11-29T12:00:00Z'));
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make({ timeSource: time });
    const { handle } = watch(1000);
    assert.strictEqual(handle.isOutdated(), false, 'no success yet');
    await loaded(handle);
    assert.strictEqual(handle.getSnapshot().lastSuccessAt, Date.parse('2026-11-29T12:00:00Z'));
    time.advance(2000);
    assert.strictEqual(handle.isOutdated(), false);
    time.advance(1);
    assert.strictEqual(handle.isOutdated(), true);
  });

  it('never outdated with polling off', async () => {
    const time = createManualTimeSource(0);
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make({ timeSource: time });
    const { handle } = watch(0);
    await loaded(handle);
    time.advance(3_600_000);
    assert.strictEqual(handle.isOutdated(), false);
  });
});

describe('store: teardown', () => {
  it('makes no request after the last unsubscribe and leaves no timer', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const a = watch(1000);
    const b = watch(1000);
    await loaded(a.handle);
    a.handle.unsubscribe();
    await advance(1000);
    assert.strictEqual(count(), 2, 'still polling for b');
    b.handle.unsubscribe();
    assert.strictEqual(clock.countTimers(), 0);
    assert.deepEqual(client.stats(), {
      entries: 0,
      subscribers: 0,
      scheduled: 0,
      inFlight: 0,
      requests: 2,
    });
    await advance(60_000);
    assert.strictEqual(count(), 2);
  });

  it('aborts the in-flight request on the last unsubscribe and notifies nobody after', async () => {
    const signals: AbortSignal[] = [];
    worker.use(...errorHandlers.hang());
    make({
      fetch: (input, init) => {
        signals.push(init!.signal!);
        return fetch(input, init);
      },
    });
    const { handle, calls } = watch(1000);
    await waitFor(() => count() === 1, { clock });
    assert.strictEqual(signals[0]!.aborted, false);
    const n = calls.length;
    handle.unsubscribe();
    assert.strictEqual(signals[0]!.aborted, true);
    await settle(clock);
    assert.strictEqual(calls.length, n);
    assert.strictEqual(client.stats().inFlight, 0);
    assert.strictEqual(clock.countTimers(), 0);
  });

  it('a listener that unsubscribes another during notification does not break the loop', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const holder: { other?: { unsubscribe(): void } } = {};
    const seen: string[] = [];
    client.watchRuns(query, { intervalMs: 0 }, (s) => {
      seen.push(`a:${s.status}`);
      if (s.status === 'success') holder.other?.unsubscribe();
    });
    holder.other = client.watchRuns(query, { intervalMs: 0 }, (s) => seen.push(`b:${s.status}`));
    await waitFor(() => seen.includes('a:success'), { clock });
    assert.deepEqual(seen, ['a:loading', 'b:loading', 'a:success']);
  });
});

describe('store: watchRun', () => {
  it('stops polling once the run is completed', async () => {
    let run: WireRun = staleRunning({ id: 'run_1', status: 'running' });
    worker.use(...runsHandlers({ runs: () => [run] }));
    make();
    const calls: string[] = [];
    const handle = client.watchRun(FIXTURE_WORKSPACE, 'run_1', { intervalMs: 1000 }, (s) =>
      calls.push(`${s.status}:${s.data?.run.status ?? '-'}`),
    );
    await loaded(handle);
    await advance(1000);
    assert.strictEqual(requestLog.count('/api/operation-runs/run_1'), 2);
    run = succeededRun({ id: 'run_1' });
    await advance(1000);
    assert.strictEqual(requestLog.count('/api/operation-runs/run_1'), 3);
    assert.strictEqual(handle.getSnapshot().data!.run.status, 'completed');
    assert.strictEqual(clock.countTimers(), 0);
    await advance(60_000);
    // Its data cannot change any more: no "outdated" marker on a finished run's detail.
    assert.strictEqual(handle.isOutdated(), false);
    setVisibility('hidden');
    setVisibility('visible');
    await settle(clock);
    assert.strictEqual(requestLog.count('/api/operation-runs/run_1'), 3);
    assert.deepEqual(calls, ['loading:-', 'success:running', 'success:completed']);
    // An explicit refetch still works.
    await handle.refetch();
    assert.strictEqual(requestLog.count('/api/operation-runs/run_1'), 4);
  });

  it('watchRun of the same run is shared', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    make();
    const a = client.watchRun(FIXTURE_WORKSPACE, 'run_fresh_running', { intervalMs: 0 }, () => {});
    const b = client.watchRun(FIXTURE_WORKSPACE, 'run_fresh_running', { intervalMs: 0 }, () => {});
    await loaded(a);
    assert.strictEqual(b.getSnapshot().data!.run.id, 'run_fresh_running');
    assert.strictEqual(requestLog.count('/api/operation-runs/run_fresh_running'), 1);
  });
});
