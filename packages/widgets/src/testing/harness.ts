/**
 * Test harness for element tests (browser, web-test-runner): MSW fixture worker + a client on a
 * manual time source at FIXTURE_NOW. Not part of the build.
 *
 * ```ts
 * const h = await harness({ runs: [staleRunning(), freshRunning()] });
 * const el = await fixture<ActiveRunProgress>(html`<active-run-progress workspace="ws_1" tenant="t_1" .client=${h.client}></active-run-progress>`);
 * await h.settled(el);          // data rendered
 * h.time.advance(10 * MINUTE);  // deadlines pass on time alone
 * afterEach(() => h.dispose()); // or call disposeHarnesses() in a global afterEach
 * ```
 */
import { waitUntil } from '@open-wc/testing';
import {
  createClient,
  createManualTimeSource,
  type ManualTimeSource,
  type RunsightHttpClient,
} from '@runsight/api-client';
import {
  FIXTURE_NOW,
  requestLog,
  runsHandlers,
  startFixtureWorker,
  type RunsHandlersOptions,
} from '@runsight/api-client/fixtures';
import type { HttpHandler } from 'msw';
import type { SetupWorker } from 'msw/browser';
import { resetAnnouncements } from '../controllers/announcer-controller.js';
import { resetSharedClients } from '../internal/clients.js';

export interface Harness {
  worker: SetupWorker;
  time: ManualTimeSource;
  client: RunsightHttpClient;
  /** Replace the rows the list endpoint serves (read on every request). */
  setRuns(rows: readonly unknown[]): void;
  /** Put handlers in front (errors…). */
  use(...handlers: HttpHandler[]): void;
  /** Remove the handlers put in front: the fixture rows answer again. */
  restore(): void;
  /** Waits until the element is no longer loading (no skeleton) and has rendered. */
  settled(el: HTMLElement): Promise<void>;
  dispose(): void;
}

const live: Harness[] = [];

export async function harness(
  options: RunsHandlersOptions & {
    runs?: readonly unknown[];
    now?: Date | number;
  } = {},
): Promise<Harness> {
  const worker = await startFixtureWorker();
  let rows: readonly unknown[] = options.runs ?? [];
  // Initial handlers: `h.restore()` (worker.resetHandlers()) comes back to them.
  worker.resetHandlers(...runsHandlers({ ...options, runs: () => rows }));
  requestLog.reset();
  const time = createManualTimeSource(options.now ?? FIXTURE_NOW);
  const client = createClient({
    timeSource: time,
    random: () => 0,
    backoff: { baseMs: 10, capMs: 20 },
  });
  const h: Harness = {
    worker,
    time,
    client,
    setRuns(next) {
      rows = next;
    },
    use(...handlers) {
      worker.use(...handlers);
    },
    restore() {
      worker.resetHandlers();
    },
    async settled(el) {
      await waitUntil(
        () => {
          const root = el.shadowRoot;
          return root !== null && root.querySelector('[aria-busy="true"]') === null;
        },
        'element did not settle',
        { timeout: 4000 },
      );
      await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    },
    dispose() {
      client.dispose();
    },
  };
  live.push(h);
  return h;
}

/** Disposes every harness, forgets shared clients and page-wide announcement memory. */
export function disposeHarnesses(): void {
  for (const h of live.splice(0)) h.dispose();
  resetSharedClients();
  resetAnnouncements();
  requestLog.reset();
}

/** The shadow root of an element (throws when missing). */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`${el.localName} has no shadow root`);
  return el.shadowRoot;
}

/** Text content of the shadow root, whitespace collapsed. */
export function textOf(el: Element): string {
  return (shadow(el).textContent ?? '').replace(/\s+/g, ' ').trim();
}
