import { assert } from '@open-wc/testing';
import type { SetupWorker } from 'msw/browser';
import { createClient, isRunsightApiError, type RunsightHttpClient } from './index.js';
import {
  FIXTURE_NOW,
  FIXTURE_WORKSPACE,
  errorHandlers,
  freshQueued,
  freshRunning,
  malformedRows,
  requestLog,
  runsHandlers,
  staleRunning,
  startFixtureWorker,
  unknownStatusRun,
} from './fixtures/index.js';

let worker: SetupWorker;
let client: RunsightHttpClient;

before(async () => {
  worker = await startFixtureWorker();
});
beforeEach(() => {
  requestLog.reset();
});
afterEach(() => {
  client?.dispose();
  worker.resetHandlers();
});

describe('createClient: listRuns', () => {
  it('maps rows to domain objects and reports meta', async () => {
    worker.use(...runsHandlers({ runs: [staleRunning(), freshQueued(), ...malformedRows()] }));
    client = createClient();
    const result = await client.listRuns({ workspace: FIXTURE_WORKSPACE });
    assert.deepEqual(
      result.runs.map((r) => r.id),
      ['run_fresh_queued', 'run_stale_running'],
    );
    const stale = result.runs[1]!;
    assert.instanceOf(stale.startedAt, Date);
    assert.strictEqual(stale.startedAt!.toISOString(), '2026-11-29T10:00:00.000Z');
    assert.strictEqual(stale.lifecycle!.staleAfter!.toISOString(), '2026-11-29T11:00:00.000Z');
    assert.deepEqual(stale.freshness, {
      state: 'likely_stale',
      evaluatedAt: FIXTURE_NOW,
    });
    assert.strictEqual(stale.tenantName, 'Contoso');
    assert.strictEqual(result.meta.invalidRows, 4);
    assert.strictEqual(result.meta.nextCursor, null);
    assert.strictEqual(result.meta.serverTime!.toISOString(), FIXTURE_NOW.toISOString());
  });

  it('keeps unknown status strings', async () => {
    worker.use(...runsHandlers({ runs: [unknownStatusRun()] }));
    client = createClient();
    const result = await client.listRuns({ workspace: FIXTURE_WORKSPACE });
    assert.strictEqual(result.runs[0]!.status, 'paused');
  });

  it('maps a 401 to unauthorized', async () => {
    worker.use(...errorHandlers.unauthorized());
    client = createClient();
    const error = await client.listRuns({ workspace: FIXTURE_WORKSPACE }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.strictEqual(isRunsightApiError(error), true);
    assert.strictEqual((error as { kind: string }).kind, 'unauthorized');
  });
});

describe('createClient: watchRuns', () => {
  it('shares one request among identical subscribers', async () => {
    worker.use(...runsHandlers({ runs: [freshRunning()] }));
    client = createClient();
    const seen: string[] = [];
    const handles = [1, 2, 3].map((n) =>
      client.watchRuns(
        { workspace: FIXTURE_WORKSPACE, status: ['active'] },
        { intervalMs: 0 },
        (s) => seen.push(`${n}:${s.status}`),
      ),
    );
    await handles[0]!.refetch();
    assert.strictEqual(requestLog.count('/api/operation-runs'), 1);
    assert.strictEqual(handles[2]!.getSnapshot().data!.runs[0]!.id, 'run_fresh_running');
    assert.strictEqual(seen.filter((s) => s.endsWith('success')).length, 3);
    handles.forEach((h) => h.unsubscribe());
    assert.strictEqual(client.stats().entries, 0);
  });
});

describe('createClient: watchRun', () => {
  it('loads a run detail with context and events', async () => {
    worker.use(...runsHandlers({ runs: [staleRunning()] }));
    client = createClient();
    const handle = client.watchRun(
      FIXTURE_WORKSPACE,
      'run_stale_running',
      { intervalMs: 0 },
      () => {},
    );
    await handle.refetch();
    const snapshot = handle.getSnapshot();
    assert.strictEqual(snapshot.status, 'success');
    assert.strictEqual(snapshot.data!.run.id, 'run_stale_running');
    assert.deepEqual(snapshot.data!.run.context, {
      region: 'eu-west-1',
      batch_size: 200,
      dry_run: false,
    });
    assert.deepEqual(
      snapshot.data!.run.events.map((e) => e.kind),
      ['queued', 'started', 'progress', 'heartbeat'],
    );
    handle.unsubscribe();
  });
});
