import { assert } from '@open-wc/testing';
import type { ReactiveController } from 'lit';
import { parseRuns, type ListRunsResult, type RunsightClient } from '@runsight/api-client';
import {
  FIXTURE_NOW,
  FIXTURE_WORKSPACE,
  freshRunning,
  staleRunning,
  succeededRun,
  wireRun,
} from '@runsight/api-client/fixtures';
import type { QueryController } from '../controllers/query-controller.js';
import { filtersFromAttributes } from './filters.js';
import { PagedRunsController, type PagedRunsHost } from './paged-runs-controller.js';
import { staticRows } from './static-rows.js';

const NOW = FIXTURE_NOW.getTime();
const scope = { workspace: FIXTURE_WORKSPACE, tenant: null };

function setup(data?: () => ListRunsResult | undefined) {
  const controllers: ReactiveController[] = [];
  const announced: string[] = [];
  const host: PagedRunsHost = {
    isConnected: true,
    resolvedClient: {} as RunsightClient,
    pollIntervalMs: 0,
    emitError: () => undefined,
    addController: (c) => void controllers.push(c),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  let busy = false;
  const pages = new PagedRunsController(host, {
    query: {
      get data() {
        return data?.();
      },
    } as QueryController<ListRunsResult>,
    listQuery: (cursor) => ({ workspace: FIXTURE_WORKSPACE, ...(cursor ? { cursor } : {}) }),
    pageSize: () => 50,
    sort: () => 'newest',
    paused: () => false,
    isStatic: () => data === undefined,
    readerBusy: () => busy,
    announce: (kind, count) => void announced.push(`${kind}:${count}`),
  });
  return { pages, controllers, announced, setBusy: (b: boolean) => (busy = b) };
}

describe('PagedRunsController', () => {
  it('static rows: in scope, filtered and sorted; types and tenants of every row in scope are seen', () => {
    const { runs } = parseRuns([
      freshRunning({ id: 'a', type: 'sync', created_at: '2024-01-01T00:00:00Z' }),
      succeededRun({ id: 'b', type: 'export', created_at: '2024-01-02T00:00:00Z' }),
      wireRun({ id: 'c', workspace_id: 'ws_other' }),
    ]);
    const { pages } = setup();
    const filters = { ...filtersFromAttributes({}), status: ['active'] };
    pages.syncStatic(runs, filters, scope, NOW, undefined);
    assert.deepEqual(
      pages.rows.map((r) => r.id),
      ['a'],
    );
    assert.sameMembers([...pages.seen.types.keys()], ['sync', 'export'], 'seen before filtering');
    const rows = pages.rows;
    pages.syncStatic(runs, filters, scope, NOW, undefined);
    assert.equal(pages.rows, rows, 'same runs and filters: not filtered again');
    pages.syncStatic(runs, filtersFromAttributes({}), scope, NOW, undefined);
    assert.deepEqual(
      pages.rows.map((r) => r.id),
      ['b', 'a'],
      'newest first',
    );
  });

  it('staticRows: the freshness filter and the attention sort come from active-state', () => {
    const { runs } = parseRuns([freshRunning({ id: 'fresh' }), staleRunning({ id: 'stale' })]);
    const stale = { ...filtersFromAttributes({}), freshness: ['likely_stale'] };
    assert.deepEqual(
      staticRows(runs, stale, NOW, undefined).map((r) => r.id),
      ['stale'],
    );
    const attention = { ...filtersFromAttributes({}), sort: 'attention' as const };
    assert.equal(staticRows(runs, attention, NOW, undefined)[0]?.id, 'stale');
  });

  it('merges the first page: new runs in front, held back and announced while the reader is busy', () => {
    let page: ListRunsResult | undefined;
    const { pages, announced, setBusy } = setup(() => page);
    const result = (ids: string[]): ListRunsResult => ({
      runs: parseRuns(
        ids.map((id, i) => wireRun({ id, created_at: new Date(NOW - i * 1000).toISOString() })),
      ).runs,
      meta: { nextCursor: 'c1', serverTime: null, invalidRows: 0, outOfScopeRows: 0 },
    });
    page = result(['r2', 'r1']);
    pages.sync();
    assert.deepEqual(
      pages.rows.map((r) => r.id),
      ['r2', 'r1'],
    );
    assert.equal(pages.cursor, 'c1');
    setBusy(true);
    page = result(['r3', 'r2', 'r1']);
    pages.sync();
    assert.deepEqual(
      pages.rows.map((r) => r.id),
      ['r2', 'r1'],
      'rows do not move',
    );
    assert.equal(pages.pendingCount, 1);
    assert.deepEqual(announced, ['new:1']);
    assert.isTrue(pages.showPending());
    assert.deepEqual(
      pages.rows.map((r) => r.id),
      ['r3', 'r2', 'r1'],
    );
    pages.reset();
    assert.deepEqual(pages.rows, []);
    assert.isNull(pages.cursor);
  });
});
