/**
 * The behaviour every Runsight element shares (spec "Common behaviour"), as one mocha suite run
 * against each element: states, errors, outdated marker, invalid rows, isolation, XSS, links,
 * navigate event, teardown, time, announcements, locale.
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
import { disposeHarnesses, harness, shadow, textOf, type Harness } from './harness.js';

export interface ElementUnderTest extends HTMLElement {
  updateComplete: Promise<boolean>;
  requestUpdate(): void;
  links?: LinkBuilder | undefined;
}

export interface SuiteAttrs {
  client?: Harness['client'];
  pollInterval?: number;
  lang?: string;
  links?: LinkBuilder;
  /** Leave out the workspace attribute. */
  noWorkspace?: boolean;
}

export interface SuiteConfig {
  tag: string;
  /** Renders the element (workspace ws_1, tenant t_1 where it applies). */
  render(attrs: SuiteAttrs): TemplateResult;
  /** Whether the element is tenant-scoped (isolation test). */
  tenantScoped: boolean;
  /** The sentence of the empty state, and attributes needed to show it. */
  emptyText: string;
  renderEmpty?(attrs: SuiteAttrs): TemplateResult;
}

const rowsOf = (el: Element) => [...shadow(el).querySelectorAll('[part~="row"]')];
const errorOf = (el: Element) => shadow(el).querySelector('[part~="error"]');

