/**
 * The summary in the client and the shared store (over MSW): URL, mapping, the window it was
 * counted from, ETag/304 reuse, an envelope outside the contract, sharing one request, a 304
 * that notifies nobody, and the failure handlers' `endpoint: 'summary'`.
 */
import { assert } from '@open-wc/testing';
import sinon from 'sinon';
import { http, HttpResponse } from 'msw';
import {
  createClient,
  isRunsightApiError,
  runsSummaryKey,
  type QuerySnapshot,
  type RunsightHttpClient,
  type RunsSummaryResult,
} from './index.js';
import {
  FIXTURE_NOW,
  HOUR,
  errorHandlers,
  failedRun,
  freshRunning,
  pastExpectedRunning,
  requestLog,
  runsHandlers,
  staleRunning,
  wireSummary,
  type WireRun,
} from './fixtures/index.js';
import { waitFor, useFixtureWorker } from './test-support.js';

const SUMMARY = '/api/operation-runs/summary';

let client: RunsightHttpClient;
const worker = useFixtureWorker(() => client?.dispose());

const runs = () => [
  freshRunning(),
  pastExpectedRunning(),
  staleRunning({ tenant_id: 't_2', tenant_name: 'Fabrikam' }),
  failedRun(),
];

describe('client: getSummary', () => {
  it('asks GET /operation-runs/summary with workspace, tenant and completed_since', async () => {
    worker().use(...runsHandlers({ runs: runs() }));
    client = createClient();
    await client.getSummary({
      workspace: 'ws_1',
      tenant: 't_1',
      completedSince: new Date('2026-11-28T12:00:00Z'),
    });
    const url = requestLog.requests.at(-1)!.url;
    assert.strictEqual(url.pathname, SUMMARY);
    assert.strictEqual(
      url.search,
      '?workspace=ws_1&tenant=t_1&completed_since=2026-11-28T12:00:00.000Z',
    );
    assert.strictEqual(requestLog.requests.at(-1)!.handler, 'summary');
    await client.getSummary({ workspace: 'ws_1', tenant: null, completedSince: '' });
    assert.strictEqual(requestLog.requests.at(-1)!.url.search, '?workspace=ws_1');
  });

  it('maps the figures to camelCase and says which window they were counted from', async () => {
    worker().use(...runsHandlers({ runs: runs() }));
    client = createClient();
    const result = await client.getSummary({ workspace: 'ws_1' });
    assert.deepEqual(result, {
      summary: {
        active: 3,
        fresh: 1,
        pastExpected: 1,
        likelyStale: 1,
        unknown: 0,
        followUp: 1,
        needsAttention: 3,
        tenantsAffected: 2,
      },
      meta: {
        serverTime: FIXTURE_NOW,
        completedSince: new Date(FIXTURE_NOW.getTime() - 24 * HOUR),
      },
    });
    // the failed run finished 1 h ago: outside a 30 min window
    const narrow = await client.getSummary({
      workspace: 'ws_1',
      completedSince: new Date(FIXTURE_NOW.getTime() - HOUR / 2),
    });
    assert.strictEqual(narrow.summary.followUp, 0);
    assert.strictEqual(narrow.summary.needsAttention, 2);
    assert.strictEqual(narrow.meta.completedSince?.getTime(), FIXTURE_NOW.getTime() - HOUR / 2);
  });

  it('maps every figure to its own field', async () => {
    const data = {
      active: 1,
      fresh: 2,
      past_expected: 3,
      likely_stale: 4,
      unknown: 5,
      follow_up: 6,
      needs_attention: 7,
      tenants_affected: 8,
    };
    worker().use(http.get(SUMMARY, () => HttpResponse.json({ data })));
    client = createClient();
    assert.deepEqual((await client.getSummary({ workspace: 'ws_1' })).summary, {
      active: 1,
      fresh: 2,
      pastExpected: 3,
      likelyStale: 4,
      unknown: 5,
      followUp: 6,
      needsAttention: 7,
      tenantsAffected: 8,
    });
  });

  it('takes the window from the query when the backend does not say', async () => {
    worker().use(
      http.get(SUMMARY, () => HttpResponse.json({ data: wireSummary({ active: 2, fresh: 2 }) })),
    );
    client = createClient();
    const asked = await client.getSummary({
      workspace: 'ws_1',
      completedSince: '2026-11-28T12:00:00Z',
    });
    assert.strictEqual(asked.meta.completedSince?.toISOString(), '2026-11-28T12:00:00.000Z');
    assert.strictEqual(asked.meta.serverTime, null);
    const unsaid = await client.getSummary({ workspace: 'ws_1' });
    assert.strictEqual(unsaid.meta.completedSince, null);
    assert.strictEqual(unsaid.summary.active, 2);
  });

  it('fetchSummary sends If-None-Match and resolves a 304 to notModified', async () => {
    worker().use(...runsHandlers({ runs: runs() }));
    client = createClient();
    const first = await client.fetchSummary({ workspace: 'ws_1' });
    assert.isFalse(first.notModified);
    assert.match(first.etag ?? '', /^"[0-9a-f]{8}"$/);
    const second = await client.fetchSummary({ workspace: 'ws_1' }, { etag: first.etag });
    assert.isTrue(second.notModified);
    assert.strictEqual(requestLog.requests.at(-1)!.headers.get('if-none-match'), first.etag);
  });

  const broken: [string, unknown][] = [
    ['a missing figure', { data: { active: 1 }, meta: {} }],
    ['a negative count', { data: wireSummary({ active: -1 }) }],
    ['a fractional count', { data: wireSummary({ fresh: 1.5 }) }],
    ['a count as a string', { data: { ...wireSummary(), follow_up: '3' } }],
    ['a list instead of figures', { data: [] }],
    ['a bad completed_since', { data: wireSummary(), meta: { completed_since: 'yesterday' } }],
  ];
  for (const [name, body] of broken) {
    it(`rejects a summary with ${name} as invalid_response`, async () => {
      worker().use(http.get(SUMMARY, () => HttpResponse.json(body as never)));
      client = createClient();
      const error = await client.getSummary({ workspace: 'ws_1' }).catch((e: unknown) => e);
      assert.isTrue(isRunsightApiError(error));
      assert.strictEqual((error as { kind: string }).kind, 'invalid_response');
    });
  }

  it('ignores unknown extra figures (a newer backend)', async () => {
    worker().use(
      http.get(SUMMARY, () =>
        HttpResponse.json({ data: { ...wireSummary({ active: 1 }), paused: 4 } }),
      ),
    );
    client = createClient();
    assert.strictEqual((await client.getSummary({ workspace: 'ws_1' })).summary.active, 1);
  });

  it('errors like every endpoint: 404, and endpoint: "summary" fails only the summary', async () => {
    worker().use(...runsHandlers({ runs: runs() }));
    worker().use(...errorHandlers.notFound({ endpoint: 'summary' }));
    client = createClient();
    const error = await client.getSummary({ workspace: 'ws_1' }).catch((e: unknown) => e);
    assert.strictEqual((error as { kind: string }).kind, 'not_found');
    assert.lengthOf((await client.listRuns({ workspace: 'ws_1' })).runs, 4);
    assert.strictEqual((await client.getRun('ws_1', 'run_failed')).run.id, 'run_failed');
  });

  it('a failing detail leaves the summary alone; the default fails every endpoint', async () => {
    worker().use(...runsHandlers({ runs: runs() }));
    worker().use(...errorHandlers.unavailable({ endpoint: 'detail', once: true }));
    client = createClient();
    assert.strictEqual((await client.getSummary({ workspace: 'ws_1' })).summary.active, 3);
    const detail = await client.getRun('ws_1', 'run_failed').catch((e: unknown) => e);
    assert.strictEqual((detail as { kind: string }).kind, 'unavailable', 'once was not used up');
    worker().use(...errorHandlers.serverError());
    const summary = await client.getSummary({ workspace: 'ws_1' }).catch((e: unknown) => e);
    assert.strictEqual((summary as { kind: string }).kind, 'server');
  });
});

