/** createClient end to end over MSW: URLs, headers, mapping, tolerance, conditional requests. */
import { assert } from '@open-wc/testing';
import type { OperationRun } from '@runsight/active-state';
import { createClient, type RunsightHttpClient } from './index.js';
import {
  FIXTURE_NOW,
  XSS_STRINGS,
  cancelledRun,
  freshQueued,
  freshRunning,
  malformedInvalidTimestamp,
  malformedMissingId,
  malformedRows,
  malformedWrongType,
  reconciledFailed,
  requestLog,
  runDetail,
  runsHandlers,
  staleRunning,
  unknownFreshnessRun,
  unknownOutcomeRun,
  unknownStatusRun,
  workspaceRun,
  xssRun,
  xssRunDetail,
} from './fixtures/index.js';
import { useFixtureWorker } from './test-support.js';

let client: RunsightHttpClient;
const worker = useFixtureWorker(() => client?.dispose());

const lastUrl = () => requestLog.requests.at(-1)!.url;
const lastHeaders = () => requestLog.requests.at(-1)!.headers;

describe('client: URLs', () => {
  it('builds the list query string exactly as api.md writes it', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    client = createClient();
    await client.listRuns({
      workspace: 'ws_1',
      tenant: 't_1',
      status: ['active'],
      freshness: ['likely_stale', 'past_expected'],
      problem: ['active_stale_attention', 'needs_attention'],
      completedSince: new Date('2026-11-28T06:00:00Z'),
      type: ['inventory.sync', 'backup.create'],
      since: new Date('2026-11-28T12:00:00Z'),
      sort: 'attention',
      limit: 20,
      cursor: 'c20',
    });
    assert.strictEqual(lastUrl().pathname, '/api/operation-runs');
    assert.strictEqual(
      lastUrl().search,
      '?workspace=ws_1&tenant=t_1&status=active&freshness=likely_stale,past_expected' +
        '&problem=active_stale_attention,needs_attention&completed_since=2026-11-28T06:00:00.000Z' +
        '&type=inventory.sync,backup.create' +
        '&since=2026-11-28T12:00:00.000Z&sort=attention&limit=20&cursor=c20',
    );
  });

  it('omits empty parameters', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    client = createClient();
    await client.listRuns({
      workspace: 'ws_1',
      tenant: null,
      status: [],
      freshness: [''],
      type: undefined,
      cursor: null,
      since: '',
    });
    assert.strictEqual(lastUrl().search, '?workspace=ws_1');
  });

  it('percent-encodes values, keeps list commas, passes a since string through', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    client = createClient();
    await client.listRuns({
      workspace: 'ws 1&x',
      type: ['a/b', 'c d'],
      since: '2026-11-28T12:00:00+01:00',
    });
    assert.strictEqual(
      lastUrl().search,
      '?workspace=ws%201%26x&type=a%2Fb,c%20d&since=2026-11-28T12:00:00%2B01:00',
    );
    assert.strictEqual(lastUrl().searchParams.get('workspace'), 'ws 1&x');
  });

  it('URL-encodes the run id and sends the workspace', async () => {
    const id = 'run/1 ?#x';
    worker().use(...runsHandlers({ runs: [freshRunning({ id })] }));
    client = createClient();
    const { run } = await client.getRun('ws_1', id);
    assert.strictEqual(run.id, id);
    assert.strictEqual(lastUrl().pathname, '/api/operation-runs/run%2F1%20%3F%23x');
    assert.strictEqual(lastUrl().search, '?workspace=ws_1');
  });

  it('uses the base URL (trailing slash or absolute)', async () => {
    worker().use(...runsHandlers({ runs: [freshRunning()], baseUrl: '/v2/runsight' }));
    client = createClient({ baseUrl: '/v2/runsight/' });
    assert.strictEqual(client.baseUrl, '/v2/runsight');
    const { runs } = await client.listRuns({ workspace: 'ws_1' });
    assert.lengthOf(runs, 1);
    assert.strictEqual(lastUrl().pathname, '/v2/runsight/operation-runs');

    const absolute = `${location.origin}/abs/api`;
    worker().use(...runsHandlers({ runs: [freshRunning()], baseUrl: absolute }));
    const other = createClient({ baseUrl: absolute });
    await other.getRun('ws_1', 'run_fresh_running');
    assert.strictEqual(
      lastUrl().href,
      `${absolute}/operation-runs/run_fresh_running?workspace=ws_1`,
    );
  });
});

