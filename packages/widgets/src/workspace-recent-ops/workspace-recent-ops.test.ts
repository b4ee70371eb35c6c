import { assert, expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  failedRun,
  FIXTURE_NOW,
  freshRunning,
  pastExpectedRunning,
  reconciledFailed,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownStatusRun,
  workspaceRun,
} from '@runsight/api-client/fixtures';
import './workspace-recent-ops.define.js';
import type { WorkspaceRecentOps } from './workspace-recent-ops.js';
import type { SuiteAttrs } from '../testing/element-suite.js';
import { disposeHarnesses, harness, shadow, textOf } from '../testing/harness.js';

const render = (a: SuiteAttrs, limit = 10) =>
  html`<workspace-recent-ops
    workspace=${a.noWorkspace ? '' : 'ws_1'}
    limit=${limit}
    lang=${a.lang ?? 'en'}
    poll-interval=${a.pollInterval ?? 30}
    .client=${a.client}
    .links=${a.links}
  ></workspace-recent-ops>`;

describe('<workspace-recent-ops>', () => {
  afterEach(() => disposeHarnesses());

  const rowsOf = (el: Element) => [...shadow(el).querySelectorAll('[part~="row"]')];

  it('rows carry the tenant name, or "Workspace" for tenantless runs', async () => {
    const h = await harness({ runs: [freshRunning(), workspaceRun()] });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    const tenantOf = (id: string) =>
      shadow(el).querySelector(`[data-run-id="${id}"] .row-tenant`)?.textContent?.trim();
    assert.equal(tenantOf('run_fresh_running'), 'Contoso');
    assert.equal(tenantOf('run_workspace'), 'Workspace');
    await expect(el).to.be.accessible();
  });

  it('summary: counts by freshness and follow-up, tenants affected', async () => {
    const h = await harness({
      runs: [
        staleRunning(),
        staleByHeartbeat({ tenant_id: 't_2', tenant_name: 'Fabrikam' }),
        pastExpectedRunning(),
        freshRunning(),
        failedRun({ tenant_id: 't_3', tenant_name: 'Northwind' }),
        succeededRun(),
        unknownStatusRun(),
      ],
    });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    const summary = shadow(el).querySelector('[part~="summary"]');
    const text = (summary?.textContent ?? '').replace(/\s+/g, ' ');
    assert.include(text, '2 of 4 active operations likely stale');
    assert.include(text, '2 likely stale');
    assert.include(text, '1 past expected');
    assert.include(text, '1 needs follow-up in the last 24 h');
    assert.include(text, '1 on track');
    assert.include(text, '3 tenants affected');
    assert.include(text, '1 unknown');
    const staleLink = summary?.querySelector('[data-count="likely-stale"] a');
    assert.equal(
      staleLink?.getAttribute('href'),
      '#/operations?workspace=ws_1&freshness=likely_stale',
    );
    await expect(el).to.be.accessible();
  });

  it('a reconciled run reads "Reconciled failed" with its guidance and counts as follow-up', async () => {
    const h = await harness({ runs: [reconciledFailed(), freshRunning()] });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    const row = shadow(el).querySelector('[data-run-id="run_reconciled"]');
    assert.isNotNull(row, 'reconciled row shown');
    assert.include(row?.querySelector('[part~="badge"]')?.textContent ?? '', 'Reconciled failed');
    assert.notInclude(row?.textContent ?? '', 'Running');
    assert.include(textOf(el), '1 needs follow-up');
    await expect(el).to.be.accessible();
  });

  it('calm workspace says so', async () => {
    const h = await harness({ runs: [succeededRun()] });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    assert.include(textOf(el), 'No active operations');
    assert.include(textOf(el), 'Nothing needs attention across the workspace.');
  });

  it('shows `limit` rows, newest first, and "Open operations" to the workspace-wide list', async () => {
    const h = await harness({
      runs: [staleRunning(), pastExpectedRunning(), freshRunning(), succeededRun(), failedRun()],
    });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }, 3));
    await h.settled(el);
    assert.lengthOf(rowsOf(el), 3);
    assert.deepEqual(
      rowsOf(el).map((r) => r.getAttribute('data-run-id')),
      ['run_fresh_running', 'run_past_expected_running', 'run_succeeded'],
    );
    const open = [...shadow(el).querySelectorAll('a')].find(
      (a) => a.textContent?.trim() === 'Open operations',
    );
    assert.equal(open?.getAttribute('href'), '#/operations?workspace=ws_1');
  });

  it('rows of another workspace never show', async () => {
    const h = await harness({ runs: [] });
    h.use(
      http.get('/api/operation-runs', () =>
        HttpResponse.json({
          data: [freshRunning(), staleRunning({ id: 'run_foreign', workspace_id: 'ws_2' })],
          meta: { next_cursor: null, server_time: FIXTURE_NOW.toISOString() },
        }),
      ),
    );
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    const ids = rowsOf(el).map((r) => r.getAttribute('data-run-id'));
    assert.deepEqual(ids, ['run_fresh_running']);
    assert.notInclude(textOf(el), 'likely stale');
  });
});
