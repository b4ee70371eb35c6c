// Figures 2–4 and 7 in Chromium: <ops-list> with 10 000 rows vs a naive table; requests per poll
// cycle with all five elements; renders in an idle minute with 200 active runs; <run-detail>
// with 10 000 events (longest main-thread task).
import { openPage, withBrowser } from '../lib/browser.mjs';
import { log, median, round } from '../lib/util.mjs';

export const FRAME_BUDGET_MS = 16.7;
/** `<ops-list>`'s worst scroll step and filter change: half a frame, the rest left to the host. */
export const HALF_FRAME_MS = 8;
/** Longest main-thread task allowed while `<run-detail>` loads and renders a long history. */
export const LONG_TASK_BUDGET_MS = 100;

const PAGES = {
  'ops-list': 'bench/pages/ops-list.page.mjs',
  'all-five': 'bench/pages/all-five.page.mjs',
  'run-detail': 'bench/pages/run-detail.page.mjs',
};

/**
 * Main-thread CPU time between the page's `bench:<tag>:<i>:s` and `:e` marks, from a Chromium
 * trace (user-timing marks carry the thread clock `tts`): what a step cost the main thread,
 * without the time it waited while other processes of a shared machine ran.
 * Returns `{ [tag]: { [i]: ms } }`.
 */
function threadTimes(traceBuffer) {
  const trace = JSON.parse(traceBuffer.toString('utf8'));
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const starts = new Map();
  const out = {};
  for (const e of events) {
    const m = /^bench:([^:]+):(\d+):([se])$/.exec(e.name ?? '');
    if (!m || e.tts === undefined) continue;
    const key = `${m[1]}:${m[2]}`;
    if (m[3] === 's') starts.set(key, e.tts);
    else if (starts.has(key)) (out[m[1]] ??= {})[m[2]] = (e.tts - starts.get(key)) / 1000;
  }
  return out;
}

/** Runs `fn` while tracing user-timing marks; `{ value, cpu }` (see threadTimes). */
async function traced(browser, page, fn) {
  await browser.startTracing(page, { categories: ['blink.user_timing'] });
  let value;
  let failure = null;
  try {
    value = await fn();
  } catch (error) {
    failure = error;
  }
  const buffer = await browser.stopTracing();
  if (failure) throw failure;
  return { value, cpu: threadTimes(buffer) };
}

/**
 * The longest top-level task of the renderer's main thread inside each `bench:<tag>:0:s`…`:e`
 * window (tasks that overlap it), from a trace with the `toplevel` category: `{ [tag]: { cpuMs,
 * wallMs, name } }`, cpu = thread time (`tdur`), wall = `dur`.
 */
function longestTasks(traceBuffer) {
  const trace = JSON.parse(traceBuffer.toString('utf8'));
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const windows = new Map();
  for (const e of events) {
    const m = /^bench:([^:]+):0:([se])$/.exec(e.name ?? '');
    if (!m) continue;
    const w = windows.get(m[1]) ?? {};
    if (m[2] === 's') Object.assign(w, { start: e.ts, pid: e.pid, tid: e.tid });
    else w.end = e.ts;
    windows.set(m[1], w);
  }
  const tasks = events.filter(
    (e) => e.ph === 'X' && e.dur !== undefined && /RunTask$/.test(e.name ?? ''),
  );
  const out = {};
  for (const [tag, w] of windows) {
    if (w.start === undefined || w.end === undefined) continue;
    let worstTask = null;
    for (const e of tasks) {
      if (e.pid !== w.pid || e.tid !== w.tid) continue;
      if (e.ts > w.end || e.ts + e.dur < w.start) continue;
      const cpu = e.tdur ?? e.dur;
      if (!worstTask || cpu > worstTask.cpu) worstTask = { cpu, wall: e.dur };
    }
    out[tag] = worstTask
      ? { cpuMs: round(worstTask.cpu / 1000, 1), wallMs: round(worstTask.wall / 1000, 1) }
      : null;
  }
  return out;
}

const worst = (byIndex) => (byIndex ? Math.max(...Object.values(byIndex)) : null);

