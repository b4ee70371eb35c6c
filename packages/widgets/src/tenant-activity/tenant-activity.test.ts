import { assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  ago,
  errorHandlers,
  failedRun,
  freshQueued,
  freshRunning,
  HOUR,
  MINUTE,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  requestLog,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownStatusRun,
  wireRun,
} from '@runsight/api-client/fixtures';
import './tenant-activity.define.js';
import '../active-run-progress/active-run-progress.define.js';
import type { TenantActivity } from './tenant-activity.js';
import type { SuiteAttrs } from '../testing/element-suite.js';
import { disposeHarnesses, harness, shadow, textOf } from '../testing/harness.js';

const render = (a: SuiteAttrs) =>
  html`<tenant-activity
    workspace=${a.noWorkspace ? '' : 'ws_1'}
    tenant="t_1"
    lang=${a.lang ?? 'en'}
    poll-interval=${a.pollInterval ?? 30}
    .client=${a.client}
    .links=${a.links}
  ></tenant-activity>`;

const kpi = (el: Element, name: string) =>
  shadow(el).querySelector(`[data-kpi="${name}"] .kpi-value`)?.textContent?.trim();

describe('<tenant-activity>', () => {
  afterEach(() => disposeHarnesses());

  const mixed = () => [
    freshRunning(),
    pastExpectedRunning(),
    staleRunning(),
    staleByHeartbeat(),
    reconciledFailed(),
    failedRun(),
    succeededRun(),
    failedRun({
      id: 'run_failed_old',
      created_at: ago(30 * HOUR),
      started_at: ago(30 * HOUR),
      completed_at: ago(29 * HOUR),
    }),
    unknownStatusRun(),
  ];

  it('KPI strip: active, past expected, likely stale, follow-up in the last 24 h; headline against the total', async () => {
    const h = await harness({ runs: mixed() });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    assert.equal(kpi(el, 'active'), '4');
    assert.equal(kpi(el, 'past-expected'), '1');
    assert.equal(kpi(el, 'likely-stale'), '2');
    assert.equal(
      kpi(el, 'follow-up'),
      '2',
      'reconciled + failed within 24 h; the 29 h old failure is out',
    );
    assert.equal(
      shadow(el).querySelector('[part~="headline"]')?.textContent?.trim(),
      '2 of 4 active operations likely stale',
    );
    const staleLink = shadow(el).querySelector<HTMLAnchorElement>('[data-kpi="likely-stale"] a');
    assert.equal(
      staleLink?.getAttribute('href'),
      '#/operations?workspace=ws_1&tenant=t_1&freshness=likely_stale',
    );
    // Figure and label are separate words for assistive technology ("4 Active", not "4Active").
    const read = (name: string) =>
      (shadow(el).querySelector(`[data-kpi="${name}"]`)?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
    assert.equal(read('active'), '4 Active');
    assert.equal(read('past-expected'), '1 Past expected');
    assert.equal(read('likely-stale'), '2 Likely stale');
    assert.equal(read('follow-up'), '2 Follow-up, last 24 h');
    assert.equal(staleLink?.textContent?.replace(/\s+/g, ' ').trim(), '2 Likely stale');
    // "24 h" never breaks between the number and the unit.
    assert.include(
      shadow(el).querySelector('[data-kpi="follow-up"] .kpi-label')?.textContent,
      '24\u00a0h',
    );
    await expect(el).to.be.accessible();
  });

  it('needs-attention list in attention order with compact guidance; recent list newest first', async () => {
    const h = await harness({ runs: mixed() });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    const [attention, recent] = [...shadow(el).querySelectorAll('ul[part~="list"]')];
    const attentionIds = [...(attention?.querySelectorAll('[part~="row"]') ?? [])].map((r) =>
      r.getAttribute('data-freshness'),
    );
    assert.deepEqual(attentionIds, [
      'likely_stale',
      'likely_stale',
      'past_expected',
      'reconciled_failed',
      'terminal',
    ]);
    assert.include(attention?.textContent, 'The worker may have stopped');
    assert.include(attention?.textContent, 'Finished with problems. Review the run details.');
    const recentRows = [...(recent?.querySelectorAll('[part~="row"]') ?? [])];
    assert.lengthOf(recentRows, 5);
    assert.include(recent?.textContent, 'In progress.');
    const unknown = shadow(el).querySelector(
      'ul[aria-labelledby="recent"] [data-run-id="run_unknown_status"]',
    );
    assert.include(unknown?.textContent, 'Unknown');
    assert.include(unknown?.textContent, 'Status not recognised by this version.');
    for (const row of recentRows) assert.exists(row.querySelector('a[href^="#/operations/"]'));
  });

  it('needs-attention order among many calm runs: group first, oldest first within a group', async () => {
    // The element derives every run once and sorts only the runs that need attention: the order
    // must be that of sorting them all (sortByAttention) and keeping the first three groups.
    const calm = [1, 2, 3, 4, 5, 6].map((i) =>
      freshRunning({ id: `run_calm_${i}`, created_at: ago(i * MINUTE) }),
    );
    const runs = [
      calm[0],
      staleByHeartbeat({ id: 'hb' }),
      pastExpectedQueued({ id: 'late_queued' }),
      calm[1],
      failedRun({ id: 'failed' }),
      succeededRun({ id: 'done' }),
      staleRunning({ id: 'old_stale' }),
      calm[2],
      pastExpectedRunning({ id: 'late_running' }),
      ...calm.slice(3),
    ].filter((r) => r !== undefined);
    const h = await harness({ runs });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    const ids = [
      ...shadow(el).querySelectorAll('ul[aria-labelledby="attention"] [part~="row"]'),
    ].map((r) => r.getAttribute('data-run-id'));
    assert.deepEqual(ids, ['old_stale', 'hb', 'late_running', 'late_queued', 'failed']);
    assert.isNull(shadow(el).querySelector('a.more'));
  });

  it('at most 5 need attention, "+N more" links to the filtered list', async () => {
    const runs = [
      ...[1, 2, 3, 4].map((i) => staleRunning({ id: `run_stale_${i}` })),
      ...[1, 2, 3].map((i) => pastExpectedQueued({ id: `run_late_${i}` })),
      freshQueued(),
    ];
    const h = await harness({ runs });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    const attention = shadow(el).querySelector('ul[aria-labelledby="attention"]');
    assert.lengthOf(attention?.querySelectorAll('[part~="row"]') ?? [], 5);
    const more = shadow(el).querySelector<HTMLAnchorElement>('a.more');
    assert.equal(more?.textContent?.trim(), '+2 more');
    assert.equal(
      more?.getAttribute('href'),
      '#/operations?workspace=ws_1&tenant=t_1&freshness=likely_stale,past_expected',
    );
  });

  it('one runsight-error for an outage of both queries', async () => {
    const h = await harness({ runs: [freshRunning()] });
    h.use(...errorHandlers.serverError());
    let count = 0;
    const onError = () => count++;
    document.addEventListener('runsight-error', onError);
    try {
      const el = await fixture<TenantActivity>(render({ client: h.client }));
      await waitUntil(() => shadow(el).querySelector('[part~="error"]') !== null, 'no error');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(count, 1);
    } finally {
      document.removeEventListener('runsight-error', onError);
    }
  });

  it('a run turning stale is announced by one element of the page, not by each', async () => {
    const h = await harness({ runs: [freshRunning()] });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <tenant-activity
          workspace="ws_1"
          tenant="t_1"
          poll-interval="0"
          .client=${h.client}
        ></tenant-activity>
        <active-run-progress
          workspace="ws_1"
          tenant="t_1"
          poll-interval="0"
          .client=${h.client}
        ></active-run-progress>
      </div>`,
    );
    const elements = [...wrapper.children] as TenantActivity[];
    for (const el of elements) await h.settled(el);
    h.time.advance(55 * MINUTE);
    for (const el of elements) await el.updateComplete;
    const spoken = elements.map(
      (el) => shadow(el).querySelector('[aria-live="polite"]')?.textContent?.trim() ?? '',
    );
    assert.deepEqual(spoken.filter(Boolean), ['Inventory sync for Contoso turned likely stale']);
  });

  it('locale: the closest lang (across ancestors) picks German; locale overrides it', async () => {
    const h = await harness({ runs: [staleRunning()] });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de-AT">
        <section>
          <tenant-activity workspace="ws_1" tenant="t_1" .client=${h.client}></tenant-activity>
        </section>
        <tenant-activity
          workspace="ws_1"
          tenant="t_1"
          locale="en"
          .client=${h.client}
        ></tenant-activity>
      </div>`,
    );
    const [german, english] = [...wrapper.querySelectorAll('tenant-activity')];
    await h.settled(german as HTMLElement);
    await h.settled(english as HTMLElement);
    assert.include(textOf(german as Element), 'Alle Vorgänge anzeigen');
    assert.include(textOf(german as Element), 'läuft seit 2 Stunden');
    assert.include(textOf(english as Element), 'View all operations');
    await expect(german).to.be.accessible();
  });

  it('"View all operations" links to the tenant\'s list', async () => {
    const h = await harness({ runs: [freshRunning()] });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    const all = [...shadow(el).querySelectorAll('a')].find(
      (a) => a.textContent?.trim() === 'View all operations',
    );
    assert.equal(all?.getAttribute('href'), '#/operations?workspace=ws_1&tenant=t_1');
  });

  it('calm tenant: on-track headline, nothing needs attention', async () => {
    const h = await harness({ runs: [freshRunning(), succeededRun()] });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    assert.include(textOf(el), '1 active operation, on track');
    assert.include(textOf(el), 'Nothing needs attention.');
    await expect(el).to.be.accessible();
  });

  it('follow-up is a lower bound ("N+") when the recent page does not reach back 24 h', async () => {
    const runs = Array.from({ length: 60 }, (_, i) =>
      failedRun({
        id: `run_f_${i}`,
        created_at: ago((i + 2) * MINUTE),
        started_at: ago((i + 2) * MINUTE),
        completed_at: ago((i + 1) * MINUTE),
      }),
    );
    const h = await harness({ runs });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    assert.equal(kpi(el, 'follow-up'), '50+');
  });

  it('tenant-activity + active-run-progress of one tenant: one request per distinct query per cycle', async () => {
    const h = await harness({
      runs: [freshRunning(), staleRunning(), succeededRun(), wireRun({ id: 'run_x' })],
    });
    // No `client`: both elements use the page's shared client for /api.
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <tenant-activity workspace="ws_1" tenant="t_1" poll-interval="0.25"></tenant-activity>
        <active-run-progress
          workspace="ws_1"
          tenant="t_1"
          poll-interval="0.25"
        ></active-run-progress>
      </div>`,
    );
    const [activity, progress] = [...wrapper.children] as HTMLElement[];
    await h.settled(activity as HTMLElement);
    await h.settled(progress as HTMLElement);
    const isActive = (u: URL) => u.searchParams.get('status') === 'active';
    const isRecent = (u: URL) =>
      u.pathname === '/api/operation-runs' && !u.searchParams.has('status');
    assert.equal(requestLog.count(isActive), 1, 'first load: one active-runs request');
    assert.equal(requestLog.count(isRecent), 1, 'first load: one recent-runs request');
    await waitUntil(() => requestLog.count(isActive) >= 4, 'polling did not run', {
      timeout: 5000,
    });
    const active = requestLog.count(isActive);
    const recent = requestLog.count(isRecent);
    assert.isAtMost(
      Math.abs(active - recent),
      1,
      `one loop per query (active ${active}, recent ${recent})`,
    );
    wrapper.remove();
  });
});
