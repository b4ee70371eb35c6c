import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  errorHandlers,
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

  it('summary: counts by freshness and follow-up, needs attention, tenants affected; each count of runs links to exactly its set', async () => {
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
    assert.include(text, '4 need attention');
    assert.include(text, '3 tenants affected');
    const hrefOf = (name: string) =>
      summary?.querySelector(`[data-count="${name}"] a`)?.getAttribute('href') ?? null;
    const since = '2026-11-28T12:00:00.000Z';
    assert.deepEqual(
      Object.fromEntries(
        ['likely-stale', 'past-expected', 'follow-up', 'fresh', 'needs-attention', 'tenants'].map(
          (name) => [name, hrefOf(name)],
        ),
      ),
      {
        'likely-stale': '#/operations?workspace=ws_1&freshness=likely_stale',
        'past-expected': '#/operations?workspace=ws_1&freshness=past_expected',
        'follow-up': `#/operations?workspace=ws_1&problem=terminal_follow_up&completed_since=${since}`,
        fresh: '#/operations?workspace=ws_1&freshness=fresh',
        'needs-attention': `#/operations?workspace=ws_1&problem=needs_attention&completed_since=${since}&sort=attention`,
        // Tenants are not rows of the list: a count, not a link.
        tenants: null,
      },
    );
    await expect(el).to.be.accessible();
  });

  it('figures come from the summary: exact, never a lower bound; unknown is a count, not a link', async () => {
    const h = await harness({
      runs: [freshRunning(), failedRun()],
      summary: {
        active: 300,
        fresh: 295,
        unknown: 5,
        follow_up: 75,
        needs_attention: 75,
        tenants_affected: 12,
      },
    });
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await h.settled(el);
    const text = textOf(el);
    assert.include(text, '75 need follow-up in the last 24 h');
    assert.notInclude(text, '+');
    assert.include(text, '295 on track');
    assert.include(text, '12 tenants affected');
    assert.include(text, '5 unknown');
    assert.notExists(shadow(el).querySelector('[data-count="unknown"] a'));
    assert.include(text, '5 of 300 active operations in an unknown state');
    await expect(el).to.be.accessible();
  });

  it('summary failing: the status banner; the recent rows alone are no figures', async () => {
    const h = await harness({ runs: [staleRunning(), freshRunning()] });
    h.use(...errorHandlers.serverError({ endpoint: 'summary' }));
    const el = await fixture<WorkspaceRecentOps>(render({ client: h.client }));
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'no error shown');
    assert.notExists(shadow(el).querySelector('[part~="summary"]'));
    assert.exists(shadow(el).querySelector('button[part~="retry"]'));
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
