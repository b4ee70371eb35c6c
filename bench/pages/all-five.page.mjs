// Figures 3 and 4: a page with all five elements for one tenant, one shared client whose fetch
// is counted and answered in the page by the api-client's MSW contract handlers (ETag / 304),
// and a fake clock (@sinonjs/fake-timers: setTimeout/setInterval/Date; rAF stays real).
import FakeTimers from '@sinonjs/fake-timers';
import { getResponse } from 'msw';
import {
  ActiveRunProgress,
  OpsList,
  RunDetailElement,
  TenantActivity,
  WorkspaceRecentOps,
  createClient,
} from '@runsight/widgets';
import { FIXTURE_NOW_MS, runsHandlers, terminalRun, wireRun } from '@runsight/api-client/fixtures';
import { nextPaint } from './measure.mjs';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const clock = FakeTimers.install({
  now: FIXTURE_NOW_MS,
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
});

// --- render counting: every update cycle of every element (patched before definition) -------
const ELEMENTS = [
  ['tenant-activity', TenantActivity],
  ['active-run-progress', ActiveRunProgress],
  ['workspace-recent-ops', WorkspaceRecentOps],
  ['ops-list', OpsList],
  ['run-detail', RunDetailElement],
];
const renders = Object.fromEntries(ELEMENTS.map(([tag]) => [tag, 0]));
/** [tag, fake-clock ms] of every render, for the diagnostics of the idle minute. */
const renderLog = [];
for (const [tag, Class] of ELEMENTS) {
  const original = Class.prototype.updated;
  Class.prototype.updated = function updated(changed) {
    renders[this.localName] = (renders[this.localName] ?? 0) + 1;
    renderLog.push([this.localName, Date.now()]);
    return original.call(this, changed);
  };
  if (!customElements.get(tag)) customElements.define(tag, Class);
}

// --- data: 200 active runs of tenant t_1 (+ finished ones) --------------------------------
const iso = (offset) => new Date(FIXTURE_NOW_MS + offset).toISOString();
const T = { tenant_id: 't_1', tenant_name: 'Contoso' };

/** The runs whose state changes within the idle minute: the newest active runs. */
export const CROSSINGS = [
  { id: 'run_cross_a', at: 15 * SECOND, kind: 'expected_by' },
  { id: 'run_cross_b', at: 35 * SECOND, kind: 'stale_after' },
  { id: 'run_cross_c', at: 50 * SECOND, kind: 'expected_by' },
];
export const DETAIL_RUN = 'run_cross_c';

