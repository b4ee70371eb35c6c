/**
 * `<ops-list>`'s problem and "finished since" filters (issue 16): from attributes and the URL,
 * sent to the API, the filter bar's "Needs attention" view and follow-up filter, kept in the URL,
 * static rows, and a card's drill-through landing on exactly the set it counted.
 */
import { assert, expect, fixture, html } from '@open-wc/testing';
import { parseRuns } from '@runsight/api-client';
import {
  FIXTURE_WORKSPACE,
  HOUR,
  failedRun,
  freshRunning,
  isoAt,
  pastExpectedRunning,
  reconciledFailed,
  requestLog,
  staleRunning,
  succeededRun,
  summarizeWireRuns,
} from '@runsight/api-client/fixtures';
import { disposeHarnesses, harness, shadow, textOf, type Harness } from '../testing/harness.js';
import '../tenant-activity/tenant-activity.define.js';
import './ops-list.define.js';
import type { OpsList } from './ops-list.js';

const LIST = '/api/operation-runs';

const idsOf = (el: OpsList): string[] =>
  [...shadow(el).querySelectorAll<HTMLElement>('.tbody [role="row"]')].map(
    (r) => r.dataset.runId ?? '',
  );
const select = (el: OpsList, id: string): HTMLSelectElement => {
  const s = shadow(el).querySelector<HTMLSelectElement>(`#${id}`);
  if (!s) throw new Error(`no select #${id}`);
  return s;
};
async function choose(el: OpsList, id: string, value: string): Promise<void> {
  const s = select(el, id);
  s.value = value;
  s.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}
const lastQuery = (): URLSearchParams | undefined =>
  requestLog.filter(LIST).at(-1)?.url.searchParams;

async function mount(h: Harness, attrs: Record<string, string> = {}): Promise<OpsList> {
  const el = document.createElement('ops-list');
  el.setAttribute('workspace', FIXTURE_WORKSPACE);
  el.setAttribute('lang', 'en');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.client = h.client;
  const wrap = await fixture<HTMLDivElement>(html`<div style="width:1100px"></div>`);
  wrap.append(el);
  await el.updateComplete;
  await h.settled(el);
  return el;
}

/** Needs attention: stale, past expected, failed 2 h ago, reconciled; old failure; calm runs. */
const runs = () => [
  freshRunning(),
  staleRunning(),
  pastExpectedRunning(),
  failedRun({ id: 'failed_recent', completed_at: isoAt(-2 * HOUR) }),
  failedRun({ id: 'failed_old', created_at: isoAt(-40 * HOUR), completed_at: isoAt(-30 * HOUR) }),
  reconciledFailed(),
  succeededRun(),
];

