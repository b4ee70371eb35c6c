// All five elements on one page for one tenant, sharing the page's client for /api:
// one request per distinct query per poll cycle, none while the page is hidden, one refresh per
// query when it shows again, and nothing left behind when the elements are removed.
import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import {
  freshQueued,
  freshRunning,
  pastExpectedRunning,
  requestLog,
  staleRunning,
  succeededRun,
} from '@runsight/api-client/fixtures';
import { disposeHarnesses, harness } from './testing/harness.js';
import './all.define.js';

const POLL_S = 0.3;

/** Pretends the tab is hidden or visible, and tells listeners. */
function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

function restoreVisibility(): void {
  delete (document as unknown as Record<string, unknown>).visibilityState;
  delete (document as unknown as Record<string, unknown>).hidden;
}

/** Requests per distinct query (path + search) in the log. */
function perQuery(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requestLog.requests) {
    const key = r.url.pathname + r.url.search;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('five elements on one page', () => {
  afterEach(() => {
    restoreVisibility();
    disposeHarnesses();
  });

  it('one request per distinct query per cycle, none while hidden, one refresh when shown', async () => {
    await harness({
      runs: [
        freshRunning({ id: 'run_live' }),
        staleRunning(),
        pastExpectedRunning(),
        freshQueued(),
        succeededRun(),
      ],
    });
    // No `client` property: every element takes the page's shared client for /api.
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <tenant-activity workspace="ws_1" tenant="t_1" poll-interval=${POLL_S}></tenant-activity>
        <active-run-progress
          workspace="ws_1"
          tenant="t_1"
          poll-interval=${POLL_S}
        ></active-run-progress>
        <workspace-recent-ops workspace="ws_1" poll-interval=${POLL_S}></workspace-recent-ops>
        <ops-list workspace="ws_1" tenant="t_1" poll-interval=${POLL_S}></ops-list>
        <run-detail workspace="ws_1" run-id="run_live" poll-interval=${POLL_S}></run-detail>
      </div>`,
    );
    const elements = [...page.children] as HTMLElement[];
    assert.lengthOf(elements, 5);
    await waitUntil(
      () =>
        elements.every((el) => el.shadowRoot?.querySelector('[aria-busy="true"]') === null) &&
        requestLog.count() > 0,
      'the five elements did not load',
      { timeout: 5000 },
    );

    // First load: every distinct query was asked exactly once, whatever the number of elements.
    const first = perQuery();
    assert.isAtLeast(first.size, 4, `distinct queries: ${[...first.keys()].join(' | ')}`);
    for (const [key, n] of first) assert.equal(n, 1, `first load, ${key}`);

    // A few cycles: each query has one poll loop (counts differ by at most one between queries).
    await waitUntil(() => [...perQuery().values()].every((n) => n >= 4), 'polling did not run', {
      timeout: 6000,
    });
    const polled = perQuery();
    assert.equal(polled.size, first.size, 'no new query appeared while polling');
    const counts = [...polled.values()];
    assert.isAtMost(Math.max(...counts) - Math.min(...counts), 1, `per query: ${counts}`);

    // Hidden: no request at all for several intervals.
    setVisibility('hidden');
    await sleep(100); // a request already on the wire may finish
    const beforeHidden = requestLog.count();
    await sleep(POLL_S * 1000 * 4);
    assert.equal(requestLog.count(), beforeHidden, 'requests while hidden');

    // Visible again: every query refreshes at once, once.
    const atShow = perQuery();
    setVisibility('visible');
    await waitUntil(
      () => [...atShow].every(([key, n]) => (perQuery().get(key) ?? 0) >= n + 1),
      'not every query refreshed when shown',
      { timeout: 1000 },
    );
    const afterShow = perQuery();
    for (const [key, n] of atShow) {
      assert.equal(afterShow.get(key), n + 1, `one refresh when shown, ${key}`);
    }

    // Removed: no request afterwards.
    page.remove();
    await sleep(100);
    const atRemoval = requestLog.count();
    await sleep(POLL_S * 1000 * 3);
    assert.equal(requestLog.count(), atRemoval, 'requests after the elements were removed');
  });
});
