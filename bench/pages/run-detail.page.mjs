// Figure 7: <run-detail> with a long history: a finished run with 10 000 events (≈ 4.5 MB of
// JSON), loaded through the real client (fetch → text → JSON.parse → validation → mapping) and
// rendered. The
// figure is the longest main-thread task from connecting the element to the frame that shows the
// run (bench/figures/browser.mjs reads it from a Chromium trace); the page also records
// PerformanceObserver 'longtask' entries. Driven through window.bench.
import { RunDetailElement, createClient, createManualTimeSource } from '@runsight/widgets';
import {
  FIXTURE_NOW_MS,
  seededRandom as random,
  succeededRun,
} from '@runsight/api-client/fixtures/runs';
import { longTasks, nextPaint, settle } from './measure.mjs';

if (!customElements.get('run-detail')) customElements.define('run-detail', RunDetailElement);

export const EVENTS = 10_000;
const RUN_ID = 'run_long_history';

/**
 * A mailbox migration that ran for ~7 days and logged a progress or heartbeat event about every
 * minute, with a note now and then: ≈ 500 bytes of JSON per event, like the 10 500-event,
 * 5 MB detail of the review.
 */
function longHistoryBody(n) {
  const rnd = random(42);
  const completed = FIXTURE_NOW_MS - 60_000;
  const created = completed - n * 60_000;
  const iso = (ms) => new Date(ms).toISOString();
  const run = succeededRun({
    id: RUN_ID,
    type: 'mailbox.migrate',
    type_label: 'Mailbox migration',
    created_at: iso(created),
    started_at: iso(created + 5_000),
    completed_at: iso(completed),
    last_heartbeat_at: iso(completed - 30_000),
    progress: { total: n * 40, processed: n * 40, succeeded: n * 40 - 17, failed: 17 },
  });
  const events = [];
  for (let i = 0; i < n; i++) {
    const at = iso(created + 5_000 + i * 60_000 + Math.floor(rnd() * 30_000));
    const box = `user${String(Math.floor(rnd() * 100_000)).padStart(5, '0')}@contoso.example`;
    const r = rnd();
    const kind = i === 0 ? 'started' : r < 0.7 ? 'progress' : r < 0.95 ? 'heartbeat' : 'note';
    const message =
      kind === 'progress'
        ? `Processed ${(i * 40).toLocaleString('en')} of ${(n * 40).toLocaleString('en')} items. Mailbox ${box}: ${Math.floor(rnd() * 900)} messages copied to the target tenant, ${Math.floor(rnd() * 20)} folders created, ${Math.floor(rnd() * 4)} items skipped (attachment over 35 MB or unsupported item class IPM.Note.Custom). Throughput ${(rnd() * 40).toFixed(1)} MB/min over ${1 + Math.floor(rnd() * 8)} parallel connections; throttling back-off ${Math.floor(rnd() * 3000)} ms; checkpoint ${i} written, next batch queued on worker mig-worker-${Math.floor(rnd() * 16)}; folders done: Inbox, Sent Items, Archive, Deleted Items.`
        : kind === 'heartbeat'
          ? `Worker mig-worker-${Math.floor(rnd() * 16)} alive; batch ${i} of ${n} in flight; queue depth ${Math.floor(rnd() * 500)}; memory ${(200 + rnd() * 800).toFixed(0)} MB; last checkpoint written to blob storage container migration-checkpoints/${RUN_ID}/batch-${i}.json after ${(rnd() * 4).toFixed(2)} s. Source connection pool: ${Math.floor(rnd() * 8)} of 8 in use; target connection pool: ${Math.floor(rnd() * 8)} of 8 in use; no errors since the last heartbeat.`
          : kind === 'note'
            ? `Source server returned HTTP 503 for ${box} (Retry-After ${Math.floor(rnd() * 60)} s); the batch was re-queued and will be retried with exponential back-off. No data was lost; the item counts above already exclude the affected folders of this mailbox until the retry succeeds.`
            : 'Started.';
    events.push({ at, kind, message });
  }
  return JSON.stringify({
    data: { ...run, context: { source: 'exchange-2016', batch_size: 40 }, events },
    meta: { server_time: iso(FIXTURE_NOW_MS) },
  });
}