describe('client: headers, fetch and credentials', () => {
  it('sends a headers object on every request, with Accept JSON', async () => {
    worker().use(...runsHandlers({ runs: [freshRunning()] }));
    client = createClient({ headers: { Authorization: 'Bearer abc', 'X-Tenant-Scope': 'ws_1' } });
    await client.listRuns({ workspace: 'ws_1' });
    await client.getRun('ws_1', 'run_fresh_running');
    for (const request of requestLog.requests) {
      assert.strictEqual(request.headers.get('authorization'), 'Bearer abc');
      assert.strictEqual(request.headers.get('x-tenant-scope'), 'ws_1');
      assert.strictEqual(request.headers.get('accept'), 'application/json');
    }
  });

  it('calls an async header function per request (token rotation)', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    let n = 0;
    client = createClient({
      headers: async () => {
        await Promise.resolve();
        return { Authorization: `Bearer token-${++n}` };
      },
    });
    await client.listRuns({ workspace: 'ws_1' });
    await client.listRuns({ workspace: 'ws_1' });
    assert.deepEqual(
      requestLog.requests.map((r) => r.headers.get('authorization')),
      ['Bearer token-1', 'Bearer token-2'],
    );
  });

  it('accepts Headers instances and tuple arrays', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    client = createClient({ headers: () => new Headers({ 'X-A': '1' }) });
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(lastHeaders().get('x-a'), '1');
    const other = createClient({ headers: [['X-B', '2']] });
    await other.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(lastHeaders().get('x-b'), '2');
  });

  it('goes through a fetch wrapper with credentials and a signal', async () => {
    worker().use(...runsHandlers({ runs: [] }));
    const seen: RequestInit[] = [];
    client = createClient({
      credentials: 'include',
      fetch: (input, init) => {
        seen.push(init!);
        return fetch(input, init);
      },
    });
    await client.listRuns({ workspace: 'ws_1' });
    assert.lengthOf(seen, 1);
    assert.strictEqual(seen[0]!.credentials, 'include');
    assert.strictEqual(seen[0]!.method, 'GET');
    assert.instanceOf(seen[0]!.signal, AbortSignal);
    assert.strictEqual(client.stats().requests, 1);
  });
});

