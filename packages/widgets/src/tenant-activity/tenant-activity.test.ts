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
  summarizeWireRuns,
  unknownStatusRun,
  wireRun,
} from '@runsight/api-client/fixtures';
import { http, HttpResponse } from 'msw';
import './tenant-activity.define.js';
import '../active-run-progress/active-run-progress.define.js';
import type { TenantActivity } from './tenant-activity.js';
import type { RunsightNavigateEvent } from '../events.js';
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
    assert.equal(more?.getAttribute('aria-label'), '+2 more operations need attention');
    // Exactly the set the card counts, in the order it lists: needs attention since the card's
    // 24 h boundary (FIXTURE_NOW − 24 h, on a quarter hour), needs attention first.
    assert.equal(
      more?.getAttribute('href'),
      '#/operations?workspace=ws_1&tenant=t_1&problem=needs_attention' +
        '&completed_since=2026-11-28T12:00:00.000Z&sort=attention',
    );
    await expect(el).to.be.accessible();
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

  it('follow-up is exact, never a lower bound, however many runs the recent page misses', async () => {
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
    assert.equal(kpi(el, 'follow-up'), '60');
    assert.notInclude(textOf(el), '+ ', 'no "50+"');
    // 5 shown, 55 more: needs attention (60) minus the rows on the card.
    assert.equal(shadow(el).querySelector('a.more')?.textContent?.trim(), '+55 more');
  });

  it('figures come from the summary, not from the rows the card holds', async () => {
    const h = await harness({
      runs: [freshRunning(), staleRunning(), failedRun()],
      summary: {
        active: 412,
        fresh: 380,
        past_expected: 20,
        likely_stale: 12,
        follow_up: 1234,
        needs_attention: 1266,
        tenants_affected: 1,
      },
    });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    assert.equal(kpi(el, 'active'), '412');
    assert.equal(kpi(el, 'past-expected'), '20');
    assert.equal(kpi(el, 'likely-stale'), '12');
    assert.equal(kpi(el, 'follow-up'), '1,234');
    assert.include(
      shadow(el).querySelector('[part~="headline"]')?.textContent,
      '12 of 412 active operations likely stale',
    );
    // Two rows need attention on the card (the stale and the failed run): 1,264 more.
    assert.equal(shadow(el).querySelector('a.more')?.textContent?.trim(), '+1264 more');
  });

  it('every figure links to exactly its set; the navigate event carries its filters', async () => {
    const h = await harness({ runs: mixed() });
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await h.settled(el);
    const since = '2026-11-28T12:00:00.000Z';
    const base = '#/operations?workspace=ws_1&tenant=t_1';
    const hrefs = Object.fromEntries(
      ['active', 'past-expected', 'likely-stale', 'follow-up'].map((name) => [
        name,
        shadow(el).querySelector(`[data-kpi="${name}"] a`)?.getAttribute('href'),
      ]),
    );
    assert.deepEqual(hrefs, {
      active: `${base}&status=active`,
      'past-expected': `${base}&freshness=past_expected`,
      'likely-stale': `${base}&freshness=likely_stale`,
      'follow-up': `${base}&problem=terminal_follow_up&completed_since=${since}`,
    });
    const seen: RunsightNavigateEvent[] = [];
    const onNavigate = (e: RunsightNavigateEvent) => {
      seen.push(e);
      e.preventDefault();
    };
    document.addEventListener('runsight-navigate', onNavigate);
    try {
      shadow(el).querySelector<HTMLAnchorElement>('[data-kpi="follow-up"] a')?.click();
    } finally {
      document.removeEventListener('runsight-navigate', onNavigate);
    }
    assert.deepEqual(seen[0]?.detail.filters, {
      workspace: 'ws_1',
      tenant: 't_1',
      problem: ['terminal_follow_up'],
      completedSince: '2026-11-28T12:00:00.000Z',
    });
    await expect(el).to.be.accessible();
  });

  it('the summary and the attention rows are asked for one window, which stays for a quarter hour', async () => {
    const h = await harness({ runs: mixed() });
    const el = await fixture<TenantActivity>(render({ client: h.client, pollInterval: 30 }));
    await h.settled(el);
    const windows = () =>
      requestLog
        .filter((u: URL) => u.searchParams.has('completed_since'))
        .map((r) => new URL(r.url).searchParams.get('completed_since'));
    assert.sameMembers(windows(), ['2026-11-28T12:00:00.000Z', '2026-11-28T12:00:00.000Z']);
    const summaryRequests = () => requestLog.count('/api/operation-runs/summary');
    assert.equal(summaryRequests(), 1);
    // 14 minutes later: the same window, no request of its own.
    h.time.advance(14 * MINUTE);
    el.requestUpdate();
    await el.updateComplete;
    assert.equal(summaryRequests(), 1);
    // Past the quarter hour: the window moves on, while the card keeps its figures on screen.
    h.time.advance(2 * MINUTE);
    el.requestUpdate();
    await el.updateComplete;
    assert.notExists(shadow(el).querySelector('[aria-busy="true"]'), 'no skeleton in between');
    assert.equal(kpi(el, 'follow-up'), '2');
    await waitUntil(() => summaryRequests() === 2, 'no summary for the new window');
    assert.include(windows(), '2026-11-28T12:15:00.000Z');
    await waitUntil(
      () =>
        shadow(el)
          .querySelector('[data-kpi="follow-up"] a')
          ?.getAttribute('href')
          ?.includes('2026-11-28T12:15:00.000Z'),
      'the link follows the window of the figure',
    );
  });

  it('with polling off the window, the figures and their links stay as loaded', async () => {
    const h = await harness({ runs: mixed() });
    const el = await fixture<TenantActivity>(render({ client: h.client, pollInterval: 0 }));
    await h.settled(el);
    const count = requestLog.count();
    h.time.advance(3 * 60 * MINUTE);
    await el.updateComplete;
    assert.equal(requestLog.count(), count, 'no request');
    assert.include(
      shadow(el).querySelector('[data-kpi="follow-up"] a')?.getAttribute('href'),
      '2026-11-28T12:00:00.000Z',
    );
  });

  it('between polls (and offline), figures follow the badges of the runs it holds', async () => {
    const h = await harness({ runs: [freshRunning(), staleRunning()] });
    const el = await fixture<TenantActivity>(render({ client: h.client, pollInterval: 30 }));
    await h.settled(el);
    assert.equal(kpi(el, 'past-expected'), '0');
    assert.equal(
      shadow(el).querySelector('[part~="headline"]')?.textContent?.trim(),
      '1 of 2 active operations likely stale',
    );
    h.use(...errorHandlers.networkError());
    const requests = requestLog.count();
    // The fresh run passes its expected_by (5 min): its badge, the KPI and the headline agree,
    // with no request (the backend is unreachable, the data outdated).
    h.time.advance(6 * MINUTE);
    await el.updateComplete;
    assert.exists(shadow(el).querySelector('[data-state="outdated"]'));
    assert.include(
      shadow(el).querySelector('[data-run-id="run_fresh_running"] [part~="badge"]')?.textContent,
      'Past expected',
    );
    assert.equal(kpi(el, 'past-expected'), '1');
    assert.equal(kpi(el, 'active'), '2');
    // … and it joins the needs-attention rows, below the stale one, without a request.
    assert.deepEqual(
      [...shadow(el).querySelectorAll('ul[aria-labelledby="attention"] [part~="row"]')].map((r) =>
        r.getAttribute('data-run-id'),
      ),
      ['run_stale_running', 'run_fresh_running'],
    );
    assert.equal(
      shadow(el).querySelector('[part~="headline"]')?.textContent?.trim(),
      '1 of 2 active operations likely stale',
    );
    // Then it turns likely stale (60 min): out of past expected, into likely stale.
    h.time.advance(55 * MINUTE);
    await el.updateComplete;
    assert.equal(kpi(el, 'past-expected'), '0');
    assert.equal(kpi(el, 'likely-stale'), '2');
    assert.equal(
      shadow(el).querySelector('[part~="headline"]')?.textContent?.trim(),
      'All 2 active operations likely stale',
    );
    assert.equal(requestLog.count(), requests);
  });

  it('summary failing: the status banner with Retry; after data, the figures stay', async () => {
    const h = await harness({ runs: mixed() });
    h.use(...errorHandlers.serverError({ endpoint: 'summary' }));
    const el = await fixture<TenantActivity>(render({ client: h.client, pollInterval: 0.15 }));
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'no error shown');
    assert.match(textOf(el), /server ran into an error/);
    assert.notExists(shadow(el).querySelector('[part~="kpi"]'), 'no figure without the summary');
    await expect(el).to.be.accessible();
    h.restore();
    await waitUntil(() => kpi(el, 'likely-stale') === '2', 'no figures after recovery', {
      timeout: 4000,
    });
    h.use(...errorHandlers.unavailable({ endpoint: 'summary', retryAfter: 30 }));
    await waitUntil(() => shadow(el).querySelector('[part~="error"]'), 'no error after data', {
      timeout: 4000,
    });
    assert.equal(kpi(el, 'likely-stale'), '2', 'the last figures stay');
    assert.include(textOf(el), 'Showing the last data that loaded');
    await expect(el).to.be.accessible();
  });

  it('summary loading: the skeleton while the lists are there, not figures counted from rows', async () => {
    const h = await harness({ runs: mixed() });
    let answer = (): void => undefined;
    h.use(
      http.get('/api/operation-runs/summary', async ({ request }) => {
        await new Promise<void>((resolve) => (answer = resolve));
        const since = new URL(request.url).searchParams.get('completed_since');
        return HttpResponse.json(
          summarizeWireRuns(mixed(), {
            workspace: 'ws_1',
            tenant: 't_1',
            completedSince: since ? Date.parse(since) : null,
          }),
        );
      }),
    );
    const el = await fixture<TenantActivity>(render({ client: h.client }));
    await waitUntil(() => requestLog.count('/api/operation-runs') >= 2, 'the lists were not asked');
    await new Promise((r) => setTimeout(r, 100));
    await el.updateComplete;
    assert.exists(shadow(el).querySelector('[aria-busy="true"]'));
    assert.notExists(shadow(el).querySelector('[part~="kpi"]'));
    await expect(el).to.be.accessible();
    answer();
    await h.settled(el);
    assert.equal(kpi(el, 'active'), '4');
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
    const list = (u: URL) => u.pathname === '/api/operation-runs';
    const kinds = {
      active: (u: URL) => list(u) && u.searchParams.get('status') === 'active',
      recent: (u: URL) => list(u) && [...u.searchParams.keys()].join() === 'workspace,tenant,limit',
      attention: (u: URL) => list(u) && u.searchParams.get('problem') === 'needs_attention',
      summary: (u: URL) => u.pathname === '/api/operation-runs/summary',
    };
    for (const [name, match] of Object.entries(kinds)) {
      assert.equal(requestLog.count(match), 1, `first load: one ${name} request`);
    }
    assert.equal(requestLog.count(), 4, 'nothing else');
    await waitUntil(() => requestLog.count(kinds.active) >= 4, 'polling did not run', {
      timeout: 5000,
    });
    const counts = Object.values(kinds).map((match) => requestLog.count(match));
    assert.isAtMost(
      Math.max(...counts) - Math.min(...counts),
      1,
      `one loop per query (${counts.join(', ')})`,
    );
    wrapper.remove();
  });
});