/** The page's runs; `withCrossings: false` moves the three crossings two hours out. */
function dataset(withCrossings = true) {
  const rows = [];
  CROSSINGS.map((c) => (withCrossings ? c : { ...c, at: c.at + 2 * HOUR })).forEach((c, i) => {
    const created = -(i + 1) * SECOND;
    const pastExpected = c.kind === 'stale_after';
    rows.push(
      wireRun({
        ...T,
        id: c.id,
        created_at: iso(created),
        started_at: iso(created + 500),
        last_heartbeat_at: iso(created + 500),
        lifecycle: {
          expected_by: pastExpected ? iso(-10 * MINUTE) : iso(c.at),
          stale_after: pastExpected ? iso(c.at) : iso(2 * HOUR),
          heartbeat_timeout_s: null,
        },
        freshness: { state: pastExpected ? 'past_expected' : 'fresh', evaluated_at: iso(0) },
      }),
    );
  });
  for (let i = rows.length; i < 200; i++) {
    const created = -(5 * MINUTE + i * 7 * SECOND);
    const kind = i % 10 < 7 ? 'fresh' : i % 10 < 9 ? 'past_expected' : 'likely_stale';
    const queued = kind === 'fresh' && i % 3 === 0;
    rows.push(
      wireRun({
        ...T,
        id: `run_active_${i}`,
        type: i % 2 ? 'inventory.sync' : 'backup.create',
        type_label: i % 2 ? 'Inventory sync' : 'Backup',
        status: queued ? 'queued' : 'running',
        created_at: iso(created),
        started_at: queued ? null : iso(created + 2 * SECOND),
        last_heartbeat_at: queued ? null : iso(-20 * SECOND),
        progress: queued ? null : { total: 200, processed: i % 200, succeeded: i % 200, failed: 0 },
        lifecycle:
          kind === 'fresh'
            ? { expected_by: iso(2 * HOUR), stale_after: iso(4 * HOUR), heartbeat_timeout_s: null }
            : kind === 'past_expected'
              ? { expected_by: iso(-MINUTE), stale_after: iso(3 * HOUR), heartbeat_timeout_s: null }
              : { expected_by: iso(-2 * HOUR), stale_after: iso(-HOUR), heartbeat_timeout_s: null },
        freshness: { state: kind, evaluated_at: iso(0) },
      }),
    );
  }
  for (let i = 0; i < 60; i++) {
    const created = -(HOUR + i * 10 * MINUTE);
    rows.push(
      terminalRun(i % 5 === 0 ? 'failed' : 'succeeded', {
        ...T,
        id: `run_done_${i}`,
        created_at: iso(created),
        started_at: iso(created + 2 * SECOND),
        completed_at: iso(created + 5 * MINUTE),
        last_heartbeat_at: iso(created + 5 * MINUTE),
      }),
    );
  }
  return rows;
}

// --- the backend: MSW contract handlers answered in the page, every request counted -------
let rows = dataset();
const handlers = runsHandlers({ runs: () => rows, serverTime: () => Date.now(), baseUrl: '/api' });
// A backend without ETags: every poll is a 200 with an equal body.
const handlersNoEtag = runsHandlers({
  runs: () => rows,
  serverTime: () => Date.now(),
  baseUrl: '/api',
  etag: false,
});
let useEtags = true;
const log = [];
async function countingFetch(input, init) {
  const request = new Request(new URL(String(input), location.href), init);
  const response = await getResponse(useEtags ? handlers : handlersNoEtag, request);
  log.push({
    url: request.url.replace(location.origin, ''),
    status: response?.status ?? 0,
    at: Date.now(),
  });
  return response ?? new Response(null, { status: 404 });
}
const client = createClient({ baseUrl: '/api', fetch: countingFetch });

// --- page ---------------------------------------------------------------------------------
function mount(pollSeconds) {
  const tags = {
    'tenant-activity': {},
    'active-run-progress': {},
    'workspace-recent-ops': { tenant: null },
    'ops-list': {},
    'run-detail': { 'run-id': DETAIL_RUN },
  };
  const els = [];
  for (const [tag, extra] of Object.entries(tags)) {
    const el = document.createElement(tag);
    el.setAttribute('workspace', 'ws_1');
    el.setAttribute('tenant', 't_1');
    el.setAttribute('poll-interval', String(pollSeconds));
    for (const [name, value] of Object.entries(extra)) {
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
    }
    el.client = client;
    document.body.append(el);
    els.push(el);
  }
  return els;
}

const busy = (el) => !!el.shadowRoot?.querySelector('[aria-busy="true"]');

/** Lets promises, fetches and updates run without moving the fake clock. */
async function flush(els) {
  for (let i = 0; i < 20; i++) {
    await clock.tickAsync(0);
    await Promise.all(els.map((el) => el.updateComplete));
    if (client.stats().inFlight === 0) break;
  }
  await nextPaint();
}

async function load(els) {
  for (let i = 0; i < 50; i++) {
    await flush(els);
    if (!els.some(busy) && client.stats().inFlight === 0) return true;
  }
  return false;
}

