/**
 * The behaviour every Runsight element shares (spec "Common behaviour"), as one mocha suite run
 * against each of the five elements: states, errors, outdated marker, XSS, links, navigate
 * event, teardown, time, announcements, locale. What only the lists of runs do (empty sentence,
 * unreadable rows, another tenant's rows) runs for the four elements that list runs; what only
 * the cards do (the summary headline) is `describeCardBehaviour`.
 */
import { assert, expect, fixture, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import {
  crossTenantRuns,
  errorHandlers,
  freshRunning,
  malformedRows,
  MINUTE,
  pastExpectedRunning,
  requestLog,
  staleRunning,
  XSS_STRINGS,
  xssRun,
} from '@runsight/api-client/fixtures';
import { createClient } from '@runsight/api-client';
import { sharedTickState } from '../controllers/clock-controller.js';
import type { RunsightErrorEvent, RunsightNavigateEvent } from '../events.js';
import type { LinkBuilder } from '../internal/links.js';
import { disposeHarnesses, harness, shadow, textOf } from './harness.js';
import {
  badgeOf,
  badgeTexts,
  errorOf,
  FRESH_ID,
  mount,
  mountShowing,
  rowsOf,
  shownIds,
  STALE_ID,
  type ElementUnderTest,
  type SuiteAttrs,
  type SuiteConfig,
} from './suite-view.js';

export type { ElementUnderTest, SuiteAttrs, SuiteConfig, SuiteView } from './suite-view.js';

export function describeCommonBehaviour(config: SuiteConfig): void {
  describe(`<${config.tag}> common behaviour`, () => {
    afterEach(() => disposeHarnesses());

    it('loading: a skeleton with aria-busy="true", accessible', async () => {
      const h = await harness({ runs: [freshRunning()] });
      h.use(...errorHandlers.slow(800, { runs: [freshRunning()] }));
      const el = await mount(config, { client: h.client });
      await el.updateComplete;
      const skeleton = shadow(el).querySelector('[part~="skeleton"]');
      assert.exists(skeleton);
      assert.equal(skeleton?.getAttribute('aria-busy'), 'true');
      await expect(el).to.be.accessible();
    });

    it('missing workspace: a visible message, no request', async () => {
      const h = await harness({ runs: [freshRunning()] });
      const el = await mount(config, { client: h.client, noWorkspace: true });
      await el.updateComplete;
      assert.include(textOf(el), 'needs a "workspace" attribute');
      assert.equal(requestLog.count(), 0);
      await expect(el).to.be.accessible();
    });

    it('data: fresh, past expected and likely stale runs with text badges, accessible', async () => {
      const h = await harness({ runs: [freshRunning(), pastExpectedRunning(), staleRunning()] });
      const expected: [string, string][] = [
        [FRESH_ID, 'Running'],
        [pastExpectedRunning().id, 'Past expected'],
        [STALE_ID, 'Likely stale'],
      ];
      const views = await mountShowing(
        config,
        h,
        expected.map(([id]) => id),
      );
      for (const [id, label] of expected) {
        assert.equal(badgeOf(config, views.get(id) as Element, id), label, id);
      }
      for (const el of new Set(views.values())) {
        for (const badge of shadow(el).querySelectorAll('[part~="badge"]')) {
          assert.exists(badge.querySelector('svg[aria-hidden="true"]'), 'badges carry an icon');
        }
        await expect(el).to.be.accessible();
      }
    });

    const notFound =
      config.shows.kind === 'run'
        ? /Operation not found, or you do not have access to it/
        : /Not found, or you do not have access/;
    const errorCases: [
      string,
      () => ReturnType<typeof errorHandlers.unauthorized>,
      RegExp,
      string,
    ][] = [
      ['401', () => errorHandlers.unauthorized(), /not signed in/, 'unauthorized'],
      ['404', () => errorHandlers.notFound(), notFound, 'not_found'],
      [
        '429',
        () => errorHandlers.rateLimited({ retryAfter: 30 }),
        /Too many requests/,
        'rate_limited',
      ],
      [
        '503',
        () => errorHandlers.unavailable({ retryAfter: 30 }),
        /server is unavailable right now/,
        'unavailable',
      ],
      ['500', () => errorHandlers.serverError(), /server ran into an error/, 'server'],
      ['offline', () => errorHandlers.networkError(), /offline/, 'network'],
      ['non-JSON', () => errorHandlers.nonJson(), /unexpected response/, 'invalid_response'],
    ];

    for (const [name, handlers, text, kind] of errorCases) {
      it(`error ${name} on first load: plain words, Retry, runsight-error; accessible`, async () => {
        const h = await harness({ runs: [freshRunning()] });
        h.use(...handlers());
        const errors: RunsightErrorEvent[] = [];
        const onError = (e: RunsightErrorEvent) => errors.push(e);
        document.addEventListener('runsight-error', onError);
        try {
          const el = await mount(config, { client: h.client });
          await waitUntil(() => errorOf(el), 'no error shown', { timeout: 4000 });
          assert.match(errorOf(el)?.textContent ?? '', text);
          assert.exists(shadow(el).querySelector('button[part~="retry"]'));
          assert.isAtLeast(errors.length, 1);
          assert.equal(errors[0]?.detail.error.kind, kind);
          await expect(el).to.be.accessible();
        } finally {
          document.removeEventListener('runsight-error', onError);
        }
      });

      it(`error ${name} after data: earlier data stays on screen`, async () => {
        const h = await harness({ runs: [freshRunning(), staleRunning()] });
        const el = await mount(config, { client: h.client, pollInterval: 0.15 });
        await h.settled(el);
        const before = shownIds(config, el);
        assert.isNotEmpty(before);
        h.use(...handlers());
        await waitUntil(() => errorOf(el), 'no error shown', { timeout: 4000 });
        assert.match(errorOf(el)?.textContent ?? '', text);
        assert.include(errorOf(el)?.textContent ?? '', 'Showing the last data that loaded');
        assert.deepEqual(shownIds(config, el), before);
        await expect(el).to.be.accessible();
      });
    }

    it('Retry refetches and shows the data', async () => {
      const h = await harness({ runs: [freshRunning()] });
      h.use(...errorHandlers.serverError());
      const el = await mount(config, { client: h.client });
      await waitUntil(() => errorOf(el), 'no error shown', { timeout: 4000 });
      assert.isEmpty(shownIds(config, el));
      h.restore();
      shadow(el).querySelector<HTMLButtonElement>('button[part~="retry"]')?.click();
      await waitUntil(
        () => !errorOf(el) && shownIds(config, el).includes(FRESH_ID),
        'no data after retry',
        { timeout: 4000 },
      );
    });

    it('outdated: data older than twice the poll interval is marked; accessible', async () => {
      const h = await harness({ runs: [freshRunning()] });
      const el = await mount(config, { client: h.client, pollInterval: 30 });
      await h.settled(el);
      assert.notExists(shadow(el).querySelector('[data-state="outdated"]'));
      h.time.advance(61_000);
      await el.updateComplete;
      const banner = shadow(el).querySelector('[data-state="outdated"]');
      assert.exists(banner);
      assert.match(banner?.textContent ?? '', /Data as of .+, 1 minute ago — reconnecting…/);
      await expect(el).to.be.accessible();
    });

    it('outdated: freshness keeps being derived on the corrected clock meanwhile', async () => {
      const h = await harness({ runs: [freshRunning()] });
      const el = await mount(config, { client: h.client, pollInterval: 30 });
      await h.settled(el);
      assert.include(badgeTexts(el), 'Running');
      h.use(...errorHandlers.serverError());
      const requests = requestLog.count();
      // Past the run's expected_by (10 min after its start, 5 min after FIXTURE_NOW) and past
      // twice the poll interval: outdated, and the run reads past expected on time alone.
      h.time.advance(6 * 60_000);
      await el.updateComplete;
      assert.exists(shadow(el).querySelector('[data-state="outdated"]'), 'outdated marker');
      assert.include(badgeTexts(el), 'Past expected');
      assert.notInclude(badgeTexts(el), 'Running');
      assert.equal(requestLog.count(), requests, 'no request was needed');
      await expect(el).to.be.accessible();
    });

    it('outdated appears on time on the real clock (no tick, no time jump needed)', async () => {
      const h = await harness({ runs: [freshRunning()] });
      const client = createClient({ random: () => 0.5, backoff: { baseMs: 5000, capMs: 5000 } });
      try {
        const el = await mount(config, { client, pollInterval: 0.2 });
        await h.settled(el);
        h.use(...errorHandlers.serverError());
        await waitUntil(
          () => shadow(el).querySelector('[data-state="outdated"]') !== null,
          'never outdated',
          {
            timeout: 3000,
          },
        );
      } finally {
        client.dispose();
      }
    });

    it('hostile strings render as text, never as markup', async () => {
      const h = await harness({ runs: [xssRun()] });
      const el = await mount(config, { client: h.client, runId: xssRun().id });
      await h.settled(el);
      const root = shadow(el);
      assert.notExists(root.querySelector('img, script, [onerror], [onload]'));
      assert.notExists(root.querySelector('svg[onload]'));
      assert.include(textOf(el), XSS_STRINGS[0]);
      for (const a of root.querySelectorAll('a')) {
        assert.notMatch(a.getAttribute('href') ?? '', /^\s*javascript:/i);
      }
    });

    it('a link builder returning javascript: never reaches an href', async () => {
      const h = await harness({ runs: [freshRunning(), staleRunning()] });
      const evil: LinkBuilder = {
        run: () => 'javascript:alert(1)',
        list: () => ' JaVa\tScRiPt:alert(2)',
      };
      const el = await mount(config, { client: h.client, links: evil });
      await h.settled(el);
      assert.isNotEmpty(shownIds(config, el));
      assert.lengthOf(shadow(el).querySelectorAll('a'), 0, 'unsafe links are rendered as text');
      assert.notInclude(shadow(el).innerHTML, 'javascript:');
    });

    /**
     * The link the navigate tests follow: a run's link in a list, the way back to the list from
     * a run; and what the event says about it.
     */
    const navigation = (el: Element) =>
      config.shows.kind === 'runs'
        ? {
            link: shadow(el).querySelector<HTMLAnchorElement>('[part~="row"] a[href]'),
            check: (ev: RunsightNavigateEvent | undefined) => {
              assert.equal(ev?.detail.target, 'run');
              assert.equal(ev?.detail.runId, STALE_ID);
            },
          }
        : {
            link: shadow(el).querySelector<HTMLAnchorElement>('a[href]'),
            check: (ev: RunsightNavigateEvent | undefined) => {
              assert.equal(ev?.detail.target, 'list');
              assert.equal(ev?.detail.filters?.workspace, 'ws_1');
            },
          };

    it('runsight-navigate is cancelable; cancelled, the browser does not follow', async () => {
      const h = await harness({ runs: [staleRunning()] });
      const el = await mount(config, { client: h.client, runId: STALE_ID });
      await h.settled(el);
      const { link, check } = navigation(el);
      assert.exists(link);
      const hash = location.hash;
      const seen: RunsightNavigateEvent[] = [];
      const onNavigate = (e: RunsightNavigateEvent) => {
        seen.push(e);
        e.preventDefault();
      };
      document.addEventListener('runsight-navigate', onNavigate);
      link?.click();
      document.removeEventListener('runsight-navigate', onNavigate);
      const [ev] = seen;
      assert.lengthOf(seen, 1);
      check(ev);
      assert.equal(ev?.detail.href, link?.getAttribute('href'));
      assert.isTrue(ev?.composed && ev.bubbles && ev.cancelable);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(location.hash, hash);
    });

    it('an uncancelled navigate lets the browser follow the href', async () => {
      const h = await harness({ runs: [staleRunning()] });
      const el = await mount(config, { client: h.client, runId: STALE_ID });
      await h.settled(el);
      const { link } = navigation(el);
      assert.exists(link);
      const before = location.hash;
      link?.click();
      await waitUntil(() => location.hash !== before, 'hash did not change');
      assert.equal(location.hash, link?.getAttribute('href'));
      history.replaceState(null, '', location.pathname + location.search);
    });

    it('removing the element leaves no timer or request behind', async () => {
      const h = await harness({ runs: [freshRunning(), staleRunning()] });
      const el = await mount(config, { client: h.client, pollInterval: 0.1 });
      await h.settled(el);
      assert.isTrue(sharedTickState().running);
      el.remove();
      const stats = h.client.stats();
      assert.equal(stats.entries, 0, 'no query left in the store');
      assert.equal(stats.scheduled, 0, 'no poll timer');
      assert.equal(stats.inFlight, 0, 'no request in flight');
      assert.isFalse(sharedTickState().running, 'shared tick stopped');
      const count = requestLog.count();
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(requestLog.count(), count, 'no request after removal');
    });

    it('a fresh run turns past expected, then likely stale, on time alone (no request)', async () => {
      const h = await harness({ runs: [freshRunning()] });
      const el = await mount(config, { client: h.client, pollInterval: 0 });
      await h.settled(el);
      const count = requestLog.count();
      assert.equal(badgeOf(config, el, FRESH_ID), 'Running');
      h.time.advance(5 * MINUTE); // expected_by: started + 10 min, started 5 min ago
      await el.updateComplete;
      assert.equal(badgeOf(config, el, FRESH_ID), 'Past expected');
      h.time.advance(50 * MINUTE); // stale_after: started + 60 min
      await el.updateComplete;
      assert.equal(badgeOf(config, el, FRESH_ID), 'Likely stale');
      assert.equal(requestLog.count(), count, 'no new request');
    });

    it('announces a run turning likely stale once, politely; not runs already stale at load', async () => {
      const h = await harness({ runs: [freshRunning(), staleRunning()] });
      const views = await mountShowing(config, h, [FRESH_ID, STALE_ID], { pollInterval: 0 });
      const region = (el: Element) => shadow(el).querySelector('[aria-live="polite"]');
      for (const el of views.values()) {
        assert.exists(region(el));
        assert.equal(region(el)?.textContent?.trim(), '', 'already-stale runs are not announced');
      }
      const el = views.get(FRESH_ID) as ElementUnderTest;
      h.time.advance(55 * MINUTE);
      for (const view of views.values()) await view.updateComplete;
      assert.equal(
        region(el)?.textContent?.trim(),
        'Inventory sync for Contoso turned likely stale',
      );
      // A repeat would change the region's text (the announcer appends a no-break space, which
      // `trim()` hides): watch the region itself for any change after the first announcement.
      const changes: MutationRecord[] = [];
      const observer = new MutationObserver((records) => changes.push(...records));
      const live = region(el);
      assert.exists(live);
      if (live) observer.observe(live, { childList: true, characterData: true, subtree: true });
      h.time.advance(MINUTE);
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      observer.disconnect();
      changes.push(...observer.takeRecords());
      assert.lengthOf(changes, 0, 'the stale run is not announced again');
    });

    it('speaks German with lang="de"', async () => {
      const h = await harness({ runs: [freshRunning(), staleRunning()] });
      const views = await mountShowing(config, h, [FRESH_ID, STALE_ID], { lang: 'de' });
      assert.equal(
        badgeOf(config, views.get(STALE_ID) as Element, STALE_ID),
        'Vermutlich hängengeblieben',
      );
      assert.equal(badgeOf(config, views.get(FRESH_ID) as Element, FRESH_ID), 'Läuft');
      for (const el of new Set(views.values())) await expect(el).to.be.accessible();
    });

    const shows = config.shows;
    if (shows.kind === 'runs') {
      describe('a list of runs', () => {
        it('empty: a sentence that says there is nothing', async () => {
          const h = await harness({ runs: [] });
          const el = await fixture<ElementUnderTest>(
            (shows.renderEmpty ?? config.render)({ client: h.client }),
          );
          await h.settled(el);
          assert.include(textOf(el), shows.emptyText);
          assert.lengthOf(rowsOf(el), 0);
          await expect(el).to.be.accessible();
        });

        it('malformed rows: the element says how many rows it left out', async () => {
          const h = await harness({ runs: [freshRunning(), ...malformedRows()] });
          const el = await mount(config, { client: h.client });
          await h.settled(el);
          const notice = shadow(el).querySelector('[data-state="invalid-rows"]');
          assert.exists(notice);
          assert.match(notice?.textContent ?? '', /\d+ rows could not be read and are not shown/);
          await expect(el).to.be.accessible();
        });

        if (shows.tenantScoped) {
          it('rows of another tenant never show, even when the backend returns them', async () => {
            const h = await harness({
              runs: [freshRunning(), ...crossTenantRuns()],
              ignoreTenantFilter: true,
            });
            const el = await mount(config, { client: h.client });
            await h.settled(el);
            const ids = shownIds(config, el);
            assert.include(ids, FRESH_ID);
            assert.notInclude(ids, 'run_other_tenant');
            assert.notInclude(ids, 'run_other_tenant_stale');
            assert.notInclude(textOf(el), 'Fabrikam');
            assert.notInclude(
              textOf(el),
              'likely stale',
              "the other tenant's stale run does not count",
            );
          });
        }
      });
    }
  });
}

export interface CardSuiteConfig {
  tag: string;
  /** Renders the card (workspace ws_1, tenant t_1 where it applies). */
  render(attrs: SuiteAttrs): TemplateResult;
}

/** What the three cards (`RunsightCard`) do beyond the common behaviour: the summary headline. */
export function describeCardBehaviour(config: CardSuiteConfig): void {
  describe(`<${config.tag}> card behaviour`, () => {
    afterEach(() => disposeHarnesses());

    it('mixed: one stale among three never reads as "all stale"', async () => {
      const h = await harness({ runs: [freshRunning(), pastExpectedRunning(), staleRunning()] });
      const el = await fixture<ElementUnderTest>(config.render({ client: h.client }));
      await h.settled(el);
      const headline = shadow(el).querySelector('[part~="headline"]');
      assert.exists(headline);
      const text = textOf(el);
      assert.include(text, '1 of 3 active operations likely stale');
      assert.notInclude(text, 'All 3');
    });
  });
}
