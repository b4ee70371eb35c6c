/**
 * Isolation (elements.md): the same misbehaving backend fed to all five elements. It answers
 * every list with one run in scope plus runs of another workspace with the same tenant id, of
 * another tenant, and without a tenant; and every detail with a run of another workspace. Scope
 * is enforced once, in the api-client's query layer: no element shows, counts or headlines a row
 * outside its scope; each says visibly how many it left out and reports it as one `runsight-error`
 * (`out_of_scope`), not again on the next poll.
 */
import { assert, expect, fixture, html } from '@open-wc/testing';
import {
  FIXTURE_NOW,
  FIXTURE_TENANT,
  FIXTURE_WORKSPACE,
  freshRunning,
  runDetail,
  staleRunning,
  summarizeWireRuns,
} from '@runsight/api-client/fixtures';
import { http, HttpResponse } from 'msw';
import type { RunsightErrorEvent } from './events.js';
import { disposeHarnesses, harness, shadow, textOf, type Harness } from './testing/harness.js';
import './all.define.js';

const IN_SCOPE = freshRunning({ id: 'run_mine' });
/** Same tenant id, another workspace: tenant ids are not unique across workspaces. */
const OTHER_WORKSPACE = staleRunning({
  id: 'run_ws2_same_tenant_id',
  workspace_id: 'ws_2',
  tenant_name: 'Contoso of ws_2',
});
const OTHER_TENANT = staleRunning({
  id: 'run_other_tenant',
  tenant_id: 't_2',
  tenant_name: 'Fabrikam',
});
const TENANTLESS = staleRunning({ id: 'run_tenantless', tenant_id: null, tenant_name: null });
const PAYLOAD = [IN_SCOPE, OTHER_WORKSPACE, OTHER_TENANT, TENANTLESS];

/**
 * A backend that ignores workspace and tenant — in its lists and in its summary, which counts
 * every row — and answers every detail with ws_2's run.
 */
function misbehavingBackend(h: Harness): void {
  h.use(
    // `summary` before `/:id`, as a backend routes it
    http.get('/api/operation-runs/summary', () =>
      HttpResponse.json(
        summarizeWireRuns(
          PAYLOAD.map((r) => ({ ...r, workspace_id: ws, tenant_id: tenant })),
          { workspace: ws, tenant },
        ),
      ),
    ),
    http.get('/api/operation-runs', () =>
      HttpResponse.json({
        data: PAYLOAD,
        meta: { next_cursor: null, server_time: FIXTURE_NOW.toISOString() },
      }),
    ),
    http.get('/api/operation-runs/:id', ({ params }) =>
      HttpResponse.json({
        data: runDetail({ ...OTHER_WORKSPACE, id: String(params['id']) }),
        meta: { server_time: FIXTURE_NOW.toISOString() },
      }),
    ),
  );
}

interface Case {
  name: string;
  render(h: Harness): ReturnType<typeof html>;
  /** Ids of the payload the element may show. */
  shows: string[];
  /** How many rows of the payload lie outside its scope. */
  leftOut: number;
}

const ws = FIXTURE_WORKSPACE;
const tenant = FIXTURE_TENANT.id;
const CASES: Case[] = [
  {
    name: '<tenant-activity workspace tenant>',
    render: (h) =>
      html`<tenant-activity
        workspace=${ws}
        tenant=${tenant}
        poll-interval="30"
        .client=${h.client}
      ></tenant-activity>`,
    shows: ['run_mine'],
    leftOut: 3,
  },
  {
    name: '<active-run-progress workspace tenant>',
    render: (h) =>
      html`<active-run-progress
        workspace=${ws}
        tenant=${tenant}
        poll-interval="30"
        .client=${h.client}
      ></active-run-progress>`,
    shows: ['run_mine'],
    leftOut: 3,
  },
  {
    name: '<workspace-recent-ops workspace>',
    render: (h) =>
      html`<workspace-recent-ops
        workspace=${ws}
        poll-interval="30"
        .client=${h.client}
      ></workspace-recent-ops>`,
    // another tenant's and a tenantless run are in the workspace's scope
    shows: ['run_mine', 'run_other_tenant', 'run_tenantless'],
    leftOut: 1,
  },
  {
    name: '<ops-list workspace tenant>',
    render: (h) =>
      html`<ops-list
        workspace=${ws}
        tenant=${tenant}
        poll-interval="30"
        .client=${h.client}
      ></ops-list>`,
    shows: ['run_mine'],
    leftOut: 3,
  },
  {
    name: '<ops-list workspace>',
    render: (h) =>
      html`<ops-list workspace=${ws} poll-interval="30" .client=${h.client}></ops-list>`,
    shows: ['run_mine', 'run_other_tenant', 'run_tenantless'],
    leftOut: 1,
  },
];

