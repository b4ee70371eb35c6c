import { aTimeout, assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import {
  FIXTURE_WORKSPACE,
  MINUTE,
  SECOND,
  XSS_STRINGS,
  errorHandlers,
  freshQueued,
  freshRunning,
  pastExpectedRunning,
  reconciledFailed,
  requestLog,
  runDetail,
  staleByHeartbeat,
  staleQueued,
  staleRunning,
  succeededRun,
  unknownStatusRun,
  xssRunDetail,
} from '@runsight/api-client/fixtures';
import { http, HttpResponse } from 'msw';
import type { RunsightNavigateEvent } from '../events.js';
import { disposeHarnesses, harness, shadow, textOf, type Harness } from '../testing/harness.js';
import { LIST_ORIGIN_KEY } from '../ops-list/ops-list.js';
import '../ops-list/ops-list.define.js';
import './run-detail.define.js';
import type { RunDetailElement } from './run-detail.js';

const DETAIL = (id: string): RegExp => new RegExp(`/api/operation-runs/${id}\\?`);

async function mount(
  h: Harness,
  runId: string,
  attrs: Record<string, string> = {},
): Promise<RunDetailElement> {
  const el = document.createElement('run-detail');
  el.setAttribute('workspace', FIXTURE_WORKSPACE);
  el.setAttribute('run-id', runId);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.client = h.client;
  const wrap = await fixture<HTMLDivElement>(html`<div style="width:900px"></div>`);
  wrap.append(el);
  await el.updateComplete;
  await h.settled(el);
  return el;
}

const banner = (el: RunDetailElement, state: string): HTMLElement | null =>
  shadow(el).querySelector<HTMLElement>(`[data-state="${state}"]`);
const timelineKeys = (el: RunDetailElement): string[] =>
  [...shadow(el).querySelectorAll<HTMLElement>('.timeline li')].map((li) => li.dataset.key ?? '');

describe('<run-detail>', () => {
  afterEach(() => {
    disposeHarnesses();
    sessionStorage.removeItem(LIST_ORIGIN_KEY);
  });

  describe('states', () => {
    it('shows a skeleton with aria-busy while loading', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'slow' })], delayMs: 400 });
      const el = await fixture<RunDetailElement>(
        html`<run-detail
          workspace=${FIXTURE_WORKSPACE}
          run-id="slow"
          .client=${h.client}
        ></run-detail>`,
      );
      assert.ok(shadow(el).querySelector('.skeleton[aria-busy="true"]'));
      await expect(el).to.be.accessible();
      await h.settled(el);
      expect(textOf(el)).to.contain('Inventory sync');
    });

    it('asks for run-id', async () => {
      const el = await fixture<RunDetailElement>(
        html`<run-detail workspace=${FIXTURE_WORKSPACE}></run-detail>`,
      );
      expect(textOf(el)).to.contain('needs a "run-id" attribute');
    });

    it('reads exactly "Operation not found, or you do not have access to it." on 404', async () => {
      const h = await harness({ runs: [] });
      const el = await mount(h, 'missing');
      const alert = shadow(el).querySelector('[role="alert"] p');
      assert.equal(
        alert?.textContent?.trim(),
        'Operation not found, or you do not have access to it.',
      );
      await expect(el).to.be.accessible();
    });

    it('treats a run of another tenant as not found', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'other' })] });
      const el = await mount(h, 'other', { tenant: 't_2' });
      expect(textOf(el)).to.contain('Operation not found, or you do not have access to it.');
      assert.notInclude(textOf(el), 'Inventory sync');
    });

    const failures: [string, () => ReturnType<typeof errorHandlers.unauthorized>, string][] = [
      ['401', () => errorHandlers.unauthorized(), 'You are not signed in'],
      ['429', () => errorHandlers.rateLimited({ retryAfter: 60 }), 'Too many requests'],
      ['500', () => errorHandlers.serverError(), 'The server ran into an error.'],
      ['offline', () => errorHandlers.networkError(), 'You appear to be offline'],
      ['non-JSON', () => errorHandlers.nonJson(), 'The server sent an unexpected response.'],
    ];
    for (const [name, handlers, text] of failures) {
      it(`explains a ${name} with Retry and keeps the run on screen`, async () => {
        const h = await harness({ runs: [freshRunning({ id: 'keep' })] });
        const el = await mount(h, 'keep');
        h.use(...handlers());
        await el.refresh();
        await el.updateComplete;
        expect(textOf(el)).to.contain(text);
        expect(textOf(el)).to.contain('Showing the last data that loaded.');
        expect(textOf(el)).to.contain('Inventory sync');
        await expect(el).to.be.accessible();
      });
    }

    it('shows an error without data and recovers on Retry', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'later' })] });
      let failing = true;
      h.use(
        http.get('/api/operation-runs/:id', () => (failing ? HttpResponse.error() : undefined)),
      );
      const el = await mount(h, 'later');
      expect(textOf(el)).to.contain('You appear to be offline');
      await expect(el).to.be.accessible();
      failing = false;
      [...shadow(el).querySelectorAll('button')]
        .find((b) => b.textContent?.includes('Retry'))
        ?.click();
      await waitUntil(() => textOf(el).includes('Inventory sync'), 'retry');
    });

    it('marks outdated data', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'old' })] });
      const el = await mount(h, 'old');
      h.use(...errorHandlers.networkError());
      h.time.advance(61 * SECOND);
      await el.updateComplete;
      expect(textOf(el)).to.match(/Data as of .*, 1 minute ago — reconnecting…/);
      assert.notMatch(textOf(el), /\bnow\b/);
      await expect(el).to.be.accessible();
    });
  });

  describe('diagnosis', () => {
    it('explains a run that is likely stale by deadline', async () => {
      const h = await harness({ runs: [staleRunning({ id: 's' })] });
      const el = await mount(h, 's');
      const b = banner(el, 'likely_stale');
      assert.ok(b);
      assert.equal(b?.querySelector('h3')?.textContent?.trim(), 'Likely stale operation');
      assert.isNull(b?.getAttribute('role'), 'a static region, not an alert');
      const text = (b?.textContent ?? '').replace(/\s+/g, ' ');
      // stale_after was 1 h before FIXTURE_NOW
      expect(text).to.contain(
        'It has been past its lifecycle window for 1 hour without finishing.',
      );
      expect(text).to.contain('Expected to finish by');
      expect(text).to.contain('Last heartbeat');
      expect(text).to.contain('reconciles it automatically');
      assert.ok(b?.querySelector('time[datetime]'));
      await expect(el).to.be.accessible();
    });

    it('explains a run that is likely stale by heartbeat before its window ends', async () => {
      const h = await harness({ runs: [staleByHeartbeat({ id: 'hb' })] });
      const el = await mount(h, 'hb');
      const text = (banner(el, 'likely_stale')?.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.contain('before the end of its lifecycle window');
      assert.notInclude(text, 'past its lifecycle window for');
      expect(text).to.contain('Last heartbeat');
    });

    it('says "expected to start" for a queued stale run and names a missing heartbeat', async () => {
      const h = await harness({ runs: [staleQueued({ id: 'q' })] });
      const el = await mount(h, 'q');
      const text = (banner(el, 'likely_stale')?.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.contain('Expected to start by');
      expect(text).to.contain('No heartbeat received');
    });

    it('speaks German with locale="de"', async () => {
      const h = await harness({ runs: [staleRunning({ id: 'de' })] });
      const el = await mount(h, 'de', { locale: 'de' });
      expect(textOf(el)).to.contain('Vermutlich hängengebliebener Vorgang');
      expect(textOf(el)).to.contain('Zeitverlauf');
      await expect(el).to.be.accessible();
    });

    it('gives a calmer note for a run past expected', async () => {
      const h = await harness({ runs: [pastExpectedRunning({ id: 'p' })] });
      const el = await mount(h, 'p');
      assert.isNull(banner(el, 'likely_stale'));
      const b = banner(el, 'past_expected');
      expect(b?.textContent).to.contain('Running longer than expected');
      expect(b?.textContent).to.contain('No action needed yet.');
      await expect(el).to.be.accessible();
      // stale_after is 40 min ahead: 9 s before it, the banner counts the seconds, never "now".
      h.time.advance(40 * MINUTE - 9 * SECOND);
      await el.updateComplete;
      const text = (banner(el, 'past_expected')?.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.match(/likely stale at .*:\d\d:\d\d.* \(in 9 seconds\)/);
      assert.notMatch(text, /\bnow\b/);
    });

    it('shows the reconciled banner with reason and previous status', async () => {
      const h = await harness({ runs: [reconciledFailed({ id: 'rc' })] });
      const el = await mount(h, 'rc');
      const b = banner(el, 'reconciled_failed');
      const text = (b?.textContent ?? '').replace(/\s+/g, ' ');
      expect(text).to.contain('Reconciled failed');
      expect(text).to.contain('Reason');
      expect(text).to.contain('Status before running');
      assert.include(timelineKeys(el), 'reconciled');
      assert.notInclude(timelineKeys(el), 'completed');
      await expect(el).to.be.accessible();
    });

    it('shows a fresh run without banners and its timeline, progress, context and events', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'f' })] });
      const el = await mount(h, 'f');
      assert.isNull(shadow(el).querySelector('.diagnosis'));
      assert.deepEqual(timelineKeys(el), [
        'created',
        'started',
        'last_heartbeat',
        'expected_by',
        'stale_after',
      ]);
      const bar = shadow(el).querySelector('[role="progressbar"]');
      assert.equal(bar?.getAttribute('aria-valuenow'), '40');
      assert.equal(bar?.getAttribute('aria-valuemax'), '120');
      expect(textOf(el)).to.contain('region eu-west-1');
      assert.isAtLeast(shadow(el).querySelectorAll('.events li').length, 3);
      // Times with seconds: on an accelerated demo a run's whole life fits in a minute.
      for (const t of shadow(el).querySelectorAll('.timeline time, .events time')) {
        expect(t.textContent).to.match(/\d:\d\d:\d\d/);
      }
      assert.equal(shadow(el).querySelector('[part~="badge"]')?.textContent?.trim(), 'Running');
      await expect(el).to.be.accessible();
    });

    it('shows an indeterminate progress bar when the total is unknown', async () => {
      const h = await harness({ runs: [staleByHeartbeat({ id: 'ind' })] });
      const el = await mount(h, 'ind');
      const bar = shadow(el).querySelector('[role="progressbar"]');
      assert.isNull(bar?.getAttribute('aria-valuenow') ?? null);
      expect(bar?.getAttribute('aria-valuetext')).to.contain('total unknown');
      // The run is likely stale: its bar stands still (no ordinary progress for dead work).
      assert.equal(getComputedStyle(bar as Element, '::before').animationName, 'none');
    });

    it('slides the indeterminate bar of a run that is working', async () => {
      const progress = { total: null, processed: 7, succeeded: 7, failed: 0 };
      const h = await harness({ runs: [freshRunning({ id: 'w', progress })] });
      const el = await mount(h, 'w');
      const bar = shadow(el).querySelector('[role="progressbar"]');
      assert.notEqual(getComputedStyle(bar as Element, '::before').animationName, 'none');
    });

    it('shows an unknown status as unknown', async () => {
      const h = await harness({ runs: [unknownStatusRun({ id: 'u' })] });
      const el = await mount(h, 'u');
      assert.equal(shadow(el).querySelector('[part~="badge"]')?.textContent?.trim(), 'Unknown');
      expect(textOf(el)).to.contain('is not recognised by this version');
      await expect(el).to.be.accessible();
    });

    it('shows the failure summary of a failed run', async () => {
      const h = await harness({
        runs: [
          succeededRun({
            id: 'ff',
            outcome: 'failed',
            failure: { reason_code: 'quota_exceeded', message: 'Quota exceeded.' },
          }),
        ],
      });
      const el = await mount(h, 'ff');
      expect(textOf(el)).to.contain('quota_exceeded');
      expect(textOf(el)).to.contain('Quota exceeded.');
    });
  });

  describe('time and polling', () => {
    it('crosses deadlines on time alone, with no new request', async () => {
      const h = await harness({ runs: [freshQueued({ id: 'q' })] });
      const el = await mount(h, 'q', { 'poll-interval': '0' });
      assert.isNull(shadow(el).querySelector('.diagnosis'));
      const requests = requestLog.count(DETAIL('q'));
      h.time.advance(2 * MINUTE);
      await el.updateComplete;
      assert.ok(banner(el, 'past_expected'));
      h.time.advance(13 * MINUTE);
      await el.updateComplete;
      assert.ok(banner(el, 'likely_stale'));
      assert.equal(requestLog.count(DETAIL('q')), requests);
      expect(shadow(el).querySelector('[role="status"]')?.textContent).to.contain(
        'turned likely stale',
      );
    });

    it('keeps polling an active run', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'act' })] });
      await mount(h, 'act', { 'poll-interval': '0.05' });
      await waitUntil(() => requestLog.count(DETAIL('act')) >= 3, 'active runs are polled');
    });

    it('stops polling once the run is terminal', async () => {
      const h = await harness({ runs: [succeededRun({ id: 'done' })] });
      const el = await mount(h, 'done', { 'poll-interval': '0.05' });
      await aTimeout(400);
      assert.equal(requestLog.count(DETAIL('done')), 1);
      assert.equal(shadow(el).querySelector('[part~="badge"]')?.textContent?.trim(), 'Succeeded');
      // Minutes without a refresh: a finished run's detail cannot change, so it is not marked
      // outdated ("reconnecting…" would be a false alarm).
      h.time.advance(5 * MINUTE);
      await el.updateComplete;
      // Booleans only: a failing assertion on an element would try to print it.
      assert.isFalse(!!shadow(el).querySelector('[data-state="outdated"]'), 'outdated marker');
      assert.isFalse(textOf(el).includes('reconnecting'), 'reconnecting…');
    });
  });

  describe('safety and links', () => {
    it('renders hostile strings as text', async () => {
      const detail = xssRunDetail();
      const h = await harness({ runs: [], detail: { [detail.id]: detail } });
      const el = await mount(h, detail.id);
      const root = shadow(el);
      assert.equal(root.querySelectorAll('img, script, svg[onload]').length, 0);
      for (const s of [XSS_STRINGS[0], XSS_STRINGS[2]]) expect(textOf(el)).to.contain(s);
      for (const a of root.querySelectorAll('a')) {
        expect(a.getAttribute('href') ?? '').not.to.match(/^\s*javascript:/i);
      }
      await expect(el).to.be.accessible();
    });

    it('links back to the list by default, and never to an unsafe back-href', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'b' })] });
      const el = await mount(h, 'b');
      const back = shadow(el).querySelector<HTMLAnchorElement>('.back a');
      assert.equal(back?.getAttribute('href'), '#/operations?workspace=ws_1');
      const unsafe = await mount(h, 'b', { 'back-href': 'javascript:alert(1)' });
      assert.isNull(shadow(unsafe).querySelector('.back a'));
      const custom = await mount(h, 'b', { 'back-href': '/admin/ops?status=active' });
      assert.equal(
        shadow(custom).querySelector('.back a')?.getAttribute('href'),
        '/admin/ops?status=active',
      );
    });

    it('keeps the filters of the list the run was opened from', async () => {
      sessionStorage.setItem(
        LIST_ORIGIN_KEY,
        JSON.stringify({
          runId: 'o',
          workspace: 'ws_1',
          href: '#/operations?workspace=ws_1&freshness=likely_stale',
          filters: { workspace: 'ws_1', freshness: ['likely_stale'] },
        }),
      );
      const h = await harness({ runs: [staleRunning({ id: 'o' })] });
      const el = await mount(h, 'o');
      const back = shadow(el).querySelector<HTMLAnchorElement>('.back a');
      assert.equal(
        back?.getAttribute('href'),
        '#/operations?workspace=ws_1&freshness=likely_stale',
      );
      let detail: RunsightNavigateEvent['detail'] | undefined;
      el.addEventListener('runsight-navigate', (e) => {
        detail = e.detail;
        e.preventDefault();
      });
      back?.click();
      assert.equal(detail?.target, 'list');
      assert.deepEqual(detail?.filters?.freshness, ['likely_stale']);
    });

    it('reads the list origin once per run id and on connect, not on every render', async () => {
      const origin = (freshness: string, runId: string) =>
        JSON.stringify({
          runId,
          workspace: 'ws_1',
          href: `#/operations?workspace=ws_1&freshness=${freshness}`,
          filters: { workspace: 'ws_1', freshness: [freshness] },
        });
      sessionStorage.setItem(LIST_ORIGIN_KEY, origin('likely_stale', 'o'));
      const h = await harness({ runs: [staleRunning({ id: 'o' }), freshRunning({ id: 'p' })] });
      const el = await mount(h, 'o');
      const backHref = () => shadow(el).querySelector('.back a')?.getAttribute('href');
      assert.equal(backHref(), '#/operations?workspace=ws_1&freshness=likely_stale');

      const getItem = Storage.prototype.getItem;
      let reads = 0;
      Storage.prototype.getItem = function (this: Storage, key: string) {
        if (key === LIST_ORIGIN_KEY) reads++;
        return getItem.call(this, key);
      };
      try {
        sessionStorage.setItem(LIST_ORIGIN_KEY, origin('past_expected', 'p'));
        el.requestUpdate();
        await el.updateComplete;
        await el.refresh();
        await el.updateComplete;
        assert.equal(reads, 0, 'renders of the same run do not read the storage');
        assert.equal(backHref(), '#/operations?workspace=ws_1&freshness=likely_stale');

        el.runId = 'p';
        await el.updateComplete;
        assert.equal(reads, 1, 'a new run id reads it once');
        assert.equal(backHref(), '#/operations?workspace=ws_1&freshness=past_expected');

        sessionStorage.setItem(LIST_ORIGIN_KEY, origin('reconciled_failed', 'p'));
        const parent = el.parentElement as HTMLElement;
        el.remove();
        parent.append(el);
        await el.updateComplete;
        await h.settled(el);
        assert.equal(reads, 2, 'reconnecting reads it again');
        assert.equal(backHref(), '#/operations?workspace=ws_1&freshness=reconciled_failed');
      } finally {
        Storage.prototype.getItem = getItem;
      }
    });

    it('uses the remembered list only for the run opened from it', async () => {
      // Opened from the list filtered to likely-stale runs …
      sessionStorage.setItem(
        LIST_ORIGIN_KEY,
        JSON.stringify({
          runId: 'o',
          workspace: 'ws_1',
          href: '#/operations?workspace=ws_1&freshness=likely_stale',
          filters: { workspace: 'ws_1', freshness: ['likely_stale'] },
        }),
      );
      const h = await harness({ runs: [staleRunning({ id: 'o' }), freshRunning({ id: 'f' })] });
      // … then a fresh run opened from a card, a shared link or another tab: the default list.
      const fresh = await mount(h, 'f');
      assert.equal(
        shadow(fresh).querySelector('.back a')?.getAttribute('href'),
        '#/operations?workspace=ws_1',
      );
      let detail: RunsightNavigateEvent['detail'] | undefined;
      fresh.addEventListener('runsight-navigate', (e) => {
        detail = e.detail;
        e.preventDefault();
      });
      shadow(fresh).querySelector<HTMLAnchorElement>('.back a')?.click();
      assert.deepEqual(detail?.filters, { workspace: 'ws_1' });
      // The run that was opened from the list still goes back to it.
      const opened = await mount(h, 'o');
      assert.equal(
        shadow(opened).querySelector('.back a')?.getAttribute('href'),
        '#/operations?workspace=ws_1&freshness=likely_stale',
      );
      // An origin written without a run id (an older version) is not trusted either.
      sessionStorage.setItem(
        LIST_ORIGIN_KEY,
        JSON.stringify({
          workspace: 'ws_1',
          href: '#/operations?workspace=ws_1&freshness=likely_stale',
          filters: { workspace: 'ws_1', freshness: ['likely_stale'] },
        }),
      );
      const legacy = await mount(h, 'o');
      assert.equal(
        shadow(legacy).querySelector('.back a')?.getAttribute('href'),
        '#/operations?workspace=ws_1',
      );
    });

    it('remembers the run an <ops-list> row opened, for that run only', async () => {
      const h = await harness({ runs: [staleRunning({ id: 'o' }), freshRunning({ id: 'f' })] });
      const list = document.createElement('ops-list');
      list.setAttribute('workspace', FIXTURE_WORKSPACE);
      list.setAttribute('freshness', 'likely_stale');
      list.client = h.client;
      const wrap = await fixture<HTMLDivElement>(html`<div style="width:900px"></div>`);
      wrap.append(list);
      await h.settled(list);
      await waitUntil(
        () => shadow(list).querySelector('[data-run-id="o"] a'),
        'the stale run in the list',
      );
      list.addEventListener('runsight-navigate', (e) => e.preventDefault());
      shadow(list).querySelector<HTMLAnchorElement>('[data-run-id="o"] a')?.click();
      const opened = await mount(h, 'o');
      expect(shadow(opened).querySelector('.back a')?.getAttribute('href')).to.contain(
        'freshness=likely_stale',
      );
      const other = await mount(h, 'f');
      assert.equal(
        shadow(other).querySelector('.back a')?.getAttribute('href'),
        '#/operations?workspace=ws_1',
      );
    });

    it('renders the detail served for a run with its own context', async () => {
      const run = freshRunning({ id: 'ctx' });
      const h = await harness({
        runs: [run],
        detail: { ctx: runDetail(run, { context: { a: 1, b: true }, events: [] }) },
      });
      const el = await mount(h, 'ctx');
      expect(textOf(el)).to.contain('No events recorded.');
      expect(textOf(el)).to.contain('b true');
    });
  });
});