describe('<ops-list> problem and "finished since" filters', () => {
  afterEach(() => disposeHarnesses());

  it('attributes go to the API: problem and completed_since', async () => {
    const h = await harness({ runs: runs() });
    const el = await mount(h, {
      problem: 'terminal_follow_up',
      'completed-since': '2026-11-28T12:00:00Z',
    });
    const q = lastQuery();
    assert.equal(q?.get('problem'), 'terminal_follow_up');
    assert.equal(q?.get('completed_since'), '2026-11-28T12:00:00.000Z');
    assert.sameMembers(idsOf(el), ['failed_recent', 'run_reconciled']);
    assert.equal(select(el, 'f-problem').value, 'terminal_follow_up');
    assert.equal(select(el, 'f-since').value, '2026-11-28T12:00:00.000Z');
  });

  it('the "Needs attention" view: the set, needs attention first, follow-up of the last 24 h; accessible', async () => {
    const h = await harness({ runs: runs() });
    const el = await mount(h);
    assert.lengthOf(idsOf(el), 7);
    await choose(el, 'f-problem', 'needs_attention');
    await h.settled(el);
    const q = lastQuery();
    assert.equal(q?.get('problem'), 'needs_attention');
    assert.equal(q?.get('sort'), 'attention');
    // now − 24 h on the element's server-corrected clock (FIXTURE_NOW), to the minute
    assert.equal(q?.get('completed_since'), '2026-11-28T12:00:00.000Z');
    assert.deepEqual(idsOf(el), [
      'run_stale_running',
      'run_past_expected_running',
      'run_reconciled',
      'failed_recent',
    ]);
    assert.equal(select(el, 'f-sort').value, 'attention');
    assert.match(
      select(el, 'f-since').selectedOptions[0]?.textContent ?? '',
      /2026|Nov/,
      'the instant, as a date for people',
    );
    await expect(el).to.be.accessible();
    // "Any time": the old failure is follow-up too.
    await choose(el, 'f-since', '');
    await h.settled(el);
    assert.isNull(lastQuery()?.get('completed_since'));
    assert.include(idsOf(el), 'failed_old');
  });

  it('speaks German in the filter bar', async () => {
    const h = await harness({ runs: runs() });
    const el = await mount(h, { lang: 'de', problem: 'needs_attention' });
    const labels = [...select(el, 'f-problem').options].map((o) => o.textContent?.trim());
    assert.deepEqual(labels, ['Alle', 'Braucht Aufmerksamkeit', 'Braucht Nacharbeit']);
    assert.include(textOf(el), 'Beendet seit');
  });

  describe('sync-url', () => {
    let saved = '';
    beforeEach(() => {
      saved = `${location.pathname}${location.search}${location.hash}`;
    });
    afterEach(() => history.replaceState(null, '', saved));

    it("a card's link lands on exactly the set it counted; Back and the filter bar keep the URL", async () => {
      const rows = runs();
      const h = await harness({ runs: rows });
      // The tenant card: "+N more" and its figures.
      const card = await fixture<HTMLElement>(
        html`<tenant-activity
          workspace="ws_1"
          tenant="t_1"
          lang="en"
          .client=${h.client}
        ></tenant-activity>`,
      );
      await h.settled(card);
      const followUp = shadow(card).querySelector<HTMLAnchorElement>('[data-kpi="follow-up"] a');
      const href = followUp?.getAttribute('href') ?? '';
      const figure = Number(followUp?.querySelector('.kpi-value')?.textContent);
      assert.equal(figure, 2);
      card.remove();

      history.replaceState(null, '', `${location.pathname}${location.search}${href}`);
      const el = await mount(h, { 'sync-url': '' });
      assert.equal(select(el, 'f-problem').value, 'terminal_follow_up');
      assert.lengthOf(idsOf(el), figure);
      assert.sameMembers(idsOf(el), ['failed_recent', 'run_reconciled']);
      // the same count as the fixture backend's summary for the same window
      const since = new URLSearchParams(href.slice(href.indexOf('?'))).get('completed_since');
      assert.equal(
        summarizeWireRuns(rows, {
          workspace: 'ws_1',
          tenant: 't_1',
          completedSince: Date.parse(since ?? ''),
        }).data.follow_up,
        figure,
      );

      await choose(el, 'f-problem', 'needs_attention');
      const params = new URLSearchParams(location.hash.slice(location.hash.indexOf('?')));
      assert.equal(params.get('problem'), 'needs_attention');
      assert.equal(params.get('completed_since'), since, 'the window of the link stays');
      assert.equal(params.get('sort'), 'attention');
      await h.settled(el);

      const popped = new Promise((r) => window.addEventListener('popstate', r, { once: true }));
      history.back();
      await popped;
      await el.updateComplete;
      assert.equal(select(el, 'f-problem').value, 'terminal_follow_up');
      assert.equal(select(el, 'f-sort').value, 'newest');

      await choose(el, 'f-problem', '');
      await choose(el, 'f-since', '');
      const cleared = new URLSearchParams(location.hash.slice(location.hash.indexOf('?')));
      assert.isNull(cleared.get('problem'));
      assert.isNull(cleared.get('completed_since'));
    });
  });

  it('static rows are filtered the way the API filters them', async () => {
    const h = await harness({ runs: [] });
    const parsed = parseRuns(runs()).runs;
    const el = await mount(h, {
      problem: 'needs_attention',
      'completed-since': '2026-11-28T12:00:00Z',
      sort: 'attention',
    });
    el.runs = parsed;
    await el.updateComplete;
    assert.deepEqual(idsOf(el), [
      'run_stale_running',
      'run_past_expected_running',
      'run_reconciled',
      'failed_recent',
    ]);
    await choose(el, 'f-problem', 'terminal_follow_up');
    assert.sameMembers(idsOf(el), ['run_reconciled', 'failed_recent']);
    await choose(el, 'f-problem', '');
    // "finished since" alone: active runs stay, finished ones since the instant
    assert.sameMembers(idsOf(el), [
      'run_fresh_running',
      'run_stale_running',
      'run_past_expected_running',
      'run_reconciled',
      'failed_recent',
      'run_succeeded',
    ]);
  });
});