describe('client: mapping', () => {
  it('maps every field of a wire run to the domain model', async () => {
    worker().use(...runsHandlers({ runs: [reconciledFailed()] }));
    client = createClient();
    const { runs } = await client.listRuns({ workspace: 'ws_1' });
    const expected: OperationRun = {
      id: 'run_reconciled',
      type: 'backup.create',
      typeLabel: 'Backup',
      workspaceId: 'ws_1',
      tenantId: 't_1',
      tenantName: 'Contoso',
      status: 'completed',
      outcome: 'failed',
      createdAt: new Date('2026-11-29T08:59:40Z'),
      startedAt: new Date('2026-11-29T09:00:00Z'),
      completedAt: new Date('2026-11-29T11:00:00Z'),
      lastHeartbeatAt: new Date('2026-11-29T09:10:00Z'),
      progress: { total: 300, processed: 90, succeeded: 90, failed: 0 },
      lifecycle: {
        expectedBy: new Date('2026-11-29T09:10:00Z'),
        staleAfter: new Date('2026-11-29T10:00:00Z'),
        heartbeatTimeoutS: null,
      },
      freshness: null,
      reconciliation: {
        reconciledAt: new Date('2026-11-29T11:00:00Z'),
        reason: 'Exceeded its lifecycle window without finishing.',
        previousStatus: 'running',
      },
      initiator: { name: 'Ana Admin' },
      failure: {
        reasonCode: 'run.reconciled_stale',
        message: 'Marked as failed automatically after it exceeded its lifecycle window.',
      },
    };
    assert.deepEqual(runs[0], expected);
  });

  it('a row with only the required fields maps absent fields to null', async () => {
    const minimal = {
      id: 'run_min',
      type: 't',
      workspace_id: 'ws_1',
      status: 'queued',
      outcome: 'pending',
      created_at: '2026-11-29T11:59:00Z',
    };
    worker().use(...runsHandlers({ runs: [minimal] }));
    client = createClient();
    const { runs, meta } = await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(meta.invalidRows, 0);
    assert.deepEqual(runs[0], {
      id: 'run_min',
      type: 't',
      typeLabel: null,
      workspaceId: 'ws_1',
      tenantId: null,
      tenantName: null,
      status: 'queued',
      outcome: 'pending',
      createdAt: new Date('2026-11-29T11:59:00Z'),
      startedAt: null,
      completedAt: null,
      lastHeartbeatAt: null,
      progress: null,
      lifecycle: null,
      freshness: null,
      reconciliation: null,
      initiator: null,
      failure: null,
    });
  });

  it('indeterminate progress keeps total null; a workspace run has no tenant', async () => {
    worker().use(
      ...runsHandlers({
        runs: [workspaceRun({ progress: { total: null, processed: 5, succeeded: 5, failed: 0 } })],
      }),
    );
    client = createClient();
    const [run] = (await client.listRuns({ workspace: 'ws_1' })).runs;
    assert.deepEqual(run!.progress, { total: null, processed: 5, succeeded: 5, failed: 0 });
    assert.strictEqual(run!.tenantId, null);
  });

  it('maps a run detail with context and events', async () => {
    worker().use(...runsHandlers({ runs: [staleRunning()] }));
    client = createClient();
    const { run, meta } = await client.getRun('ws_1', 'run_stale_running');
    assert.deepEqual(run.context, { region: 'eu-west-1', batch_size: 200, dry_run: false });
    assert.deepEqual(
      run.events.map((e) => [e.kind, e.at.toISOString()]),
      [
        ['queued', '2026-11-29T09:59:30.000Z'],
        ['started', '2026-11-29T10:00:00.000Z'],
        ['progress', '2026-11-29T10:01:00.000Z'],
        ['heartbeat', '2026-11-29T10:50:00.000Z'],
      ],
    );
    assert.strictEqual(meta.serverTime!.getTime(), FIXTURE_NOW.getTime());
    assert.strictEqual(meta.invalidEvents, 0);
  });

  it('passes hostile strings through verbatim (rendering is the widgets’ job)', async () => {
    worker().use(...runsHandlers({ runs: [xssRun()], detail: { [xssRun().id]: xssRunDetail() } }));
    client = createClient();
    const [run] = (await client.listRuns({ workspace: 'ws_1' })).runs;
    assert.strictEqual(run!.typeLabel, XSS_STRINGS[0]);
    assert.strictEqual(run!.type, 'javascript:alert(1)');
    const { run: detail } = await client.getRun('ws_1', run!.id);
    assert.strictEqual(detail.context[XSS_STRINGS[0]], XSS_STRINGS[2]);
    assert.strictEqual(detail.events[0]!.message, XSS_STRINGS[0]);
  });
});