describe('store: watchSummary', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: Date.parse('2026-11-29T12:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
  });
  afterEach(() => clock.restore());

  const count = () => requestLog.count(SUMMARY);
  async function advance(ms: number) {
    await clock.tickAsync(ms);
    await waitFor(() => client.stats().inFlight === 0, { clock });
  }
  function watch(intervalMs: number, query = { workspace: 'ws_1', tenant: 't_1' }) {
    const calls: QuerySnapshot<RunsSummaryResult>[] = [];
    const handle = client.watchSummary(query, { intervalMs }, (s) => calls.push(s));
    return { handle, calls };
  }
  const loaded = (handle: { getSnapshot(): QuerySnapshot<unknown> }) =>
    waitFor(() => handle.getSnapshot().status === 'success' && !handle.getSnapshot().isFetching, {
      clock,
    });

  it('identical summaries share one request and one poll loop; a 304 notifies nobody', async () => {
    // the fixture's server time moves with the fake clock: so does the default window
    worker().use(...runsHandlers({ runs: runs(), serverTime: () => Date.now() }));
    client = createClient({ random: () => 0.5 });
    const a = watch(1000);
    const b = watch(5000, { workspace: 'ws_1', tenant: ' t_1 ' });
    await loaded(a.handle);
    assert.strictEqual(count(), 1);
    assert.strictEqual(client.stats().entries, 1);
    assert.strictEqual(a.handle.getSnapshot().data?.summary.followUp, 1);
    const [callsA, callsB] = [a.calls.length, b.calls.length];
    await advance(1000);
    await advance(1000);
    assert.strictEqual(count(), 3);
    assert.isNotNull(requestLog.requests.at(-1)!.headers.get('if-none-match'));
    assert.strictEqual(a.calls.length, callsA, '304: no notification');
    assert.strictEqual(b.calls.length, callsB);
  });

  it('changed figures notify once with the new value', async () => {
    let rows: WireRun[] = runs();
    worker().use(...runsHandlers({ runs: () => rows }));
    client = createClient({ random: () => 0.5 });
    const { handle, calls } = watch(1000);
    await loaded(handle);
    const n = calls.length;
    rows = [...runs(), staleRunning({ id: 'run_stale_2' })];
    await advance(1000);
    assert.strictEqual(calls.length, n + 1);
    assert.strictEqual(calls.at(-1)!.data!.summary.likelyStale, 1);
    assert.strictEqual(calls.at(-1)!.data!.summary.needsAttention, 3);
  });

  it('keys on scope and window, apart from every list', () => {
    assert.notStrictEqual(
      runsSummaryKey({ workspace: 'ws_1' }),
      runsSummaryKey({ workspace: 'ws_1', tenant: 't_1' }),
    );
    worker().use(...runsHandlers({ runs: runs() }));
    client = createClient();
    watch(0, { workspace: 'ws_1', tenant: 't_1' });
    watch(0, { workspace: 'ws_1', tenant: 't_2' });
    client.watchRuns({ workspace: 'ws_1', tenant: 't_1' }, {}, () => undefined);
    assert.strictEqual(client.stats().entries, 3);
  });
});