async function opsListFigures(browser, url, { reps }) {
  const errors = [];
  const page = await openPage(browser, url, 'ops-list', { onError: (e) => errors.push(e) });
  try {
    const { value: r, cpu: renderCpu } = await traced(browser, page, () =>
      page.evaluate((n) => window.bench.renderRuns(n), reps),
    );
    const ours = median(r.ours.map((x) => x.msToRendered));
    const naive = median(r.naive.map((x) => x.msToRendered));
    const oursCpu = median(r.ours.map((_, i) => renderCpu[`render-ours${i}`]?.[0]));
    const naiveCpu = median(r.naive.map((_, i) => renderCpu[`render-naive${i}`]?.[0]));
    const iReps = Math.max(1, reps);
    const { value: interaction, cpu } = await traced(browser, page, () =>
      page.evaluate((n) => window.bench.interaction(n), iReps),
    );
    const scrollCpu = interaction.map((_, rep) => worst(cpu[`scroll${rep}`]));
    // The overscan rows a jump rendered after its frame (the task after it; see the page).
    const fillCpu = interaction.map((_, rep) => worst(cpu[`fill${rep}`]));
    const filterCpu = interaction.map((_, rep) => worst(cpu[`filter${rep}`]));
    // The overscan rows a filter change rendered after its frame.
    const filterFillCpu = interaction.map((_, rep) => worst(cpu[`fillf${rep}`]));
    const wall = (key) => interaction.map((x) => x[key]);
    return {
      msToRendered10k: round(ours, 1),
      naiveMsToRendered10k: round(naive, 1),
      ratioVsNaive10k: ours !== null && naive ? round(ours / naive, 3) : null,
      domRows10k: Math.max(...r.ours.map((x) => x.domRows)),
      // Frame figures: main-thread CPU time (trace thread clock) of the worst step of a
      // repetition, median over repetitions (the max is reported too). The wall-clock variants
      // also count the time the machine gave to other processes.
      scrollWorstFrameMs: round(median(scrollCpu), 2),
      filterWorstFrameMs: round(median(filterCpu), 2),
      cpuMsToRendered10k: round(oursCpu, 1),
      naiveCpuMsToRendered10k: round(naiveCpu, 1),
      cpuRatioVsNaive10k: oursCpu !== null && naiveCpu ? round(oursCpu / naiveCpu, 3) : null,
      naiveDomRows10k: Math.max(...r.naive.map((x) => x.domRows)),
      shadowElements10k: Math.max(...r.ours.map((x) => x.allElements)),
      updateMs10k: round(median(r.ours.map((x) => x.updateMs)), 1),
      naiveUpdateMs10k: round(median(r.naive.map((x) => x.updateMs)), 1),
      samples: {
        ours: r.ours.map((x) => round(x.msToRendered, 1)),
        naive: r.naive.map((x) => round(x.msToRendered, 1)),
      },
      scrollSteps: interaction[0]?.steps,
      scrollWorstFrameMsMax: round(Math.max(...scrollCpu), 2),
      scrollFillWorstMs: round(median(fillCpu), 2),
      scrollFillWorstMsMax: round(Math.max(...fillCpu), 2),
      scrollMedianFrameMs: round(
        median(interaction.flatMap((_, rep) => Object.values(cpu[`scroll${rep}`] ?? {}))),
        2,
      ),
      scrollWorstFrameWallMs: round(median(wall('scrollWorstMs')), 2),
      scrollWorstFrameWallMsMax: round(Math.max(...wall('scrollWorstMs')), 2),
      scrollMedianFrameWallMs: round(median(wall('scrollMedianMs')), 2),
      scrollBlankSteps: Math.max(...wall('scrollBlankSteps')),
      filterWorstFrameMsMax: round(Math.max(...filterCpu), 2),
      filterFillWorstMs: round(median(filterFillCpu), 2),
      filterWorstFrameWallMs: round(median(wall('filterWorstMs')), 2),
      filterWorstFrameWallMsMax: round(Math.max(...wall('filterWorstMs')), 2),
      filterChanges: interaction[0]?.filters.map((f, i) => ({
        ...f,
        cpuMs: round(cpu.filter0?.[i], 2),
        workMs: round(f.workMs, 2),
        toPaintMs: round(f.toPaintMs, 2),
      })),
      rafScroll: {
        frameIntervalWorstMs: round(median(wall('frameIntervalWorstMs')), 1),
        frameIntervalMedianMs: round(median(wall('frameIntervalMedianMs')), 1),
        framesOver20ms: wall('framesOver20ms'),
        frames: interaction[0]?.frames,
        longTasks: wall('longTasks'),
      },
      pageErrors: errors.slice(0, 5),
    };
  } finally {
    await page.close();
  }
}

async function allFiveFigures(browser, url) {
  const errors = [];
  const page = await openPage(browser, url, 'all-five', { onError: (e) => errors.push(e) });
  try {
    const requests = await page.evaluate(() => window.bench.requests());
    // A fresh page (fresh clock and store) for the idle minute.
    await page.reload();
    await page.waitForFunction(() => window.bench?.ready === true);
    const renders = await page.evaluate(() => window.bench.idleMinute());
    return { requests, renders, pageErrors: errors.slice(0, 5) };
  } finally {
    await page.close();
  }
}

