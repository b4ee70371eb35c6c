// Figure 2: <ops-list> with 10 000 runs against a naive lit repeat() table of the same rows, in
// the same browser run. Driven by bench/figures/browser.mjs through window.bench.
import { OpsList, createClient, createManualTimeSource } from '@runsight/widgets';
import { parseRuns } from '@runsight/api-client';
import { FIXTURE_NOW_MS, manyRuns } from '@runsight/api-client/fixtures/runs';
import { NaiveTable } from './naive-table.mjs';
import { deepQueryAll, frame, longTasks, median, nextPaint, settle } from './measure.mjs';

if (!customElements.get('ops-list')) customElements.define('ops-list', OpsList);

const N = 10_000;
const { runs } = parseRuns(manyRuns(N, 7));
// The client only gives the element its clock: in static mode (`runs`) no request is made.
const client = createClient({
  baseUrl: '/bench-api',
  timeSource: createManualTimeSource(FIXTURE_NOW_MS),
  document: null,
  fetch: () => Promise.reject(new Error('no request expected in static mode')),
});

const host = document.createElement('div');
host.style.cssText = 'width:1200px;height:640px';
document.body.append(host);

async function mountOurs() {
  const el = document.createElement('ops-list');
  el.setAttribute('workspace', 'ws_1');
  el.setAttribute('poll-interval', '0');
  el.style.setProperty('--runsight-ops-list-height', '560px');
  el.client = client;
  el.runs = [];
  host.append(el);
  await el.updateComplete;
  await nextPaint();
  return el;
}

async function mountNaive() {
  const el = document.createElement('naive-table');
  el.now = FIXTURE_NOW_MS;
  host.append(el);
  await el.updateComplete;
  await nextPaint();
  return el;
}

/** Hands the rows over and waits until the frame showing them has been produced. */
async function timeRender(el, tag) {
  performance.mark(`bench:${tag}:0:s`);
  const t0 = performance.now();
  el.runs = runs;
  await el.updateComplete;
  const t1 = performance.now();
  await nextPaint();
  const t2 = performance.now();
  performance.mark(`bench:${tag}:0:e`);
  return { updateMs: t1 - t0, msToRendered: t2 - t0 };
}

const bodyRows = (el) => el.shadowRoot.querySelectorAll('[role="row"][data-index]');

async function renderOnce(kind, rep) {
  host.replaceChildren();
  await settle();
  const el = kind === 'ours' ? await mountOurs() : await mountNaive();
  const r = await timeRender(el, `render-${kind}${rep}`);
  await nextPaint();
  const rows =
    kind === 'ours' ? bodyRows(el).length : el.shadowRoot.querySelectorAll('tbody tr').length;
  return { ...r, domRows: rows, allElements: deepQueryAll(el, '*').length };
}

/**
 * Runs `step`; timers the page sets meanwhile (the element's: the overscan rows a jump leaves
 * for after its frame) are measured when they fire, from the callback to the end of the update
 * it causes and its style + layout, as `bench:<tag>:s`…`:e`. Other timers (the element's clock)
 * do not fire during the bench.
 */
async function measuringTimers(el, tag, step) {
  const original = window.setTimeout;
  window.setTimeout = (fn, ms, ...args) =>
    original(() => {
      performance.mark(`bench:${tag}:s`);
      fn(...args);
      void el.updateComplete.then(() => {
        void el.shadowRoot.querySelector('[role="row"][data-index]')?.getBoundingClientRect();
        performance.mark(`bench:${tag}:e`);
      });
    }, ms);
  try {
    return await step();
  } finally {
    window.setTimeout = original;
  }
}

/**
 * Scrolls the table through 10 000 rows: each step sets scrollTop and dispatches the scroll
 * event synchronously, then waits for the element's update and forces style + layout: the
 * main-thread work of that frame. Also checks that the rows in the DOM cover the viewport.
 * The overscan rows a jump leaves for after its frame (the element renders them from a timer,
 * after the frame is painted) are measured on their own: `fill<rep>` marks.
 */
async function scrollSteps(el, steps, tag) {
  const scroller = el.shadowRoot.querySelector('.scroller');
  const head = scroller.querySelector('.thead');
  const viewport = scroller.clientHeight - (head?.offsetHeight ?? 0);
  const rowHeight = 48;
  const work = [];
  let blank = 0;
  for (const [i, y] of steps.entries()) {
    await frame();
    await measuringTimers(el, `fill${tag.replace(/^scroll/, '')}:${i}`, async () => {
      performance.mark(`bench:${tag}:${i}:s`);
      const t0 = performance.now();
      scroller.scrollTop = y;
      scroller.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
      void scroller.querySelector('[role="row"][data-index]')?.getBoundingClientRect();
      work.push(performance.now() - t0);
      performance.mark(`bench:${tag}:${i}:e`);
    });
    const top = scroller.scrollTop;
    const need0 = Math.floor(top / rowHeight);
    const need1 = Math.min(runs.length - 1, Math.floor((top + viewport - 1) / rowHeight));
    const have = new Set([...bodyRows(el)].map((r) => Number(r.dataset.index)));
    if (!have.has(need0) || !have.has(need1)) blank++;
  }
  return { work, blank };
}