const body = longHistoryBody(EVENTS);

/**
 * A client with a fresh store and the page's own `fetch`: bench/figures/browser.mjs answers
 * `/bench-api/…` with `body` (Playwright's `page.route`), so the response comes through the
 * browser's network stack, in chunks, as from a server. (A `Response` built in the page from one
 * 4.5 MB string would be decoded in a single task, which no network response is.)
 */
function benchClient() {
  return createClient({
    baseUrl: '/bench-api',
    timeSource: createManualTimeSource(FIXTURE_NOW_MS),
    document: null,
  });
}

const host = document.createElement('div');
host.style.cssText = 'width:1200px';
document.body.append(host);

const eventItems = (el) => el.shadowRoot?.querySelectorAll('.events li') ?? [];

/** Waits until the element shows the run (its events section), polling once per frame. */
async function rendered(el) {
  for (let i = 0; i < 6000; i++) {
    await el.updateComplete;
    if (el.shadowRoot?.querySelector('#rd-events')) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error('run-detail did not render the run');
}

/** Connect → data → rendered → painted; `tag` names the trace marks. */
async function renderOnce(tag) {
  host.replaceChildren();
  await settle();
  const el = document.createElement('run-detail');
  el.setAttribute('workspace', 'ws_1');
  el.setAttribute('run-id', RUN_ID);
  el.setAttribute('poll-interval', '0');
  el.client = benchClient();
  const lt = longTasks();
  lt.start();
  performance.mark(`bench:${tag}:0:s`);
  const t0 = performance.now();
  host.append(el);
  await rendered(el);
  await nextPaint();
  const t1 = performance.now();
  performance.mark(`bench:${tag}:0:e`);
  // A long task is reported after it ended: give the observer a task to deliver it.
  await nextPaint();
  return {
    msToRendered: t1 - t0,
    longTasks: lt.stop(),
    eventsInDom: eventItems(el).length,
    el,
  };
}

/** Clicks "Show earlier events" `clicks` times; marks `bench:rd-more<rep>x<k>:0:{s,e}`. */
async function showEarlier(el, rep, clicks) {
  const out = [];
  await settle();
  for (let k = 0; k < clicks; k++) {
    const more = el.shadowRoot?.querySelector('[part~="show-earlier"]');
    if (!more) break;
    await nextPaint();
    const lt = longTasks();
    lt.start();
    performance.mark(`bench:rd-more${rep}x${k}:0:s`);
    const t0 = performance.now();
    more.click();
    await el.updateComplete;
    await nextPaint();
    const t1 = performance.now();
    performance.mark(`bench:rd-more${rep}x${k}:0:e`);
    await nextPaint();
    out.push({ ms: t1 - t0, longTasks: lt.stop() });
  }
  return { clicks: out, eventsInDom: eventItems(el).length };
}

window.bench = {
  ready: true,
  events: EVENTS,
  bodyBytes: new TextEncoder().encode(body).byteLength,
  /** The detail's JSON, for the route that serves it. */
  body: () => body,
  /**
   * `reps` renders of the 10 000-event detail (marks `bench:rd-render<i>:0:{s,e}`), each followed
   * by `clicks` "Show earlier events" (when the element offers it).
   */
  async render(reps, clicks = 20) {
    const out = [];
    for (let i = 0; i < reps; i++) {
      const { el, ...r } = await renderOnce(`rd-render${i}`);
      r.showEarlier = await showEarlier(el, i, clicks);
      out.push(r);
    }
    host.replaceChildren();
    return out;
  },
};