async function runDetailFigures(browser, url, { reps }) {
  const errors = [];
  const page = await openPage(browser, url, 'run-detail', { onError: (e) => errors.push(e) });
  try {
    const info = await page.evaluate(() => ({
      events: window.bench.events,
      bodyBytes: window.bench.bodyBytes,
    }));
    // The detail endpoint: the page's JSON, served through the browser's network stack.
    const body = await page.evaluate(() => window.bench.body());
    await page.route('**/bench-api/operation-runs/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { ETag: 'W/"long-history"', 'Cache-Control': 'no-store' },
        body,
      }),
    );
    await browser.startTracing(page, {
      categories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'],
    });
    let r;
    let buffer;
    try {
      r = await page.evaluate((n) => window.bench.render(n), reps);
    } finally {
      buffer = await browser.stopTracing();
    }
    const tasks = longestTasks(buffer);
    const render = r.map((_, i) => tasks[`rd-render${i}`]);
    const cpu = (xs) => xs.map((x) => x?.cpuMs).filter((x) => x !== undefined);
    // Per repetition, the worst of its "Show earlier events" clicks.
    const more = r
      .map((x, i) => cpu(x.showEarlier.clicks.map((_, k) => tasks[`rd-more${i}x${k}`])))
      .filter((xs) => xs.length > 0);
    return {
      // Main-thread CPU time of the longest task while the detail loads and renders (trace
      // thread clock), median over repetitions; the wall-clock variants count descheduling too.
      events10kLongestTaskMs: round(median(cpu(render)), 1),
      events10kLongestTaskMsMax: round(Math.max(...cpu(render)), 1),
      events10kLongestTaskWallMs: round(median(render.map((x) => x?.wallMs)), 1),
      events10kMsToRendered: round(median(r.map((x) => x.msToRendered)), 1),
      events10kLongTaskObserverMaxMs: round(median(r.map((x) => x.longTasks.maxMs)), 1),
      events10kLongTaskCount: r.map((x) => x.longTasks.count),
      events10kEventsInDom: Math.max(...r.map((x) => x.eventsInDom)),
      // "Show earlier events" clicked 20 times after each render: the longest task of the worst
      // click (median over repetitions), and how many events were in the DOM after the clicks.
      showEarlierLongestTaskMs: more.length
        ? round(median(more.map((xs) => Math.max(...xs))), 1)
        : null,
      showEarlierClicks: r[0]?.showEarlier.clicks.length ?? 0,
      showEarlierEventsInDom: r[0]?.showEarlier.eventsInDom ?? null,
      events: info.events,
      bodyBytes: info.bodyBytes,
      samples: { render, showEarlierWorstCpuMs: more.map((xs) => Math.max(...xs)) },
      pageErrors: errors.slice(0, 5),
    };
  } finally {
    await page.close();
  }
}

export async function browserFigures({ reps = 5, only = null } = {}) {
  const want = (name) => !only || only.includes(name);
  const pages = Object.fromEntries(Object.entries(PAGES).filter(([n]) => want(n)));
  return withBrowser(pages, async ({ browser, url, errors, version }) => {
    const out = { chromium: version, opsList: null, allFive: null, runDetail: null };
    if (pages['ops-list']) {
      if (errors['ops-list']) out.opsList = { reason: `page did not build: ${errors['ops-list']}` };
      else {
        log('browser: ops-list 10 000 rows vs naive table');
        try {
          out.opsList = await opsListFigures(browser, url, { reps });
        } catch (error) {
          out.opsList = { reason: String(error.message ?? error).split('\n')[0] };
        }
      }
    }
    if (pages['all-five']) {
      if (errors['all-five']) out.allFive = { reason: `page did not build: ${errors['all-five']}` };
      else {
        log('browser: all five elements (requests per cycle, renders per idle minute)');
        try {
          out.allFive = await allFiveFigures(browser, url);
        } catch (error) {
          out.allFive = { reason: String(error.message ?? error).split('\n')[0] };
        }
      }
    }
    if (pages['run-detail']) {
      if (errors['run-detail']) {
        out.runDetail = { reason: `page did not build: ${errors['run-detail']}` };
      } else {
        log('browser: run-detail with 10 000 events (longest main-thread task)');
        try {
          out.runDetail = await runDetailFigures(browser, url, { reps });
        } catch (error) {
          out.runDetail = { reason: String(error.message ?? error).split('\n')[0] };
        }
      }
    }
    return out;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2] ? process.argv[2].split(',') : null;
  browserFigures({ only, reps: Number(process.env.BENCH_REPS ?? 5) }).then((r) =>
    console.log(JSON.stringify(r, null, 2)),
  );
}
