/**
 * Helpers for this package's browser tests (not part of the build). Captures the real timer
 * functions at import, so waits work while sinon fakes the globals.
 */
import type { SetupWorker } from 'msw/browser';
import type { SinonFakeTimers } from 'sinon';
import { requestLog, startFixtureWorker } from './fixtures/index.js';

const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** Waits real time, even under fake timers. */
const realSleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/**
 * Waits (real time) until `condition` holds, letting real network and promises settle; with a
 * fake clock, also runs timers that are due now. Throws after `timeoutMs` of real time.
 */
export async function waitFor(
  condition: () => boolean,
  options: { clock?: SinonFakeTimers; timeoutMs?: number; message?: string } = {},
): Promise<void> {
  const deadline = performance.now() + (options.timeoutMs ?? 3000);
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`waitFor timed out: ${options.message ?? condition.toString()}`);
    if (options.clock) await options.clock.tickAsync(0);
    await realSleep(5);
  }
}

/** Lets in-flight work settle for a while (real time) and asserts nothing else is needed. */
export async function settle(clock?: SinonFakeTimers, ms = 60): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (clock) await clock.tickAsync(0);
    await realSleep(5);
  }
}

/** Pretends the tab is hidden or visible, and tells listeners. */
export function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Removes the stubs of setVisibility (back to the browser's own values). */
export function restoreVisibility(): void {
  delete (document as unknown as Record<string, unknown>).visibilityState;
  delete (document as unknown as Record<string, unknown>).hidden;
}

/**
 * The MSW worker of a suite, with the fixtures' handlers: started once; after each test
 * `dispose` runs (the suite's client) and the handlers a test added go; the request log starts
 * empty for each test. Returns the worker (for `worker().use(…)` in a test).
 */
export function useFixtureWorker(dispose: () => void): () => SetupWorker {
  let worker: SetupWorker | null = null;
  before(async () => {
    worker = await startFixtureWorker();
  });
  beforeEach(() => requestLog.reset());
  afterEach(() => {
    dispose();
    worker?.resetHandlers();
  });
  return () => {
    if (worker === null) throw new Error('the fixture worker is not started yet');
    return worker;
  };
}