function snapshot() {
  return { requests: log.length, renders: { ...renders } };
}
function since(before) {
  const after = snapshot();
  const byElement = Object.fromEntries(
    Object.keys(renders).map((k) => [k, after.renders[k] - before.renders[k]]),
  );
  return {
    requests: after.requests - before.requests,
    statuses: log
      .slice(before.requests)
      .reduce((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {}),
    urls: log.slice(before.requests).map((r) => r.url),
    renders: Object.values(byElement).reduce((a, b) => a + b, 0),
    rendersByElement: byElement,
  };
}

function setHidden(hidden) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

window.bench = {
  ready: true,
  /** Figure 3: one poll cycle (10 s) with nothing changed; a hidden page; showing it again. */
  async requests() {
    const POLL_S = 10;
    // No deadline within these cycles: every render would be caused by a poll.
    rows = dataset(false);
    const els = mount(POLL_S);
    const loaded = await load(els);
    const initial = { requests: log.length, urls: log.map((r) => r.url) };
    const stats = client.stats();
    // One cycle: every entry polls once at +10 s (the shared 30 s tick is outside this
    // window), and the next one (+20 s) without ETags.
    let before = snapshot();
    await clock.tickAsync(POLL_S * SECOND);
    await flush(els);
    const cycle = since(before);
    // The same cycle against a backend without ETags (200s with equal bodies).
    useEtags = false;
    before = snapshot();
    await clock.tickAsync(POLL_S * SECOND);
    await flush(els);
    const cycleNoEtag = since(before);
    useEtags = true;
    // Hidden for three cycles.
    setHidden(true);
    before = snapshot();
    await clock.tickAsync(3 * POLL_S * SECOND);
    await flush(els);
    const hidden = since(before);
    before = snapshot();
    setHidden(false);
    await flush(els);
    const shown = since(before);
    return {
      loaded,
      pollSeconds: POLL_S,
      initialRequests: initial.requests,
      distinctQueries: stats.entries,
      subscriptions: stats.subscribers,
      perCycleAllFive: cycle.requests,
      cycle,
      hidden: hidden.requests,
      hiddenCycles: 3,
      requestsOnShow: shown.requests,
      unchangedRenders: cycle.renders,
      unchangedRendersNoEtag: cycleNoEtag.renders,
      cycleNoEtag: { requests: cycleNoEtag.requests, statuses: cycleNoEtag.statuses },
    };
  },
  /** Figure 4: one idle minute (default 30 s polling, nothing changes on the server). */
  async idleMinute() {
    const els = mount(30);
    const loaded = await load(els);
    const stats = client.stats();
    const before = snapshot();
    const t0 = Date.now();
    const logStart = renderLog.length;
    // Step through the minute second by second so updates settle as they would in real time.
    for (let s = 0; s < 60; s++) {
      await clock.tickAsync(SECOND);
      await flush(els);
    }
    const minute = since(before);
    const crossed = CROSSINGS.filter((c) => c.at > 0 && c.at <= Date.now() - t0).length;
    // Budget: one render per element (the coarse relative-time refresh), plus one per deadline
    // crossed among the runs each element holds: the three crossing runs are the newest active
    // runs, so every list element holds all three; run-detail shows one of them.
    const perElementBudget = Object.fromEntries(
      ELEMENTS.map(([tag]) => [tag, 1 + (tag === 'run-detail' ? 1 : crossed)]),
    );
    const budget = Object.values(perElementBudget).reduce((a, b) => a + b, 0);
    return {
      loaded,
      activeRuns: rows.filter((r) => r.status !== 'completed').length,
      elements: ELEMENTS.length,
      deadlinesCrossed: crossed,
      idleMinute200: minute.renders,
      budget,
      perElementBudget,
      rendersByElement: minute.rendersByElement,
      // When each element rendered (seconds into the minute): ticks, deadlines, other causes.
      renderTimes: renderLog.slice(logStart).reduce((m, [tag, at]) => {
        (m[tag] ??= []).push((at - t0) / SECOND);
        return m;
      }, {}),
      requests: minute.requests,
      statuses: minute.statuses,
      distinctQueries: stats.entries,
    };
  },
};
