// Figure 6: deriveActiveState throughput in Node (run by bench/run.mjs as a child process with
// `--conditions=source --import tsx`, so it measures the current source without a build).
// Prints one JSON line.
import { deriveActiveState, sortByAttention, summarizeActivity } from '@runsight/active-state';
import { domainRuns, BENCH_NOW } from '../lib/runs.mjs';
import { median, round } from '../lib/util.mjs';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const SAMPLE_MS = 250;

/** Calls `fn` (which processes `unit` items) repeatedly for ~SAMPLE_MS; items per second. */
function rate(fn, unit) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    n += unit;
    elapsed = performance.now() - start;
  } while (elapsed < SAMPLE_MS);
  return (n / elapsed) * 1000;
}

function measure(fn, unit) {
  rate(fn, unit); // warm-up (JIT)
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(rate(fn, unit));
  return { median: median(samples), samples: samples.map((s) => Math.round(s)) };
}

const runs = domainRuns(10_000, 42);
const active = runs.filter((r) => r.status !== 'completed');
const policies = {
  default: {
    queued: { expectedAfterS: 120, staleAfterS: 900 },
    running: { expectedAfterS: 600, staleAfterS: 3600, heartbeatTimeoutS: 300 },
  },
};
let sink = 0;
const deriveAll = (list, opts) => () => {
  for (let i = 0; i < list.length; i++) sink += deriveActiveState(list[i], opts).freshness.length;
};
// Each pass at a slightly different instant, as a list re-derives at each deadline.
let t = BENCH_NOW;
const moving = (list) => () => {
  t += 1000;
  deriveAll(list, { now: t })();
};

const mixed = measure(moving(runs), runs.length);
const activeOnly = measure(moving(active), active.length);
const withPolicies = measure(deriveAll(runs, { now: BENCH_NOW, policies }), runs.length);
// 200 runs spread over the 24 h (runs are newest first: the first 200 would all be fresh), so the
// page has the whole mix, as the unsorted runs of the bench's former own generator had.
const page200 = runs.filter((_, i) => i % (runs.length / 200) === 0);
const summarize = measure(() => {
  sink += summarizeActivity(page200, { now: BENCH_NOW }).active;
}, 1);
const sort = measure(() => {
  sink += sortByAttention(page200, { now: BENCH_NOW }).length;
}, 1);

console.log(
  JSON.stringify({
    derivePerSecond: Math.round(mixed.median),
    samples: mixed.samples,
    activeOnlyPerSecond: Math.round(activeOnly.median),
    withPoliciesPerSecond: Math.round(withPolicies.median),
    summarize200PerSecond: Math.round(summarize.median),
    sortByAttention200PerSecond: Math.round(sort.median),
    runs: runs.length,
    activeShare: round(active.length / runs.length, 3),
    source: 'packages/active-state/src (tsx)',
    sink: sink > 0,
  }),
);