/** Free-running scroll driven by rAF (no synthetic events): frame intervals and long tasks. */
async function scrollFrames(el, frames, pxPerFrame) {
  const scroller = el.shadowRoot.querySelector('.scroller');
  const lt = longTasks();
  lt.start();
  const stamps = [];
  let y = scroller.scrollTop;
  for (let i = 0; i < frames; i++) {
    stamps.push(await frame());
    y += pxPerFrame;
    scroller.scrollTop = y;
  }
  stamps.push(await frame());
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
  return { intervals, longTasks: lt.stop() };
}

/**
 * Filter and sort changes through the filter bar's selects (client-side on 10 000 rows). New
 * rows put new data in every slot: the overscan rows follow after the frame, as after a jump
 * (`fillf<rep>` marks).
 */
async function filterChanges(el, tag) {
  const changes = [
    ['f-freshness', 'likely_stale'],
    ['f-freshness', ''],
    ['f-status', 'active'],
    ['f-sort', 'attention'],
    ['f-status', ''],
    ['f-sort', 'newest'],
  ];
  const out = [];
  for (const [i, [id, value]] of changes.entries()) {
    const select = el.shadowRoot.getElementById(id);
    if (!select) {
      out.push({ id, value, missing: true });
      continue;
    }
    await frame();
    const fill = `fill${tag.replace(/^filter/, 'f')}:${i}`;
    const { work, t0 } = await measuringTimers(el, fill, async () => {
      performance.mark(`bench:${tag}:${i}:s`);
      const start = performance.now();
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      void el.shadowRoot.querySelector('[role="row"][data-index]')?.getBoundingClientRect();
      const ms = performance.now() - start;
      performance.mark(`bench:${tag}:${i}:e`);
      return { work: ms, t0: start };
    });
    const painted = (await nextPaint()) - t0;
    out.push({ id, value, workMs: work, toPaintMs: painted, rows: el.loadedRuns.length });
  }
  return out;
}

window.bench = {
  ready: true,
  /** Diagnostics: only the filter changes (for a CPU profile). */
  async filtersOnly() {
    host.replaceChildren();
    await settle();
    const el = await mountOurs();
    await timeRender(el, 'warm-f');
    await nextPaint();
    const out = await filterChanges(el, 'filters-only');
    host.replaceChildren();
    return out;
  },
  runs: runs.length,
  async renderRuns(reps) {
    const ours = [];
    const naive = [];
    // Interleaved so that background load hits both alike.
    for (let i = 0; i < reps; i++) {
      ours.push(await renderOnce('ours', i));
      naive.push(await renderOnce('naive', i));
    }
    host.replaceChildren();
    return { ours, naive };
  },
  async interaction(reps) {
    const results = [];
    for (let r = 0; r < reps; r++) {
      host.replaceChildren();
      await settle();
      const el = await mountOurs();
      await timeRender(el, `warm${r}`);
      await nextPaint();
      const total = runs.length * 48;
      // Jumps across the whole list and a steady scroll through one part of it.
      const steps = [];
      for (let i = 0; i < 30; i++) steps.push(Math.round((((i * 7919) % 1000) / 1000) * total));
      for (let i = 0; i < 30; i++) steps.push(200_000 + i * 600);
      const s = await scrollSteps(el, steps, `scroll${r}`);
      el.shadowRoot.querySelector('.scroller').scrollTop = 0;
      await nextPaint();
      const f = await scrollFrames(el, 90, 400);
      // The scroll phases leave garbage (replaced rows); collect it first, so that the filter
      // figures are the cost of the filter changes, not of a GC the scrolling made due.
      await settle();
      const filters = await filterChanges(el, `filter${r}`);
      results.push({
        steps: steps.length,
        scrollWorstMs: Math.max(...s.work),
        scrollMedianMs: median(s.work),
        scrollBlankSteps: s.blank,
        frameIntervalWorstMs: Math.max(...f.intervals),
        frameIntervalMedianMs: median(f.intervals),
        framesOver20ms: f.intervals.filter((x) => x > 20).length,
        frames: f.intervals.length,
        longTasks: f.longTasks,
        filterWorstMs: Math.max(...filters.filter((x) => !x.missing).map((x) => x.workMs)),
        filters,
      });
    }
    host.replaceChildren();
    return results;
  },
};
export { NaiveTable };
