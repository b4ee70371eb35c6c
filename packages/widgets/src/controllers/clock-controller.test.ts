/**
 * Time with sinon fake timers and a stub client (no network): the element re-derives at the
 * earliest nextChangeAt with ONE timer, refreshes relative times on the shared 60 s tick, never
 * renders every second, and leaves no timer behind.
 */
import { assert, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import {
  createServerClock,
  parseRuns,
  systemTimeSource,
  type ListRunsResult,
  type QueryHandle,
  type QuerySnapshot,
  type RunsightClient,
} from '@runsight/api-client';
import {
  FIXTURE_NOW,
  freshQueued,
  freshRunning,
  MINUTE,
  SECOND,
} from '@runsight/api-client/fixtures';
import '../active-run-progress/active-run-progress.define.js';
import type { ActiveRunProgress } from '../active-run-progress/active-run-progress.js';
import { sharedTickState, TICK_MS } from './clock-controller.js';

function stubClient(rows: unknown[]): RunsightClient {
  const clock = createServerClock({ timeSource: systemTimeSource });
  const data: ListRunsResult = {
    ...parseRuns(rows),
    meta: { nextCursor: null, serverTime: null, invalidRows: 0, outOfScopeRows: 0 },
  } as ListRunsResult;
  const snapshot: QuerySnapshot<ListRunsResult> = {
    status: 'success',
    data: {
      runs: data.runs,
      meta: { nextCursor: null, serverTime: null, invalidRows: 0, outOfScopeRows: 0 },
    },
    error: undefined,
    lastSuccessAt: Date.now(),
    lastSuccessServerTime: Date.now(),
    isFetching: false,
    intervalMs: 0,
  };
  const handle: QueryHandle<ListRunsResult> = {
    getSnapshot: () => snapshot,
    refetch: () => Promise.resolve(),
    isOutdated: () => false,
    unsubscribe: () => undefined,
  };
  const fail = () => Promise.reject(new Error('not in this test'));
  return {
    baseUrl: '/stub',
    clock,
    policies: undefined,
    listRuns: fail,
    getRun: fail,
    fetchRuns: fail,
    fetchRun: fail,
    watchRuns: () => handle,
    watchRun: () => {
      throw new Error('not in this test');
    },
    getSummary: fail,
    fetchSummary: fail,
    watchSummary: () => {
      throw new Error('not in this test');
    },
  };
}

describe('clock: one timer at the next change, a coarse shared tick', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: FIXTURE_NOW,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });

  afterEach(() => clock.restore());

  it('re-derives exactly at expected_by and stale_after, without rendering every second', async () => {
    // Fresh queued run: created 30 s ago, expected within 2 min (90 s from now), stale after 15 min.
    const client = stubClient([freshQueued(), freshRunning()]);
    const el = await fixture<ActiveRunProgress>(
      html`<active-run-progress
        workspace="ws_1"
        tenant="t_1"
        poll-interval="0"
        .client=${client}
      ></active-run-progress>`,
    );
    await el.updateComplete;
    const badge = () =>
      el.shadowRoot
        ?.querySelector('[data-run-id="run_fresh_queued"] [part~="badge"]')
        ?.textContent?.trim();
    assert.equal(badge(), 'Queued');
    // One shared interval + one next-change timer.
    assert.equal(clock.countTimers(), 2);
    assert.isTrue(sharedTickState().running);

    let renders = 0;
    const proto = Object.getPrototypeOf(el) as { render: () => unknown };
    const spy = sinon.spy(proto, 'render');
    try {
      await clock.tickAsync(89 * SECOND);
      await el.updateComplete;
      assert.equal(badge(), 'Queued', 'not yet');
      renders = spy.callCount;
      assert.isAtMost(renders, 3, `89 s passed with only tick renders (${renders})`);
      await clock.tickAsync(1 * SECOND);
      await el.updateComplete;
      assert.equal(badge(), 'Past expected', 'exactly at expected_by');
      await clock.tickAsync(13 * MINUTE - 1); // stale_after = created + 15 min = now + 14.5 min
      await el.updateComplete;
      assert.equal(badge(), 'Past expected');
      await clock.tickAsync(1);
      await el.updateComplete;
      assert.equal(badge(), 'Likely stale', 'exactly at stale_after');
      // 14.5 min: about 29 coarse ticks plus the deadline renders, far from 900 per-second renders.
      assert.isAtMost(spy.callCount, 40, `renders in 15 min: ${spy.callCount}`);
      assert.isAtLeast(
        spy.callCount,
        Math.floor((14 * MINUTE) / TICK_MS) - 2,
        'relative times refresh on the tick',
      );
    } finally {
      spy.restore();
    }

    el.remove();
    assert.equal(clock.countTimers(), 0, 'no timer left after removal');
    assert.isFalse(sharedTickState().running);
  });

  it('one shared interval for many elements, stopped when the last leaves', async () => {
    const client = stubClient([freshRunning()]);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        ${[1, 2, 3].map(
          () =>
            html`<active-run-progress
              workspace="ws_1"
              tenant="t_1"
              poll-interval="0"
              .client=${client}
            ></active-run-progress>`,
        )}
      </div>`,
    );
    await Promise.all([...wrapper.children].map((c) => (c as ActiveRunProgress).updateComplete));
    assert.deepEqual(sharedTickState(), { listeners: 3, running: true });
    wrapper.children[0]?.remove();
    assert.deepEqual(sharedTickState(), { listeners: 2, running: true });
    wrapper.remove();
    assert.deepEqual(sharedTickState(), { listeners: 0, running: false });
    assert.equal(clock.countTimers(), 0);
  });
});