const rowIds = (el: Element) =>
  [...shadow(el).querySelectorAll('[data-run-id]')].map((r) => r.getAttribute('data-run-id'));

describe('isolation: one out-of-scope payload through all five elements', () => {
  afterEach(() => disposeHarnesses());

  for (const c of CASES) {
    it(`${c.name}: shows only its scope, says how many it left out, reports it once`, async () => {
      const h = await harness();
      misbehavingBackend(h);
      const errors: RunsightErrorEvent[] = [];
      const el = await fixture<HTMLElement>(c.render(h));
      el.addEventListener('runsight-error', (e) => errors.push(e));
      await h.settled(el);

      const ids = new Set(rowIds(el));
      for (const run of PAYLOAD) {
        if (c.shows.includes(run.id)) continue;
        assert.isFalse(ids.has(run.id), `${run.id} is not shown`);
      }
      const text = textOf(el);
      assert.notInclude(text, 'Contoso of ws_2');
      if (!c.shows.includes('run_other_tenant')) assert.notInclude(text, 'Fabrikam');
      if (c.shows.length === 1) {
        // nothing in scope is stale: no badge, headline or KPI may say otherwise
        const badges = [...shadow(el).querySelectorAll('[part~="badge"]')].map(
          (b) => b.textContent,
        );
        assert.notInclude(badges.join(' '), 'Likely stale');
        const headline = shadow(el).querySelector('[part~="headline"]');
        if (headline) assert.include(headline.textContent, 'on track');
        const staleKpi = shadow(el).querySelector('[data-kpi="likely-stale"]');
        if (staleKpi) assert.match(staleKpi.textContent ?? '', /\b0\b/);
      }
      const notice = shadow(el).querySelector('[part~="out-of-scope"]');
      assert.exists(notice, 'a visible notice');
      assert.include(notice?.textContent ?? '', String(c.leftOut));
      await expect(el).to.be.accessible();

      // The client re-polls: the same misbehaviour is not reported again.
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const reported = errors.length;
      h.time.advance(31_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(errors.length, reported);
      errors.length = 0;
    });
  }

  it('reports the out-of-scope rows as runsight-error (code out_of_scope) on first load', async () => {
    const h = await harness();
    misbehavingBackend(h);
    const errors: RunsightErrorEvent[] = [];
    const collect = (e: RunsightErrorEvent) => errors.push(e);
    document.addEventListener('runsight-error', collect);
    try {
      const el = await fixture<HTMLElement>(CASES[0]!.render(h));
      await h.settled(el);
      assert.isAtLeast(errors.length, 1);
      for (const e of errors) {
        assert.equal(e.detail.error.code, 'out_of_scope');
        assert.equal(e.detail.error.kind, 'invalid_response');
      }
      // the card's two lists (needs attention, recent) overlap: one report, not one per row or poll
      assert.equal(errors.length, 1);
    } finally {
      document.removeEventListener('runsight-error', collect);
    }
  });

  it('<run-detail>: a detail of another workspace is never shown; the error is visible and reported', async () => {
    const h = await harness();
    misbehavingBackend(h);
    const errors: RunsightErrorEvent[] = [];
    const el = await fixture<HTMLElement>(
      html`<run-detail
        workspace=${ws}
        run-id="run_mine"
        @runsight-error=${(e: RunsightErrorEvent) => errors.push(e)}
        .client=${h.client}
      ></run-detail>`,
    );
    await h.settled(el);
    const text = textOf(el);
    assert.notInclude(text, 'Contoso of ws_2');
    assert.notInclude(text.toLowerCase(), 'likely stale');
    assert.exists(shadow(el).querySelector('[part~="error"]'));
    assert.include(text, 'The server sent an unexpected response.');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.detail.error.code, 'out_of_scope');
    await expect(el).to.be.accessible();
  });

  it('<run-detail tenant>: a run of another tenant reads as not found', async () => {
    const h = await harness({ runs: [OTHER_TENANT] });
    const el = await fixture<HTMLElement>(
      html`<run-detail
        workspace=${ws}
        tenant=${tenant}
        run-id=${OTHER_TENANT.id}
        .client=${h.client}
      ></run-detail>`,
    );
    await h.settled(el);
    assert.include(textOf(el), 'Operation not found, or you do not have access to it.');
    assert.notInclude(textOf(el), 'Fabrikam');
  });
});
