import { aTimeout, assert, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createClient, createManualTimeSource, parseRuns } from '@runsight/api-client';
import {
  FIXTURE_NOW_MS,
  FIXTURE_TENANT,
  FIXTURE_WORKSPACE,
  HOUR,
  MINUTE,
  SECOND,
  XSS_STRINGS,
  crossTenantRuns,
  errorHandlers,
  freshQueued,
  freshRunning,
  isoAt,
  malformedRows,
  manyRuns,
  pastExpectedRunning,
  reconciledFailed,
  staleQueued,
  requestLog,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownStatusRun,
  wireRun,
  xssRun,
} from '@runsight/api-client/fixtures';
import { http, HttpResponse } from 'msw';
import type { RunsightNavigateEvent } from '../events.js';
import type { LinkBuilder } from '../internal/links.js';
import { disposeHarnesses, harness, shadow, textOf, type Harness } from '../testing/harness.js';
import './ops-list.define.js';
import { LIST_ORIGIN_KEY, ROW_HEIGHT, type OpsList } from './ops-list.js';

const LIST = '/api/operation-runs';

const rowsOf = (el: OpsList): HTMLElement[] => [
  ...shadow(el).querySelectorAll<HTMLElement>('.tbody [role="row"]'),
];
const idsOf = (el: OpsList): string[] => rowsOf(el).map((r) => r.dataset.runId ?? '');
const scrollerOf = (el: OpsList): HTMLElement => {
  const s = shadow(el).querySelector<HTMLElement>('.scroller');
  if (!s) throw new Error('no table');
  return s;
};
const buttonByText = (el: OpsList, text: string): HTMLButtonElement | undefined =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    (b.textContent ?? '').includes(text),
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
async function scrollTo(el: OpsList, top: number): Promise<void> {
  const s = scrollerOf(el);
  s.scrollTop = top;
  s.dispatchEvent(new Event('scroll'));
  await el.updateComplete;
}
const activeRow = (el: OpsList): HTMLElement | null =>
  (shadow(el).activeElement as HTMLElement | null)?.closest<HTMLElement>('[role="row"]') ?? null;
const key = (target: Element, k: string): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
};

async function mount(h: Harness, attrs = '', extra: Partial<OpsList> = {}): Promise<OpsList> {
  const el = document.createElement('ops-list');
  el.setAttribute('workspace', FIXTURE_WORKSPACE);
  for (const part of attrs.split(' ').filter(Boolean)) {
    const [name, value = ''] = part.split('=');
    el.setAttribute(name as string, value);
  }
  el.client = h.client;
  Object.assign(el, extra);
  const wrap = await fixture<HTMLDivElement>(html`<div style="width:1100px"></div>`);
  wrap.append(el);
  await el.updateComplete;
  await h.settled(el);
  return el;
}

/** n fresh running runs, newest first, ids r000.. */
function runsN(n: number, prefix = 'r'): ReturnType<typeof wireRun>[] {
  return Array.from({ length: n }, (_, i) =>
    wireRun({
      id: `${prefix}${String(i).padStart(3, '0')}`,
      created_at: isoAt(-(i + 1) * SECOND),
      started_at: isoAt(-(i + 1) * SECOND),
    }),
  );
}

