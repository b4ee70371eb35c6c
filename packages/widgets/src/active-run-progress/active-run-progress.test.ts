import { assert, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import {
  FIXTURE_NOW,
  freshQueued,
  freshRunning,
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
import './active-run-progress.define.js';
import type { ActiveRunProgress } from './active-run-progress.js';
import type { RunsightRunFinishedEvent } from '../events.js';
import type { SuiteAttrs } from '../testing/element-suite.js';
import { disposeHarnesses, harness, shadow, textOf } from '../testing/harness.js';

const render = (a: SuiteAttrs, extra: { showEmpty?: boolean; maxVisible?: number } = {}) =>
  html`<active-run-progress
    workspace=${a.noWorkspace ? '' : 'ws_1'}
    tenant="t_1"
    lang=${a.lang ?? 'en'}
    poll-interval=${a.pollInterval ?? 30}
    max-visible=${extra.maxVisible ?? 3}
    ?show-empty=${extra.showEmpty ?? true}
    .client=${a.client}
    .links=${a.links}
  ></active-run-progress>`;

describe('<active-run-progress>', () => {
  afterEach(() => disposeHarnesses());

  const rowsOf = (el: Element) => [...shadow(el).querySelectorAll('[part~="row"]')];

  it('orders by attention: stale, past expected, fresh', async () => {
    const h = await harness({ runs: [freshRunning(), staleRunning(), pastExpectedRunning()] });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }));
    await h.settled(el);
    assert.deepEqual(
      rowsOf(el).map((r) => r.getAttribute('data-freshness')),
      ['likely_stale', 'past_expected', 'fresh'],
    );
  });

  it('escalates stale runs (danger, guidance, no progress bar) and keeps healthy ones calm', async () => {
    const h = await harness({
      runs: [freshRunning(), staleRunning(), staleByHeartbeat(), pastExpectedQueued()],
    });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }, { maxVisible: 10 }));
    await h.settled(el);
    const stale = shadow(el).querySelector('[data-run-id="run_stale_running"]');
    assert.include(stale?.textContent, 'Likely stale');
    assert.include(stale?.textContent, 'The worker may have stopped');
    assert.notExists(
      stale?.querySelector('[role="progressbar"]'),
      'no reassuring bar on a stale run',
    );
    assert.include(stale?.textContent, 'last heartbeat');
    const byHeartbeat = shadow(el).querySelector('[data-run-id="run_stale_heartbeat"]');
    assert.include(byHeartbeat?.textContent, 'Likely stale');
    const past = shadow(el).querySelector('[data-run-id="run_past_expected_queued"]');
    assert.include(past?.textContent, 'Past expected');
    assert.include(past?.textContent, 'Waiting to start longer than expected');
    assert.equal(past?.querySelector('[part~="badge"]')?.className.includes('tone-warning'), true);
    const fresh = shadow(el).querySelector('[data-run-id="run_fresh_running"]');
    assert.notInclude(fresh?.textContent, 'longer than expected');
    assert.exists(fresh?.querySelector('[role="progressbar"]'));
    await expect(el).to.be.accessible();
  });

  it('progress bars carry values, percentage and a label; indeterminate without total', async () => {
    const h = await harness({
      runs: [
        freshRunning(),
        wireRun({
          id: 'run_indeterminate',
          progress: { total: null, processed: 7, succeeded: 7, failed: 0 },
        }),
      ],
    });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }));
    await h.settled(el);
    const bar = shadow(el).querySelector('[data-run-id="run_fresh_running"] [role="progressbar"]');
    assert.equal(bar?.getAttribute('aria-valuenow'), '40');
    assert.equal(bar?.getAttribute('aria-valuemin'), '0');
    assert.equal(bar?.getAttribute('aria-valuemax'), '120');
    assert.equal(bar?.getAttribute('aria-label'), 'Progress of Inventory sync');
    assert.include(
      shadow(el).querySelector('[data-run-id="run_fresh_running"]')?.textContent,
      '40 of 120 (33%)',
    );
    const indeterminate = shadow(el).querySelector(
      '[data-run-id="run_indeterminate"] [role="progressbar"]',
    );
    assert.exists(indeterminate);
    assert.isFalse(indeterminate?.hasAttribute('aria-valuenow'));
    assert.include(indeterminate?.getAttribute('aria-valuetext'), 'total unknown');
    await expect(el).to.be.accessible();
  });

  it('names the "+N more" link starting with its visible text, in English and German', async () => {
    const runs = [freshRunning(), staleRunning(), pastExpectedRunning(), freshQueued()];
    for (const [lang, hidden] of [
      ['en', 1],
      ['de', 1],
      ['de', 2],
    ] as const) {
      const h = await harness({ runs });
      const el = await fixture<ActiveRunProgress>(
        render({ client: h.client, lang }, { maxVisible: runs.length - hidden }),
      );
      await h.settled(el);
      const more = shadow(el).querySelector<HTMLAnchorElement>('a.more');
      const visible = (more?.textContent ?? '').trim().replace(/^\+/, '');
      assert.match(visible, new RegExp(`^${hidden} `), `${lang}: ${visible}`);
      assert.isTrue(
        (more?.getAttribute('aria-label') ?? '').startsWith(visible),
        `${lang}: "${more?.getAttribute('aria-label')}" starts with "${visible}"`,
      );
      await expect(el).to.be.accessible();
      h.dispose();
    }
  });

  it('shows max-visible runs and "+N more" linking to the tenant\'s active runs', async () => {
    const h = await harness({
      runs: [
        freshRunning(),
        staleRunning(),
        pastExpectedRunning(),
        freshQueued(),
        staleByHeartbeat(),
      ],
    });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }, { maxVisible: 3 }));
    await h.settled(el);
    assert.lengthOf(rowsOf(el), 3);
    const more = shadow(el).querySelector<HTMLAnchorElement>('a.more');
    assert.equal(more?.textContent?.trim(), '+2 more');
    assert.equal(
      more?.getAttribute('href'),
      '#/operations?workspace=ws_1&tenant=t_1&status=active',
    );
    assert.equal(more?.getAttribute('aria-label'), '2 more active operations');
    // The two stale runs come first.
    assert.deepEqual(
      rowsOf(el)
        .map((r) => r.getAttribute('data-freshness'))
        .slice(0, 2),
      ['likely_stale', 'likely_stale'],
    );
  });

  it('renders nothing with no active runs unless show-empty', async () => {
    const h = await harness({ runs: [succeededRun()] });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }, { showEmpty: false }));
    await waitUntil(() => el.hasAttribute('data-empty'), 'never settled empty');
    assert.notExists(shadow(el).querySelector('section'));
    assert.equal(textOf(el), '');
    assert.equal(el.getBoundingClientRect().height, 0);
    await expect(el).to.be.accessible();
  });

  it('shows an unknown status as Unknown with its guidance', async () => {
    const h = await harness({ runs: [] });
    h.use(
      http.get('/api/operation-runs', () =>
        HttpResponse.json({
          data: [unknownStatusRun()],
          meta: { next_cursor: null, server_time: FIXTURE_NOW.toISOString() },
        }),
      ),
    );
    const el = await fixture<ActiveRunProgress>(render({ client: h.client }));
    await h.settled(el);
    const row = shadow(el).querySelector('[data-run-id="run_unknown_status"]');
    assert.include(row?.textContent, 'Unknown');
    assert.include(row?.textContent, 'Status not recognised by this version.');
    await expect(el).to.be.accessible();
  });

  it('a run that is terminal on the next refresh leaves the card and fires runsight-run-finished', async () => {
    const running = freshRunning();
    const h = await harness({ runs: [running, staleRunning()] });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client, pollInterval: 0.1 }));
    await h.settled(el);
    assert.exists(shadow(el).querySelector('[data-run-id="run_fresh_running"]'));
    h.setRuns([
      {
        ...running,
        status: 'completed',
        outcome: 'succeeded',
        completed_at: FIXTURE_NOW.toISOString(),
      },
      staleRunning(),
    ]);
    const ev = (await oneEvent(el, 'runsight-run-finished')) as RunsightRunFinishedEvent;
    assert.equal(ev.detail.run.id, 'run_fresh_running');
    assert.equal(ev.detail.run.status, 'completed');
    assert.equal(ev.detail.run.outcome, 'succeeded');
    await el.updateComplete;
    assert.notExists(shadow(el).querySelector('[data-run-id="run_fresh_running"]'));
    assert.isAtLeast(
      requestLog.count('/api/operation-runs/run_fresh_running'),
      1,
      'fetched the terminal run once',
    );
  });

  it('a reconciled run leaving the active set is reported with its reconciliation', async () => {
    const stale = staleRunning({ id: 'run_reconciled' });
    const h = await harness({ runs: [stale] });
    const el = await fixture<ActiveRunProgress>(render({ client: h.client, pollInterval: 0.1 }));
    await h.settled(el);
    h.setRuns([reconciledFailed()]);
    const ev = (await oneEvent(el, 'runsight-run-finished')) as RunsightRunFinishedEvent;
    assert.equal(ev.detail.run.id, 'run_reconciled');
    assert.isNotNull(ev.detail.run.reconciliation);
  });

  it('does not fire run-finished on first load or for runs it never showed', async () => {
    const h = await harness({ runs: [freshRunning()] });
    let fired = 0;
    const el = await fixture<ActiveRunProgress>(render({ client: h.client, pollInterval: 0.1 }));
    el.addEventListener('runsight-run-finished', () => fired++);
    await h.settled(el);
    h.setRuns([freshRunning(), succeededRun()]);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(fired, 0);
  });
});