async function mount(config: SuiteConfig, attrs: SuiteAttrs): Promise<ElementUnderTest> {
  return fixture<ElementUnderTest>(config.render(attrs));
}

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

    it('empty: a sentence that says there is nothing', async () => {
      const h = await harness({ runs: [] });
      const el = await fixture<ElementUnderTest>(
        (config.renderEmpty ?? config.render)({ client: h.client }),
      );
      await h.settled(el);
      assert.include(textOf(el), config.emptyText);
      assert.lengthOf(rowsOf(el), 0);
      await expect(el).to.be.accessible();
    });

    it('data: fresh, past expected and likely stale runs with text badges, accessible', async () => {
      const h = await harness({ runs: [freshRunning(), pastExpectedRunning(), staleRunning()] });
      const el = await mount(config, { client: h.client });
      await h.settled(el);
      const badges = [...shadow(el).querySelectorAll('[part~="badge"]')].map((b) =>
        b.textContent?.trim(),
      );
      assert.includeMembers(badges, ['Running', 'Past expected', 'Likely stale']);
      for (const badge of shadow(el).querySelectorAll('[part~="badge"]')) {
        assert.exists(badge.querySelector('svg[aria-hidden="true"]'), 'badges carry an icon');
      }
      await expect(el).to.be.accessible();
    });

    it('mixed: one stale among three never reads as "all stale"', async () => {
      const h = await harness({ runs: [freshRunning(), pastExpectedRunning(), staleRunning()] });
      const el = await mount(config, { client: h.client });
      await h.settled(el);
      const text = textOf(el);
      assert.include(text, '1 of 3 active operations likely stale');
      assert.notInclude(text, 'All 3');
    });

    const errorCases: [
      string,
      () => ReturnType<typeof errorHandlers.unauthorized>,
      RegExp,
      string,
    ][] = [
      ['401', () => errorHandlers.unauthorized(), /not signed in/, 'unauthorized'],
      ['404', () => errorHandlers.notFound(), /Not found, or you do not have access/, 'not_found'],
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
        const before = rowsOf(el).length;
        assert.isAbove(before, 0);
        h.use(...handlers());
        await waitUntil(() => errorOf(el), 'no error shown', { timeout: 4000 });
        assert.match(errorOf(el)?.textContent ?? '', text);
        assert.include(errorOf(el)?.textContent ?? '', 'Showing the last data that loaded');
        assert.lengthOf(rowsOf(el), before);
        await expect(el).to.be.accessible();
      });
    }

    it('Retry refetches and shows the data', async () => {
      const h = await harness({ runs: [freshRunning()] });
      h.use(...errorHandlers.serverError());
      const el = await mount(config, { client: h.client });
      await waitUntil(() => errorOf(el), 'no error shown', { timeout: 4000 });
      h.restore();
      shadow(el).querySelector<HTMLButtonElement>('button[part~="retry"]')?.click();
      await waitUntil(() => !errorOf(el) && rowsOf(el).length > 0, 'no data after retry', {
        timeout: 4000,
      });
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
      const badgeTexts = () =>
        [...shadow(el).querySelectorAll('[part~="badge"]')].map((b) => b.textContent?.trim());
      assert.include(badgeTexts(), 'Running');
      h.use(...errorHandlers.serverError());
      const requests = requestLog.count();
      // Past the run's expected_by (10 min after its start, 5 min after FIXTURE_NOW) and past
      // twice the poll interval: outdated, and the run reads past expected on time alone.
      h.time.advance(6 * 60_000);
      await el.updateComplete;
      assert.exists(shadow(el).querySelector('[data-state="outdated"]'), 'outdated marker');
      assert.include(badgeTexts(), 'Past expected');
      assert.notInclude(badgeTexts(), 'Running');
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

    it('malformed rows: the element says how many rows it left out', async () => {
      const h = await harness({ runs: [freshRunning(), ...malformedRows()] });
      const el = await mount(config, { client: h.client });
      await h.settled(el);
      const notice = shadow(el).querySelector('[data-state="invalid-rows"]');
      assert.exists(notice);
      assert.match(notice?.textContent ?? '', /\d+ rows could not be read and are not shown/);
      await expect(el).to.be.accessible();
    });

    it('hostile strings render as text, never as markup', async () => {
      const h = await harness({ runs: [xssRun()] });
      const el = await mount(config, { client: h.client });
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
      assert.isAbove(rowsOf(el).length, 0);
      assert.lengthOf(shadow(el).querySelectorAll('a'), 0, 'unsafe links are rendered as text');
      assert.notInclude(shadow(el).innerHTML, 'javascript:');
    });

    if (config.tenantScoped) {
      it('rows of another tenant never show, even when the backend returns them', async () => {
        const h = await harness({
          runs: [freshRunning(), ...crossTenantRuns()],
          ignoreTenantFilter: true,
        });
        const el = await mount(config, { client: h.client });
        await h.settled(el);
        const ids = rowsOf(el).map((r) => r.getAttribute('data-run-id'));
        assert.include(ids, 'run_fresh_running');
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

    it('runsight-navigate is cancelable; cancelled, the browser does not follow', async () => {
      const h = await harness({ runs: [staleRunning()] });
      const el = await mount(config, { client: h.client });
      await h.settled(el);
      const link = shadow(el).querySelector<HTMLAnchorElement>('[part~="row"] a[href]');
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
      assert.equal(ev?.detail.target, 'run');
      assert.equal(ev?.detail.runId, 'run_stale_running');
      assert.equal(ev?.detail.href, link?.getAttribute('href'));
      assert.isTrue(ev?.composed && ev.bubbles && ev.cancelable);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(location.hash, hash);
    });

    it('an uncancelled navigate lets the browser follow the href', async () => {
      const h = await harness({ runs: [staleRunning()] });
      const el = await mount(config, { client: h.client });
      await h.settled(el);
      const link = shadow(el).querySelector<HTMLAnchorElement>('[part~="row"] a[href]');
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
      const badge = () =>
        shadow(el)
          .querySelector('[data-run-id="run_fresh_running"] [part~="badge"]')
          ?.textContent?.trim();
      assert.equal(badge(), 'Running');
      h.time.advance(5 * MINUTE); // expected_by: started + 10 min, started 5 min ago
      await el.updateComplete;
      assert.equal(badge(), 'Past expected');
      h.time.advance(50 * MINUTE); // stale_after: started + 60 min
      await el.updateComplete;
      assert.equal(badge(), 'Likely stale');
      assert.equal(requestLog.count(), count, 'no new request');
    });

    it('announces a run turning likely stale once, politely; not runs already stale at load', async () => {
      const h = await harness({ runs: [freshRunning(), staleRunning()] });
      const el = await mount(config, { client: h.client, pollInterval: 0 });
      await h.settled(el);
      const region = () => shadow(el).querySelector('[aria-live="polite"]');
      assert.exists(region());
      assert.equal(region()?.textContent?.trim(), '', 'already-stale runs are not announced');
      h.time.advance(55 * MINUTE);
      await el.updateComplete;
      assert.equal(region()?.textContent?.trim(), 'Inventory sync for Contoso turned likely stale');
      // A repeat would change the region's text (the announcer appends a no-break space, which
      // `trim()` hides): watch the region itself for any change after the first announcement.
      const changes: MutationRecord[] = [];
      const observer = new MutationObserver((records) => changes.push(...records));
      const live = region();
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
      const el = await mount(config, { client: h.client, lang: 'de' });
      await h.settled(el);
      const badges = [...shadow(el).querySelectorAll('[part~="badge"]')].map((b) =>
        b.textContent?.trim(),
      );
      assert.include(badges, 'Vermutlich hängengeblieben');
      assert.include(badges, 'Läuft');
      await expect(el).to.be.accessible();
    });
  });
}