describe('<ops-list>', () => {
  afterEach(() => {
    disposeHarnesses();
    sessionStorage.removeItem(LIST_ORIGIN_KEY);
  });

  describe('states', () => {
    it('shows a skeleton with aria-busy while loading', async () => {
      const h = await harness({ runs: [freshRunning()], delayMs: 400 });
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${h.client}></ops-list>`,
      );
      assert.ok(shadow(el).querySelector('.skeleton[aria-busy="true"]'));
      assert.equal(rowsOf(el).length, 0);
      await expect(el).to.be.accessible();
      await h.settled(el);
      assert.equal(rowsOf(el).length, 1);
    });

    it('says so when nothing matches, with the active wording for active lists', async () => {
      const h = await harness({ runs: [] });
      const el = await mount(h);
      expect(textOf(el)).to.contain('No operations match these filters.');
      await expect(el).to.be.accessible();
      const active = await mount(h, 'status=active');
      expect(textOf(active)).to.contain('No active operations');
    });

    it('renders a mixed list with badges from active-state, accessibly', async () => {
      const h = await harness({
        runs: [
          freshRunning({ id: 'a' }),
          pastExpectedRunning({ id: 'b' }),
          staleRunning({ id: 'c' }),
          staleByHeartbeat({ id: 'd' }),
          reconciledFailed({ id: 'e' }),
          succeededRun({ id: 'f' }),
          unknownStatusRun({ id: 'g' }),
        ],
      });
      const el = await mount(h);
      const byId = Object.fromEntries(
        rowsOf(el).map((r) => [r.dataset.runId, r.dataset.freshness]),
      );
      assert.deepEqual(byId, {
        a: 'fresh',
        b: 'past_expected',
        c: 'likely_stale',
        d: 'likely_stale',
        e: 'reconciled_failed',
        f: 'terminal',
        g: 'unknown',
      });
      const badge = (id: string): string =>
        (
          rowsOf(el)
            .find((r) => r.dataset.runId === id)
            ?.querySelector('[part~="badge"]')?.textContent ?? ''
        ).trim();
      assert.equal(badge('a'), 'Running');
      assert.equal(badge('b'), 'Past expected');
      assert.equal(badge('c'), 'Likely stale');
      assert.equal(badge('e'), 'Reconciled failed');
      assert.equal(badge('f'), 'Succeeded');
      assert.equal(badge('g'), 'Unknown');
      const table = shadow(el).querySelector('[role="table"]');
      assert.equal(table?.getAttribute('aria-rowcount'), '8');
      assert.deepEqual(
        rowsOf(el).map((r) => r.getAttribute('aria-rowindex')),
        ['2', '3', '4', '5', '6', '7', '8'],
      );
      await expect(el).to.be.accessible();
    });

    it('says how many rows could not be read', async () => {
      const h = await harness({ runs: [freshRunning(), ...malformedRows()] });
      const el = await mount(h);
      assert.equal(rowsOf(el).length, 1);
      expect(textOf(el)).to.contain('4 rows could not be read and are not shown.');
      await expect(el).to.be.accessible();
    });

    const failures: [string, () => ReturnType<typeof errorHandlers.unauthorized>, string][] = [
      ['401', () => errorHandlers.unauthorized(), 'You are not signed in'],
      ['404', () => errorHandlers.notFound(), 'Not found, or you do not have access to it.'],
      ['429', () => errorHandlers.rateLimited({ retryAfter: 60 }), 'Too many requests'],
      ['500', () => errorHandlers.serverError(), 'The server ran into an error.'],
      ['offline', () => errorHandlers.networkError(), 'You appear to be offline'],
      ['non-JSON', () => errorHandlers.nonJson(), 'The server sent an unexpected response.'],
    ];
    for (const [name, handlers, text] of failures) {
      it(`explains a ${name} in plain words with Retry, and keeps earlier data`, async () => {
        const h = await harness({ runs: [freshRunning({ id: 'kept' })] });
        const el = await mount(h);
        assert.deepEqual(idsOf(el), ['kept']);
        h.use(...handlers());
        await el.refresh();
        await el.updateComplete;
        expect(textOf(el)).to.contain(text);
        assert.deepEqual(idsOf(el), ['kept'], 'earlier data stays on screen');
        assert.ok(buttonByText(el, 'Retry'));
        await expect(el).to.be.accessible();
      });
    }

    it('shows the error without data and recovers on Retry', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'later' })] });
      let failing = true;
      h.use(
        http.get('/api/operation-runs', () =>
          failing
            ? HttpResponse.json({ error: { code: 'internal', message: 'x' } }, { status: 500 })
            : undefined,
        ),
      );
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${h.client}></ops-list>`,
      );
      await h.settled(el);
      expect(textOf(el)).to.contain('The server ran into an error.');
      assert.equal(rowsOf(el).length, 0);
      await expect(el).to.be.accessible();
      failing = false;
      buttonByText(el, 'Retry')?.click();
      await waitUntil(() => rowsOf(el).length === 1, 'retry did not load');
    });

    it('marks outdated data while freshness keeps being derived', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'x' })] });
      const el = await mount(h);
      h.use(...errorHandlers.networkError());
      h.time.advance(61 * SECOND); // > 2 × the 30 s poll interval since the last success
      await el.updateComplete;
      expect(textOf(el)).to.match(/Data as of .* — reconnecting…/);
      assert.equal(rowsOf(el)[0]?.dataset.freshness, 'fresh');
      h.time.advance(5 * MINUTE); // expected_by (started + 10 min) passes while still offline
      await el.updateComplete;
      expect(textOf(el)).to.match(/Data as of .* — reconnecting…/);
      assert.equal(rowsOf(el)[0]?.dataset.freshness, 'past_expected');
      await expect(el).to.be.accessible();
    });

    it('speaks German with locale="de"', async () => {
      const h = await harness({ runs: [staleRunning({ id: 'de' })] });
      const el = await mount(h, 'locale=de');
      expect(textOf(el)).to.contain('Vorgang');
      expect(textOf(el)).to.contain('Vermutlich hängengeblieben');
      expect(textOf(el)).to.contain('Live-Aktualisierung anhalten');
      await expect(el).to.be.accessible();
    });

    it('asks for the workspace attribute', async () => {
      const el = await fixture<OpsList>(html`<ops-list></ops-list>`);
      expect(textOf(el)).to.contain('needs a "workspace" attribute');
    });
  });

  describe('time', () => {
    it('turns a row past expected on time alone, with no new request', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'tick' })] });
      const el = await mount(h, 'poll-interval=0');
      assert.equal(rowsOf(el)[0]?.dataset.freshness, 'fresh');
      const requests = requestLog.count(LIST);
      h.time.advance(6 * MINUTE); // expected_by is 5 min ahead
      await el.updateComplete;
      assert.equal(rowsOf(el)[0]?.dataset.freshness, 'past_expected');
      h.time.advance(50 * MINUTE); // stale_after 55 min ahead
      await el.updateComplete;
      assert.equal(rowsOf(el)[0]?.dataset.freshness, 'likely_stale');
      assert.equal(requestLog.count(LIST), requests);
      expect(el.shadowRoot?.querySelector('[role="status"]')?.textContent).to.contain(
        'turned likely stale',
      );
    });
  });

  describe('safety', () => {
    it('renders hostile strings as text', async () => {
      const h = await harness({ runs: [xssRun()] });
      const el = await mount(h);
      const root = shadow(el);
      assert.equal(root.querySelectorAll('img, script, svg[onload]').length, 0);
      expect(textOf(el)).to.contain(XSS_STRINGS[0]);
      for (const a of root.querySelectorAll('a')) {
        expect(a.getAttribute('href') ?? '').to.match(/^#\/operations\//);
      }
      await expect(el).to.be.accessible();
    });

    it('never renders a javascript: href from a link builder', async () => {
      const h = await harness({ runs: [freshRunning({ id: 'evil' })] });
      const links: LinkBuilder = { run: () => 'javascript:alert(1)', list: () => '#/x' };
      const el = await mount(h, '', { links });
      assert.equal(shadow(el).querySelectorAll('a[href]').length, 0);
      expect(textOf(el)).to.contain('Inventory sync');
    });

    it('drops rows of other tenants when tenant is set', async () => {
      const h = await harness({
        runs: [freshRunning({ id: 'mine' }), ...crossTenantRuns()],
        ignoreTenantFilter: true,
      });
      const el = await mount(h, `tenant=${FIXTURE_TENANT.id}`);
      assert.deepEqual(idsOf(el), ['mine']);
      assert.isNull(shadow(el).querySelector('#f-tenant'), 'tenant filter hidden when fixed');
      assert.include(
        requestLog.filter(LIST)[0]?.url.searchParams.get('tenant') ?? '',
        FIXTURE_TENANT.id,
      );
    });
  });

  describe('filters', () => {
    it('has labelled controls and refetches with the chosen filters', async () => {
      const h = await harness({
        runs: [freshRunning({ id: 'run' }), succeededRun({ id: 'done' })],
      });
      const el = await mount(h);
      for (const id of ['f-status', 'f-freshness', 'f-type', 'f-tenant', 'f-sort']) {
        const label = shadow(el).querySelector(`label[for="${id}"]`);
        assert.ok(label?.textContent?.trim(), `label for ${id}`);
      }
      await choose(el, 'f-status', 'completed');
      await waitUntil(() => idsOf(el).join() === 'done', 'finished filter');
      const last = requestLog.filter(LIST).at(-1)?.url.searchParams;
      assert.equal(last?.get('status'), 'completed');
      await choose(el, 'f-sort', 'attention');
      await h.settled(el);
      assert.equal(requestLog.filter(LIST).at(-1)?.url.searchParams.get('sort'), 'attention');
      await expect(el).to.be.accessible();
    });
  });

  describe('copy from the catalog', () => {
    const selectedText = (el: OpsList, id: string): string | undefined =>
      select(el, id).selectedOptions[0]?.textContent?.trim();
    const cellTexts = (el: OpsList, runId: string): string[] =>
      [...shadow(el).querySelectorAll<HTMLElement>(`[data-run-id="${runId}"] [role="cell"]`)].map(
        (c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
      );
    const FILTERS =
      'status=queued,completed freshness=past_expected,likely_stale,reconciled_failed';

    it('labels a filter of several values as a list in the locale (Intl.ListFormat)', async () => {
      const h = await harness({ runs: [] });
      const en = await mount(h, FILTERS);
      assert.equal(selectedText(en, 'f-status'), 'Queued, Finished');
      assert.equal(
        selectedText(en, 'f-freshness'),
        'Past expected, Likely stale, Reconciled failed',
      );
      const de = await mount(h, `${FILTERS} locale=de`);
      assert.equal(selectedText(de, 'f-status'), 'In Warteschlange, Beendet');
      assert.equal(
        selectedText(de, 'f-freshness'),
        'Überfällig, Vermutlich hängengeblieben und Automatisch fehlgeschlagen',
      );
      await expect(de).to.be.accessible();
    });

    it('fills empty cells and the failed count from the catalog', async () => {
      const runs = () => [
        freshRunning({ id: 'bare', initiator: null, progress: null }),
        freshRunning({
          id: 'failing',
          progress: { total: 120, processed: 40, succeeded: 38, failed: 2 },
        }),
      ];
      const h = await harness({ runs: runs() });
      const en = await mount(h);
      const bare = cellTexts(en, 'bare');
      assert.equal(bare[5], '—', 'no progress');
      assert.equal(bare[6], '—', 'no initiator');
      expect(cellTexts(en, 'failing')[5]).to.match(/ · 2 failed$/);
      const de = await mount(h, 'locale=de');
      assert.equal(cellTexts(de, 'bare')[6], '—');
      expect(cellTexts(de, 'failing')[5]).to.match(/ · 2 fehlgeschlagen$/);
    });

    it('builds the filter options once, not on every render; new types, filters and locale rebuild them', async () => {
      const typed = (id: string, type: string, label: string) =>
        freshRunning({ id, type, type_label: label });
      const first = parseRuns([
        typed('c', 'c.type', 'Gamma'),
        typed('a', 'a.type', 'Alpha'),
        typed('b', 'b.type', 'Beta'),
      ]).runs;
      const h = await harness({ runs: [] });
      const el = await mount(h, '', { runs: first });
      const typeLabels = (): string[] =>
        [...select(el, 'f-type').options].map((o) => o.textContent?.trim() ?? '');
      assert.deepEqual(typeLabels(), ['All types', 'Alpha', 'Beta', 'Gamma']);

      const original = String.prototype.localeCompare;
      let compares = 0;
      String.prototype.localeCompare = function (
        this: string,
        that: string,
        locales?: Intl.LocalesArgument,
        options?: Intl.CollatorOptions,
      ) {
        compares++;
        return original.call(this, that, locales, options);
      };
      try {
        el.requestUpdate(); // a time-related update
        await el.updateComplete;
        await scrollTo(el, ROW_HEIGHT);
        assert.equal(compares, 0, 'no re-sort when nothing the options show changed');

        el.runs = [...first, ...parseRuns([typed('d', 'd.type', 'Delta')]).runs];
        await el.updateComplete;
        assert.isAbove(compares, 0, 'a new type re-sorts');
        assert.deepEqual(typeLabels(), ['All types', 'Alpha', 'Beta', 'Delta', 'Gamma']);
      } finally {
        String.prototype.localeCompare = original;
      }

      await choose(el, 'f-freshness', 'past_expected');
      assert.equal(select(el, 'f-freshness').value, 'past_expected', 'new filters, new options');
      el.locale = 'de';
      await el.updateComplete;
      assert.equal(typeLabels()[0], 'Alle Typen', 'a new locale relabels');
      el.tenant = FIXTURE_TENANT.id;
      await el.updateComplete;
      assert.isNull(
        shadow(el).querySelector('#f-tenant'),
        'a tenant set later removes the tenant filter',
      );
      assert.equal(typeLabels()[0], 'Alle Typen', 'the bar is rendered again, still in German');
    });

    it('shows the filter bar again when a missing workspace comes back', async () => {
      // The bar's memo must not answer `noChange` into the section built anew. (A workspace
      // change also applies new filters, hence new options; without that the test fails unless
      // the missing-attribute state forgets the bar, as it does.)
      const h = await harness({ runs: [] });
      const el = await mount(h, '', { runs: parseRuns([freshRunning({ id: 'a' })]).runs });
      assert.exists(shadow(el).querySelector('#f-status'));
      const workspace = el.workspace;
      el.workspace = '';
      await el.updateComplete;
      assert.isNull(shadow(el).querySelector('#f-status'), 'the missing-attribute message only');
      el.workspace = workspace;
      await el.updateComplete;
      assert.exists(shadow(el).querySelector('#f-status'), 'the filter bar is back');
      assert.exists(shadow(el).querySelector('[data-run-id="a"]'));
    });
  });

  describe('sync-url', () => {
    let saved = '';
    beforeEach(() => {
      saved = `${location.pathname}${location.search}${location.hash}`;
    });
    afterEach(() => history.replaceState(null, '', saved));

    it('reads the hash query of a hash-routed host, writes it back and Back restores', async () => {
      history.replaceState(
        null,
        '',
        `${location.pathname}${location.search}#/operations?workspace=ws_1&tenant=t_1&freshness=likely_stale`,
      );
      const h = await harness({
        runs: [staleRunning({ id: 'stale' }), freshRunning({ id: 'fresh' })],
      });
      const el = await mount(h, 'sync-url');
      assert.equal(select(el, 'f-freshness').value, 'likely_stale');
      assert.equal(select(el, 'f-tenant').value, 't_1');
      const first = requestLog.filter(LIST)[0]?.url.searchParams;
      assert.equal(first?.get('freshness'), 'likely_stale');
      assert.deepEqual(idsOf(el), ['stale']);

      // Entries counted by their pushState calls, and Back played as the browser plays it for an
      // entry of the same document (the URL goes back, then `popstate`): the test page's session
      // history is at Chromium's cap of 50 entries after earlier test files, where neither
      // `history.length` nor `history.back()` can be relied on.
      const urls = [location.href];
      const pushState = history.pushState.bind(history);
      history.pushState = (...args: Parameters<History['pushState']>) => {
        pushState(...args);
        urls.push(location.href);
      };
      try {
        await choose(el, 'f-freshness', '');
        await choose(el, 'f-status', 'active');
      } finally {
        Reflect.deleteProperty(history, 'pushState'); // History.prototype's again
      }
      assert.equal(urls.length, 3, 'one history entry per change');
      assert.equal(location.hash, '#/operations?workspace=ws_1&tenant=t_1&status=active');
      await h.settled(el);

      const back = async () => {
        urls.pop();
        history.replaceState(null, '', urls.at(-1));
        window.dispatchEvent(new PopStateEvent('popstate'));
        await el.updateComplete;
      };
      await back();
      assert.equal(select(el, 'f-status').value, '');
      assert.equal(select(el, 'f-freshness').value, '');
      await back();
      assert.equal(select(el, 'f-freshness').value, 'likely_stale');
    });

    it('ignores history changes of other host routes (a run page while the list stays mounted)', async () => {
      history.replaceState(
        null,
        '',
        `${location.pathname}${location.search}#/operations?status=completed`,
      );
      const h = await harness({ runs: [succeededRun({ id: 'done' })] });
      const el = await mount(h, 'sync-url');
      assert.equal(select(el, 'f-status').value, 'completed');
      history.pushState(
        null,
        '',
        `${location.pathname}${location.search}#/operations/done?tenant=t_9`,
      );
      window.dispatchEvent(new PopStateEvent('popstate'));
      await el.updateComplete;
      assert.equal(select(el, 'f-status').value, 'completed');
      assert.equal(select(el, 'f-tenant').value, '');
    });

    it('uses location.search when the page is not hash-routed', async () => {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
      const h = await harness({ runs: [freshRunning({ id: 'x' })] });
      const el = await mount(h, 'sync-url status=active');
      await choose(el, 'f-sort', 'attention');
      const params = new URLSearchParams(location.search);
      assert.equal(params.get('sort'), 'attention');
      assert.isNull(params.get('status'), 'equal to the attribute default: not written');
      await choose(el, 'f-status', '');
      assert.equal(new URLSearchParams(location.search).get('status'), 'all');
    });
  });

  describe('keyboard and links', () => {
    it('moves focus with arrows, Home/End and PageUp/PageDown, and Enter opens the run', async () => {
      const h = await harness({ runs: runsN(40) });
      const el = await mount(h);
      const rows = rowsOf(el);
      assert.deepEqual(
        rows.filter((r) => r.tabIndex === 0).map((r) => r.dataset.index),
        ['0'],
        'one tab stop',
      );
      rows[0]?.focus();
      key(rows[0] as HTMLElement, 'ArrowDown');
      await el.updateComplete;
      assert.equal(activeRow(el)?.dataset.index, '1');
      key(activeRow(el) as HTMLElement, 'End');
      await el.updateComplete;
      await el.updateComplete;
      assert.equal(activeRow(el)?.dataset.index, '39');
      assert.isAbove(scrollerOf(el).scrollTop, 0, 'scrolled to the last row');
      key(activeRow(el) as HTMLElement, 'PageUp');
      await el.updateComplete;
      await el.updateComplete;
      const afterPageUp = Number(activeRow(el)?.dataset.index);
      assert.isBelow(afterPageUp, 34);
      assert.isAtLeast(afterPageUp, 25);
      key(activeRow(el) as HTMLElement, 'Home');
      await el.updateComplete;
      await el.updateComplete;
      assert.equal(activeRow(el)?.dataset.index, '0');
      key(activeRow(el) as HTMLElement, 'ArrowUp');
      await el.updateComplete;
      assert.equal(activeRow(el)?.dataset.index, '0');

      let detail: RunsightNavigateEvent['detail'] | undefined;
      el.addEventListener('runsight-navigate', (e) => {
        detail = e.detail;
        e.preventDefault();
      });
      key(activeRow(el) as HTMLElement, 'Enter');
      assert.equal(detail?.runId, 'r000');
      assert.equal(detail?.target, 'run');
      assert.equal(detail?.href, '#/operations/r000?workspace=ws_1&tenant=t_1');
      const origin = JSON.parse(sessionStorage.getItem(LIST_ORIGIN_KEY) ?? '{}') as {
        href?: string;
      };
      assert.equal(origin.href, '#/operations?workspace=ws_1');
      await expect(el).to.be.accessible();
    });
  });

  describe('paging and virtualisation', () => {
    it('appends the next page with the cursor on Load more', async () => {
      const h = await harness({ runs: runsN(120) });
      const el = await mount(h, 'page-size=50');
      assert.equal(el.loadedRuns.length, 50);
      buttonByText(el, 'Load more')?.click();
      await waitUntil(() => el.loadedRuns.length === 100, 'second page');
      const second = requestLog.filter(LIST).at(-1)?.url.searchParams;
      assert.equal(second?.get('cursor'), 'c50');
      assert.equal(el.loadedRuns[50]?.id, 'r050');
      buttonByText(el, 'Load more')?.click();
      await waitUntil(() => el.loadedRuns.length === 120, 'third page');
      assert.isUndefined(buttonByText(el, 'Load more'), 'no more pages');
      expect(textOf(el)).to.contain('120 operations');
      assert.notInclude(textOf(el), 'more available');
      await expect(el).to.be.accessible();
    });

    it('keeps appended rows with active runs up to date, and stops polling pages of finished runs', async () => {
      const tail = (activeId: string | null) =>
        Array.from({ length: 10 }, (_, i) => {
          const id = `t${i}`;
          const created = isoAt(-(100 + i) * SECOND);
          return id === activeId
            ? wireRun({ id, created_at: created, started_at: created })
            : succeededRun({ id, created_at: created });
        });
      const h = await harness({ runs: [...runsN(50), ...tail('t5')] });
      const el = await mount(h, 'page-size=50 poll-interval=0.05');
      buttonByText(el, 'Load more')?.click();
      await waitUntil(() => el.loadedRuns.length === 60, 'second page');
      const page2 = (u: URL) => u.searchParams.get('cursor') === 'c50';
      h.setRuns([...runsN(50), ...tail(null)]);
      await waitUntil(
        () => el.loadedRuns.find((r) => r.id === 't5')?.status === 'completed',
        'the appended active run was refreshed in place',
      );
      assert.deepEqual(
        el.loadedRuns.slice(50).map((r) => r.id),
        ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'],
      );
      await aTimeout(100);
      const settledCount = requestLog.count(page2);
      await aTimeout(300);
      assert.equal(requestLog.count(page2), settledCount, 'a page of finished runs is not polled');
      assert.isAbove(requestLog.count(LIST), settledCount, 'the first page still is');
    });

    it('keeps Load more errors local and retries', async () => {
      const h = await harness({ runs: runsN(60) });
      const el = await mount(h, 'page-size=50');
      h.use(...errorHandlers.serverError({ once: true }));
      buttonByText(el, 'Load more')?.click();
      await waitUntil(() => textOf(el).includes('The server ran into an error.'), 'error');
      assert.equal(el.loadedRuns.length, 50);
      buttonByText(el, 'Retry')?.click();
      await waitUntil(() => el.loadedRuns.length === 60, 'retried');
    });

    /**
     * Delays "Load more" answers (requests with a cursor) by `delayMs` and records the signal each
     * `listRuns` call got (MSW's browser handlers do not see a page-side abort; the signal does).
     */
    const holdPages = (h: Harness, delayMs: number) => {
      const requested: string[] = [];
      const answered: string[] = [];
      const signals: AbortSignal[] = [];
      h.use(
        http.get(LIST, async ({ request }) => {
          const cursor = new URL(request.url).searchParams.get('cursor');
          if (!cursor) return undefined;
          requested.push(cursor);
          await aTimeout(delayMs);
          answered.push(cursor);
          return undefined; // the fixture rows answer
        }),
      );
      const listRuns = h.client.listRuns;
      h.client.listRuns = (query, opts) => {
        if (query.cursor && opts?.signal) signals.push(opts.signal);
        return listRuns(query, opts);
      };
      return { requested, answered, signals };
    };

    it('aborts a pending Load more when the element is removed: no rows, no error', async () => {
      const h = await harness({ runs: runsN(120) });
      const el = await mount(h, 'page-size=50');
      const errors: Event[] = [];
      el.addEventListener('runsight-error', (e) => errors.push(e));
      const { requested, answered, signals } = holdPages(h, 300);
      buttonByText(el, 'Load more')?.click();
      buttonByText(el, 'Load more')?.click(); // a double click loads once
      await el.updateComplete;
      const busy = buttonByText(el, 'Loading more');
      assert.isTrue(busy?.disabled, 'disabled while loading');
      assert.equal(signals.length, 1, 'one request');
      await waitUntil(() => requested.length === 1, 'the request reached the server');
      const parent = el.parentElement!;
      el.remove();
      assert.isTrue(signals[0]?.aborted, 'the request was aborted');
      await waitUntil(() => answered.length === 1, 'the held answer came');
      await aTimeout(50);
      parent.append(el);
      await el.updateComplete;
      assert.equal(el.loadedRuns.length, 50, 'nothing appended');
      assert.deepEqual(errors, [], 'an abort is not an error');
      const button = buttonByText(el, 'Load more');
      assert.isFalse(button?.disabled, 'Load more is available again');
      assert.notInclude(textOf(el), 'Retry');
      button?.click();
      await waitUntil(() => el.loadedRuns.length === 100, 'loads after reconnecting');
    });

    it('discards a pending Load more when the filters change', async () => {
      const h = await harness({ runs: runsN(120) });
      const el = await mount(h, 'page-size=50');
      const errors: Event[] = [];
      el.addEventListener('runsight-error', (e) => errors.push(e));
      const { requested, answered, signals } = holdPages(h, 300);
      buttonByText(el, 'Load more')?.click();
      assert.equal(signals.length, 1, 'one request');
      await waitUntil(() => requested.length === 1, 'the request reached the server');
      await choose(el, 'f-sort', 'attention');
      assert.isTrue(signals[0]?.aborted, 'the request was aborted');
      await h.settled(el);
      await waitUntil(() => answered.length === 1, 'the held answer came');
      await aTimeout(50);
      await el.updateComplete;
      assert.equal(el.loadedRuns.length, 50, 'only the new first page');
      assert.deepEqual(errors, []);
      assert.isFalse(buttonByText(el, 'Load more')?.disabled, 'Load more is available again');
    });

    it('forgets a Load more error when the filters change', async () => {
      const h = await harness({ runs: runsN(120) });
      const el = await mount(h, 'page-size=50');
      h.use(...errorHandlers.serverError({ once: true }));
      buttonByText(el, 'Load more')?.click();
      await waitUntil(() => textOf(el).includes('The server ran into an error.'), 'error');
      await choose(el, 'f-sort', 'attention');
      await h.settled(el);
      await waitUntil(() => buttonByText(el, 'Load more') !== undefined, 'Load more again');
      assert.notInclude(textOf(el), 'The server ran into an error.');
      assert.isUndefined(buttonByText(el, 'Retry'));
    });

    it('renders 10 000 runs with at most 200 rows in the DOM and the right rows after scrolling', async () => {
      const { runs } = parseRuns(manyRuns(10_000));
      const h = await harness({ runs: [] });
      const el = await fixture<OpsList>(
        html`<ops-list
          workspace=${FIXTURE_WORKSPACE}
          .client=${h.client}
          .runs=${runs}
        ></ops-list>`,
      );
      await el.updateComplete;
      await el.updateComplete;
      assert.isAtMost(rowsOf(el).length, 200);
      assert.isAtLeast(rowsOf(el).length, 5);
      assert.equal(requestLog.count(LIST), 0, 'static rows make no request');
      assert.equal(
        shadow(el).querySelector('[role="table"]')?.getAttribute('aria-rowcount'),
        '10001',
      );
      const sorted = [...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      await scrollTo(el, 5000 * ROW_HEIGHT);
      const indices = rowsOf(el).map((r) => Number(r.dataset.index));
      assert.include(indices, 5000);
      assert.isAtMost(rowsOf(el).length, 200);
      const row = rowsOf(el).find((r) => r.dataset.index === '5000');
      assert.equal(row?.dataset.runId, sorted[5000]?.id);
      assert.equal(row?.getAttribute('aria-rowindex'), '5002');
      await scrollTo(el, 10_000 * ROW_HEIGHT);
      assert.include(
        rowsOf(el).map((r) => r.dataset.runId),
        sorted[9999]?.id,
      );
    });
  });

  describe('derivation', () => {
    it('derives at the same instant while scrolling (time moves only with time-related updates)', async () => {
      const { runs } = parseRuns(manyRuns(2000, 5));
      const client = createClient({ timeSource: { now: () => Date.now() } });
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${client} .runs=${runs}></ops-list>`,
      );
      await el.updateComplete;
      const instant = (): number => (el as unknown as { renderNow: number }).renderNow;
      const before = instant();
      await aTimeout(20);
      await scrollTo(el, 300 * ROW_HEIGHT);
      await scrollTo(el, 900 * ROW_HEIGHT);
      assert.include(
        rowsOf(el).map((r) => r.dataset.index),
        '900',
      );
      assert.equal(instant(), before, 'scrolling did not move the derivation instant');
      el.requestUpdate(); // a time-related update (as the clock's timer or tick does)
      await el.updateComplete;
      assert.isAbove(instant(), before);
      client.dispose();
    });
  });

  describe('row reuse', () => {
    it('reuses row nodes when the window jumps (values are updated, no rows are built)', async () => {
      const { runs } = parseRuns(manyRuns(2000, 5));
      const client = createClient({ timeSource: { now: () => Date.now() } });
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${client} .runs=${runs}></ops-list>`,
      );
      await scrollTo(el, 10 * ROW_HEIGHT);
      const before = new Set(rowsOf(el));
      await scrollTo(el, 1500 * ROW_HEIGHT);
      const after = rowsOf(el);
      assert.include(
        after.map((r) => r.dataset.index),
        '1500',
      );
      assert.isTrue(
        after.every((r) => before.has(r)),
        'every row node of the new window was a row node before',
      );
      for (const r of after) {
        assert.equal(r.dataset.runId, runs[Number(r.dataset.index)]?.id, 'node shows its row');
        assert.equal(r.style.top, `${Number(r.dataset.index) * ROW_HEIGHT}px`);
      }
      client.dispose();
    });

    it('slides an indeterminate bar only while its run is working', async () => {
      const unknown = { total: null, processed: 7, succeeded: 7, failed: 0 };
      const h = await harness({
        runs: [
          freshRunning({ id: 'fresh', progress: unknown }),
          pastExpectedRunning({ id: 'late', progress: unknown }),
          staleRunning({ id: 'stale', progress: unknown }),
          staleByHeartbeat({ id: 'silent', progress: unknown }),
          reconciledFailed({ id: 'reconciled', progress: unknown }),
          succeededRun({ id: 'done', progress: unknown }),
          unknownStatusRun({ id: 'odd', progress: unknown }),
        ],
      });
      const el = await mount(h);
      const slides = (id: string): boolean => {
        const bar = shadow(el).querySelector(`[data-run-id="${id}"] [role="progressbar"]`);
        assert.exists(bar, `${id} has a bar`);
        assert.isNull(bar?.getAttribute('aria-valuenow') ?? null, `${id}: indeterminate`);
        return getComputedStyle(bar as Element, '::before').animationName !== 'none';
      };
      assert.isTrue(slides('fresh'), 'a fresh run is working');
      assert.isTrue(slides('late'), 'a run past its expected time is still working');
      for (const id of ['stale', 'silent', 'reconciled', 'done', 'odd']) {
        assert.isFalse(slides(id), `${id}: no ordinary progress for work that is not going on`);
      }
      await expect(el).to.be.accessible();
    });

    it('keeps every element of a reused row whatever the state of the run it shows', async () => {
      // Four kinds of run in turn: a slot that shows another run shows another kind (badge icon,
      // determinate / indeterminate / no progress bar, failed count, initiator or none).
      const kinds = [
        (o: Parameters<typeof wireRun>[0]) =>
          freshRunning({ ...o, progress: { total: 10, processed: 4, succeeded: 3, failed: 1 } }),
        (o: Parameters<typeof wireRun>[0]) =>
          succeededRun({ ...o, progress: null, initiator: null }),
        (o: Parameters<typeof wireRun>[0]) =>
          staleRunning({ ...o, progress: { total: null, processed: 7, succeeded: 7, failed: 0 } }),
        (o: Parameters<typeof wireRun>[0]) => freshQueued({ ...o, initiator: { name: 'Ana' } }),
      ];
      const wire = Array.from({ length: 200 }, (_, i) =>
        (kinds[i % 4] as (typeof kinds)[number])({
          id: `k${String(i).padStart(3, '0')}`,
          created_at: isoAt(-3 * HOUR - i * SECOND),
        }),
      );
      const { runs } = parseRuns(wire);
      const client = createClient({ timeSource: createManualTimeSource(FIXTURE_NOW_MS) });
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${client} .runs=${runs}></ops-list>`,
      );
      await scrollTo(el, 20 * ROW_HEIGHT);
      const before = new Map(rowsOf(el).map((r) => [r, [...r.querySelectorAll('*')]]));
      for (const rows of [21, 42, 63]) {
        await scrollTo(el, (20 + rows) * ROW_HEIGHT);
        for (const [row, elements] of before) {
          if (row.dataset.index === '0') continue; // the roving focus's row stays
          assert.deepEqual(
            [...row.querySelectorAll('*')],
            elements,
            `row ${row.dataset.index} (${row.dataset.runId}) kept its elements`,
          );
        }
      }
      const kindsShown = new Set(
        rowsOf(el).map((r) => r.querySelector('[part~="badge"]')?.getAttribute('data-badge')),
      );
      assert.isAtLeast(kindsShown.size, 4, 'the rows show runs of different states');
      client.dispose();
    });

    it('renders a row again only when its run, index, focus or anything but the window changed', async () => {
      // Four running runs (their age reads in minutes), then enough runs to scroll.
      const runs = [...runsN(4, 'a'), ...runsN(60)].map((r, i) =>
        wireRun({
          ...r,
          created_at: isoAt(-(i + 1) * MINUTE),
          started_at: isoAt(-(i + 1) * MINUTE),
        }),
      );
      const h = await harness({ runs });
      const el = await mount(h, 'poll-interval=0 page-size=200');
      // Every rendered row asks for its badge's label once.
      let rendered = 0;
      const badgeLabel = el.badgeLabel.bind(el);
      el.badgeLabel = (state) => {
        rendered++;
        return badgeLabel(state);
      };
      const cell = (id: string, col: number): string =>
        rowsOf(el)
          .find((r) => r.dataset.runId === id)
          ?.querySelectorAll('[role="cell"]')
          [col]?.textContent?.replace(/\s+/g, ' ')
          .trim() ?? '';
      const rowCount = rowsOf(el).length;
      assert.isAbove(rowCount, 8);

      // The window moves by one row: only the row entering it is rendered.
      await scrollTo(el, ROW_HEIGHT);
      assert.isAtMost(rendered, 2, 'rows that stay in their slot are not rendered again');

      // Focus moves: the rows that lose and take the roving tabindex are rendered again.
      rendered = 0;
      const first = rowsOf(el).find((r) => r.dataset.index === '1') as HTMLElement;
      first.focus();
      await el.updateComplete;
      key(first, 'ArrowDown');
      await el.updateComplete;
      assert.equal(first.getAttribute('tabindex'), '-1');
      assert.equal(
        rowsOf(el)
          .find((r) => r.dataset.index === '2')
          ?.getAttribute('tabindex'),
        '0',
      );
      assert.isAtLeast(rendered, 2);
      first.blur();

      // The minute ticks (no new data): every row is rendered again, its age moves on.
      await scrollTo(el, 0);
      const age = cell('a000', 4);
      rendered = 0;
      h.time.advance(MINUTE);
      await el.updateComplete;
      assert.isAtLeast(rendered, rowCount - 2, 'a time update renders every row');
      assert.notEqual(cell('a000', 4), age, 'the age follows the clock');

      // The run changes (a new object for the same id): its row shows the new run.
      const changed = [...runs];
      changed[1] = succeededRun({ id: 'a001', created_at: runs[1]?.created_at });
      h.setRuns(changed);
      await el.refresh();
      await el.updateComplete;
      const badge = (id: string): string | undefined =>
        rowsOf(el)
          .find((r) => r.dataset.runId === id)
          ?.querySelector('[part~="badge"]')
          ?.getAttribute('data-badge') ?? undefined;
      assert.equal(badge('a001'), 'succeeded');
      assert.equal(
        rowsOf(el).find((r) => r.dataset.runId === 'a001')?.dataset.freshness,
        'terminal',
      );
    });

    it('keeps the focused run focused (same node) while scrolling', async () => {
      const { runs } = parseRuns(manyRuns(2000, 5));
      const client = createClient({ timeSource: { now: () => Date.now() } });
      const el = await fixture<OpsList>(
        html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${client} .runs=${runs}></ops-list>`,
      );
      await scrollTo(el, 4 * ROW_HEIGHT);
      const row = rowsOf(el).find((r) => r.dataset.index === '6') as HTMLElement;
      row.focus();
      await el.updateComplete;
      const id = row.dataset.runId;
      for (const top of [5, 7, 3, 40, 900, 6].map((n) => n * ROW_HEIGHT)) {
        await scrollTo(el, top);
        assert.equal(activeRow(el), row, `focus stays on its node at scrollTop ${top}`);
        assert.equal(row.dataset.runId, id, 'the node still shows the focused run');
        assert.equal(row.getAttribute('tabindex'), '0');
      }
      key(row, 'ArrowDown');
      await el.updateComplete;
      assert.equal(activeRow(el)?.dataset.index, '7', 'keyboard movement goes on from that run');
      client.dispose();
    });
  });

  describe('layout', () => {
    /** The longest figures of each essential column (German badges are the longest). */
    const longRows = () => [
      staleRunning({
        id: 'stale',
        created_at: isoAt(-26 * HOUR - 5 * MINUTE),
        started_at: isoAt(-26 * HOUR),
        progress: { total: 1_234_567, processed: 123_456, succeeded: 111_111, failed: 12_345 },
      }),
      reconciledFailed({
        id: 'reconciled',
        created_at: isoAt(-30 * HOUR),
        started_at: isoAt(-29 * HOUR - 59 * MINUTE),
        completed_at: isoAt(-27 * HOUR),
      }),
      wireRun({
        id: 'indeterminate',
        progress: { total: null, processed: 1_234_567, succeeded: 1_234_567, failed: 0 },
      }),
      wireRun({
        id: 'partial',
        status: 'completed',
        outcome: 'partially_succeeded',
        created_at: isoAt(-3 * HOUR),
        started_at: isoAt(-2 * HOUR - 59 * MINUTE),
        completed_at: isoAt(-10 * MINUTE),
        progress: { total: 1_788, processed: 948, succeeded: 923, failed: 25 },
      }),
      staleQueued({ id: 'queued' }),
    ];

    /** Cells whose text is cut (ellipsis, clipped) or that spill out of their 48 px row. */
    function cutCells(el: OpsList): string[] {
      const out: string[] = [];
      for (const row of rowsOf(el)) {
        const box = row.getBoundingClientRect();
        const cells = [...row.querySelectorAll<HTMLElement>('[role="cell"]')];
        // essential figures: state, created/started, duration/age, progress
        for (const i of [2, 3, 4, 5]) {
          const cell = cells[i] as HTMLElement;
          const c = cell.getBoundingClientRect();
          for (const node of [cell, ...cell.querySelectorAll<HTMLElement>('*')]) {
            // icons, and nodes not rendered (no box to cut: a row without progress has no bar)
            if (node instanceof SVGElement || node.getClientRects().length === 0) continue;
            const r = node.getBoundingClientRect();
            if (
              node.scrollWidth > node.clientWidth + 1 ||
              node.scrollHeight > node.clientHeight + 1 ||
              r.right > c.right + 1 ||
              r.top < box.top - 1 ||
              r.bottom > box.bottom + 1
            ) {
              out.push(`${row.dataset.runId} col ${i}: "${node.textContent?.trim()}"`);
              break;
            }
          }
        }
      }
      return out;
    }

    for (const locale of ['de', 'en']) {
      it(`never cuts a badge or a figure (${locale}, 1100 and 1200 px)`, async () => {
        const h = await harness({ runs: longRows() });
        const el = await mount(h, `locale=${locale}`);
        assert.lengthOf(rowsOf(el), 5);
        assert.deepEqual(cutCells(el), []);
        (el.parentElement as HTMLElement).style.width = '1200px';
        await aTimeout(50);
        assert.deepEqual(cutCells(el), []);
        const scroller = scrollerOf(el);
        assert.isAtMost(scroller.scrollWidth, scroller.clientWidth + 1, 'no sideways scroll');
        const badge = shadow(el).querySelector(
          '[data-run-id="stale"] [part~="badge"]',
        ) as HTMLElement;
        assert.isBelow(badge.getBoundingClientRect().height, 24, 'one-line badge at 1200 px');
      });
    }

    it('scrolls horizontally on a narrow screen instead of cutting figures', async () => {
      const h = await harness({ runs: longRows() });
      const el = await mount(h, 'locale=de');
      (el.parentElement as HTMLElement).style.width = '420px';
      await aTimeout(50);
      assert.deepEqual(cutCells(el), []);
      const scroller = scrollerOf(el);
      assert.isAbove(scroller.scrollWidth, scroller.clientWidth, 'the table scrolls');
      await expect(el).to.be.accessible();
    });
  });

  describe('update cycle', () => {
    it('schedules no update from inside an update (no Lit change-in-update)', async () => {
      // Lit warns "change-in-update" once per page when an update is pending right after
      // updated(); the check is repeated here on every update of every ops-list.
      type Hooks = {
        updated(changed: Map<PropertyKey, unknown>): void;
        requestUpdate(name?: PropertyKey): void;
      };
      const proto = customElements.get('ops-list')!.prototype as unknown as Hooks;
      const updated = proto.updated;
      const requestUpdate = proto.requestUpdate;
      const offenders: string[] = [];
      let inUpdated = false;
      proto.updated = function (this: OpsList & Hooks, changed) {
        inUpdated = true;
        try {
          updated.call(this, changed);
        } finally {
          inUpdated = false;
        }
        if (this.isUpdatePending) offenders.push('pending after updated()');
      };
      proto.requestUpdate = function (this: Hooks, name?: PropertyKey, ...rest: unknown[]) {
        if (inUpdated) offenders.push(`${String(name)} set in updated()`);
        (requestUpdate as (...a: unknown[]) => void).call(this, name, ...rest);
      };
      try {
        const h = await harness({ runs: runsN(30) });
        const el = await mount(h, 'poll-interval=0.05');
        await waitUntil(() => requestLog.count(LIST) >= 3, 'polling');
        await scrollTo(el, 10 * ROW_HEIGHT);
        key(rowsOf(el)[3] as HTMLElement, 'ArrowDown');
        await el.updateComplete;
        h.time.advance(MINUTE);
        await el.updateComplete;
        await aTimeout(50);
      } finally {
        proto.updated = updated;
        proto.requestUpdate = requestUpdate;
      }
      assert.deepEqual(offenders, []);
    });
  });

  describe('live updates', () => {
    it('inserts new runs at the top when the reader is at the top', async () => {
      const h = await harness({ runs: runsN(5) });
      const el = await mount(h);
      h.setRuns([freshQueued({ id: 'new1', created_at: isoAt(0) }), ...runsN(5)]);
      await el.refresh();
      await el.updateComplete;
      assert.equal(idsOf(el)[0], 'new1');
    });

    it('holds new runs back while scrolled down, announces them and shows them on request', async () => {
      const h = await harness({ runs: runsN(50) });
      const el = await mount(h);
      await scrollTo(el, 10 * ROW_HEIGHT);
      const before = el.loadedRuns.map((r) => r.id);
      h.setRuns([
        freshQueued({ id: 'n1', created_at: isoAt(0) }),
        freshQueued({ id: 'n2', created_at: isoAt(0) }),
        freshQueued({ id: 'n3', created_at: isoAt(0) }),
        ...runsN(50),
      ]);
      await el.refresh();
      await el.updateComplete;
      assert.deepEqual(
        el.loadedRuns.map((r) => r.id),
        before,
        'no row moved',
      );
      assert.equal(scrollerOf(el).scrollTop, 10 * ROW_HEIGHT);
      expect(el.shadowRoot?.querySelector('[role="status"]')?.textContent).to.contain(
        '3 new operations',
      );
      const show = buttonByText(el, 'Show 3 new operations');
      assert.ok(show);
      await expect(el).to.be.accessible();
      show?.click();
      await el.updateComplete;
      await el.updateComplete;
      assert.deepEqual(
        el.loadedRuns.slice(0, 3).map((r) => r.id),
        ['n1', 'n2', 'n3'],
      );
      assert.equal(scrollerOf(el).scrollTop, 0);
      assert.equal(activeRow(el)?.dataset.runId, 'n1', 'focus moves to the first new row');
      assert.isUndefined(buttonByText(el, 'Show 3'));
    });

    it('holds new runs back while a row has focus', async () => {
      const h = await harness({ runs: runsN(5) });
      const el = await mount(h);
      rowsOf(el)[2]?.focus();
      h.setRuns([freshQueued({ id: 'held', created_at: isoAt(0) }), ...runsN(5)]);
      await el.refresh();
      await el.updateComplete;
      assert.notInclude(idsOf(el), 'held');
      assert.ok(buttonByText(el, 'Show 1 new operation'));
      assert.equal(activeRow(el)?.dataset.runId, 'r002', 'focus stays on the same run');
    });

    it('updates rows on screen in place while holding', async () => {
      const h = await harness({ runs: runsN(5) });
      const el = await mount(h);
      rowsOf(el)[0]?.focus();
      const runs = runsN(5);
      runs[3] = succeededRun({ id: 'r003', created_at: runs[3]?.created_at });
      h.setRuns(runs);
      await el.refresh();
      await el.updateComplete;
      assert.equal(
        rowsOf(el).find((r) => r.dataset.runId === 'r003')?.dataset.freshness,
        'terminal',
      );
      assert.deepEqual(idsOf(el), ['r000', 'r001', 'r002', 'r003', 'r004']);
    });

    it('pause stops live updates; resume starts them again', async () => {
      const h = await harness({ runs: runsN(3) });
      const el = await mount(h, 'poll-interval=0.05');
      await waitUntil(() => requestLog.count(LIST) >= 2, 'polling');
      buttonByText(el, 'Pause live updates')?.click();
      await el.updateComplete;
      expect(textOf(el)).to.contain('Live updates are paused.');
      assert.ok(buttonByText(el, 'Resume live updates'));
      await aTimeout(60);
      const paused = requestLog.count(LIST);
      h.setRuns([freshQueued({ id: 'while-paused', created_at: isoAt(0) }), ...runsN(3)]);
      await aTimeout(300);
      assert.equal(requestLog.count(LIST), paused, 'no request while paused');
      assert.notInclude(idsOf(el), 'while-paused');
      await expect(el).to.be.accessible();
      buttonByText(el, 'Resume live updates')?.click();
      await waitUntil(() => idsOf(el).includes('while-paused'), 'resumed');
    });

    it('still loads the first page of new filters while paused', async () => {
      const h = await harness({ runs: [...runsN(3), succeededRun({ id: 'done' })] });
      const el = await mount(h);
      buttonByText(el, 'Pause live updates')?.click();
      await el.updateComplete;
      await choose(el, 'f-status', 'completed');
      await waitUntil(() => idsOf(el).join() === 'done', 'filtered while paused');
    });
  });
});