describe('client: tolerance rules', () => {
  it('keeps unknown status, outcome, freshness.state and event kind strings', async () => {
    const detail = runDetail(unknownStatusRun(), {
      events: [{ at: '2026-11-29T11:00:00Z', kind: 'paused_by_policy', message: 'Paused.' }],
    });
    worker().use(
      ...runsHandlers({
        runs: [unknownStatusRun(), unknownOutcomeRun(), unknownFreshnessRun()],
        detail: { run_unknown_status: detail },
      }),
    );
    client = createClient();
    const { runs, meta } = await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(meta.invalidRows, 0);
    const byId = new Map(runs.map((r) => [r.id, r]));
    assert.strictEqual(byId.get('run_unknown_status')!.status, 'paused');
    assert.strictEqual(byId.get('run_unknown_outcome')!.outcome, 'superseded');
    assert.strictEqual(byId.get('run_unknown_freshness')!.freshness!.state, 'degraded');
    const { run } = await client.getRun('ws_1', 'run_unknown_status');
    assert.strictEqual(run.events[0]!.kind, 'paused_by_policy');
  });

  const cases: [string, () => unknown][] = [
    ['missing id', malformedMissingId],
    ['invalid timestamp', malformedInvalidTimestamp],
    ['wrong type', malformedWrongType],
    ['not an object', () => 42],
    ['null row', () => null],
    ['a timestamp without offset', () => freshQueued({ created_at: '2026-11-29T11:00:00' })],
    ['an impossible date', () => freshQueued({ started_at: '2026-13-45T10:00:00Z' })],
    ['status of the wrong type', () => ({ ...freshQueued(), status: 3 })],
    ['a non-finite count', () => ({ ...freshQueued(), progress: { processed: 'NaN' } })],
  ];
  for (const [name, row] of cases) {
    it(`leaves out and counts a row with ${name}`, async () => {
      worker().use(...runsHandlers({ runs: [freshRunning(), row(), cancelledRun()] }));
      client = createClient();
      const { runs, meta } = await client.listRuns({ workspace: 'ws_1' });
      assert.deepEqual(
        runs.map((r) => r.id),
        ['run_fresh_running', 'run_cancelled'],
      );
      assert.strictEqual(meta.invalidRows, 1);
    });
  }

  it('counts every malformed row of a page', async () => {
    worker().use(...runsHandlers({ runs: [...malformedRows(), freshQueued()] }));
    client = createClient();
    const { runs, meta } = await client.listRuns({ workspace: 'ws_1' });
    assert.lengthOf(runs, 1);
    assert.strictEqual(meta.invalidRows, 4);
  });

  it('leaves out bad events and non-primitive context values of a detail', async () => {
    const detail = {
      ...runDetail(freshRunning()),
      context: { ok: 'yes', n: 3, flag: true, nested: { a: 1 }, nothing: null, list: [1] },
      events: [
        { at: '2026-11-29T11:00:00Z', kind: 'note', message: 'fine' },
        { at: 'not a time', kind: 'note', message: 'bad time' },
        { kind: 'note', message: 'no time' },
        { at: '2026-11-29T11:01:00Z', kind: 'note' },
      ],
    };
    worker().use(...runsHandlers({ detail: () => detail }));
    client = createClient();
    const { run, meta } = await client.getRun('ws_1', 'run_fresh_running');
    assert.deepEqual(run.context, { ok: 'yes', n: 3, flag: true });
    assert.deepEqual(
      run.events.map((e) => e.message),
      ['fine', ''],
    );
    assert.strictEqual(meta.invalidEvents, 2);
  });

  it('ignores unknown extra fields', async () => {
    worker().use(...runsHandlers({ runs: [{ ...freshQueued(), shiny_new_field: { x: 1 } }] }));
    client = createClient();
    const { runs } = await client.listRuns({ workspace: 'ws_1' });
    assert.notProperty(runs[0]!, 'shiny_new_field');
    assert.notProperty(runs[0]!, 'shinyNewField');
  });
});

describe('client: conditional requests', () => {
  it('fetchRuns sends If-None-Match and resolves a 304 to notModified', async () => {
    worker().use(...runsHandlers({ runs: [freshRunning()] }));
    client = createClient();
    const first = await client.fetchRuns({ workspace: 'ws_1' });
    assert.isFalse(first.notModified);
    assert.match(first.etag!, /^"[0-9a-f]{8}"$/);
    const second = await client.fetchRuns({ workspace: 'ws_1' }, { etag: first.etag });
    assert.deepEqual(second, { notModified: true, etag: first.etag });
    assert.strictEqual(lastHeaders().get('if-none-match'), first.etag);
  });

  it('fetchRun too', async () => {
    worker().use(...runsHandlers({ runs: [freshRunning()] }));
    client = createClient();
    const first = await client.fetchRun('ws_1', 'run_fresh_running');
    const second = await client.fetchRun('ws_1', 'run_fresh_running', { etag: first.etag });
    assert.isTrue(second.notModified);
  });

  it('listRuns never sends If-None-Match', async () => {
    worker().use(...runsHandlers({ runs: [freshRunning()] }));
    client = createClient();
    await client.listRuns({ workspace: 'ws_1' });
    await client.listRuns({ workspace: 'ws_1' });
    assert.strictEqual(lastHeaders().get('if-none-match'), null);
  });
});
