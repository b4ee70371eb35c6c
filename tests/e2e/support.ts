/**
 * End-to-end support: the real reference server in-process (in-memory PGlite, seeded history,
 * accelerated lifecycle windows, a scheduler the test controls), headless Chromium on the demo
 * page, polling waits and screenshots. Used by journey.test.ts.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import {
  createServer,
  openPglite,
  type CreateServerOptions,
  type Db,
  type Reconciler,
  type RunsightServer,
  type Simulator,
} from '@runsight/server';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The standalone bundle the server serves at /runsight.js (`WIDGETS_BUNDLE` to use another). */
export const BUNDLE = resolve(
  process.env.WIDGETS_BUNDLE ?? join(ROOT, 'packages/widgets/dist/runsight.js'),
);
export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? '/tmp/e2e-shots';

/**
 * Lifecycle windows are divided by this: an inventory sync is expected within 6 s, likely stale
 * after 18 s or 3 s without a heartbeat (real world: 10 min, 30 min, 5 min).
 */
export const TIME_SCALE = 100;
/** How long a run stays likely stale before the reconciler force-fails it (seconds). */
export const RECONCILE_GRACE_S = 1;
/** The server's scheduler step (simulator and, when on, reconciler), ms. */
export const TICK_MS = 200;
/** `poll-interval` (seconds) set on every element of the demo page. */
export const POLL_INTERVAL_S = Number(process.env.E2E_POLL_INTERVAL ?? 1);
/** Default timeout of a polling wait, ms. */
export const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 15_000);

export const WIDGET_TAGS = [
  'tenant-activity',
  'active-run-progress',
  'workspace-recent-ops',
  'ops-list',
  'run-detail',
] as const;

// --- the standalone bundle --------------------------------------------------------------------

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (/\.ts$/.test(entry.name) && !/\.(test|stories)\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The demo page loads packages/widgets/dist/runsight.js: it must exist (throws a clear message).
 * Returns a warning when it is older than a widget source file (the test then runs the old build).
 */
export function checkBundle(): string | null {
  if (!existsSync(BUNDLE)) {
    throw new Error(
      `The standalone widget bundle ${BUNDLE} is missing. Build it first: ` +
        '`npm run build -w @runsight/widgets` (the root `test:e2e` script does).',
    );
  }
  const built = statSync(BUNDLE).mtimeMs;
  const sources = Math.max(
    newestMtime(join(ROOT, 'packages/widgets/src')),
    newestMtime(join(ROOT, 'packages/api-client/src')),
    newestMtime(join(ROOT, 'packages/active-state/src')),
  );
  return sources > built
    ? `${BUNDLE} is older than the widget sources: the test runs the last build ` +
        '(`npm run build -w @runsight/widgets` to refresh it).'
    : null;
}

// --- the server -----------------------------------------------------------------------------

/**
 * The reference server with a scheduler the test controls. The simulator (the "workers") keeps
 * running while the HTTP listener is down; the reconciler runs only while `reconcile` is on, so
 * a test can look at a likely-stale run on every surface before it gets force-failed.
 */
export interface E2eServer {
  /** `http://127.0.0.1:<port>`; the same across stop/start. */
  readonly url: string;
  readonly db: Db;
  readonly simulator: Simulator;
  readonly reconciler: Reconciler;
  /** Run the reconciler on every scheduler step. */
  reconcile: boolean;
  /** Whether the HTTP listener is up. */
  readonly listening: boolean;
  /** Closes the HTTP listener (and its connections); the database and the workers stay. */
  stop(): Promise<void>;
  /** Listens again on the same port over the same database. */
  start(): Promise<void>;
  /** Throws the first error the scheduler ran into, if any. */
  assertHealthy(): void;
  /** Stops everything and closes the database. */
  close(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const db = await openPglite();
  const base: CreateServerOptions = {
    db,
    timeScale: TIME_SCALE,
    reconcileGraceS: RECONCILE_GRACE_S,
    history: 300,
    historySeed: 7,
    widgetsBundle: BUNDLE,
    // no timer, no random runs, no warm start: the test spawns every active run itself
    simulation: { enabled: false, autoSpawn: false, warmStart: false, seed: 11 },
    host: '127.0.0.1',
  };
  let server: RunsightServer | null = await createServer({ ...base, port: 0 });
  const url = server.url as string;
  const port = Number(new URL(url).port);
  const { simulator, reconciler } = server;

  const failures: unknown[] = [];
  let running = true;
  const state = { reconcile: false };
  const loop = (async () => {
    while (running) {
      try {
        await simulator.tick();
        if (state.reconcile) await reconciler.tick();
      } catch (err) {
        failures.push(err);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  })();

  return {
    url,
    db,
    simulator,
    reconciler,
    get reconcile() {
      return state.reconcile;
    },
    set reconcile(on: boolean) {
      state.reconcile = on;
    },
    get listening() {
      return server !== null;
    },
    async stop() {
      const s = server;
      server = null;
      await s?.close(); // db was passed in: it stays open
    },
    async start() {
      if (server !== null) return;
      server = await createServer({ ...base, port, history: 0 });
    },
    assertHealthy() {
      if (failures.length > 0) throw failures[0];
    },
    async close() {
      running = false;
      await loop;
      await server?.close();
      server = null;
      await db.close();
    },
  };
}

// --- the browser ----------------------------------------------------------------------------

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Sets `poll-interval` on every Runsight element the page adds (the demo page hard-codes 3–5 s
 * and has no option for it). A MutationObserver callback runs before the element's first
 * update, so the first subscription already uses the short interval.
 */
function pollIntervalScript(tags: readonly string[], seconds: number): string {
  return `(() => {
    const tags = new Set(${JSON.stringify(tags)});
    const selector = ${JSON.stringify(tags.join(','))};
    const apply = (el) => {
      if (tags.has(el.localName)) el.setAttribute('poll-interval', ${JSON.stringify(String(seconds))});
    };
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n.nodeType === 1) {
            apply(n);
            n.querySelectorAll(selector).forEach(apply);
          }
    }).observe(document, { childList: true, subtree: true });
  })();`;
}

/**
 * Reports every `securitypolicyviolation` of the page (capture phase on the document: the event
 * is composed, so violations inside the widgets' shadow roots arrive too).
 */
const CSP_LISTENER_SCRIPT = `document.addEventListener('securitypolicyviolation', (e) => {
  window.__runsightCspViolation(JSON.stringify({
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI,
    source: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample,
    element: e.target && e.target.localName ? e.target.localName : null,
  }));
}, true);`;

export interface DemoPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors (failed resource loads are listed separately). */
  errors: string[];
  /** Failed resource loads reported on the console ("Failed to load resource …"). */
  failedLoads: string[];
  /**
   * Content-Security-Policy violations: `securitypolicyviolation` events (from the document
   * and every shadow root: the event is composed) and the console's CSP messages.
   */
  cspViolations: string[];
  /** Bodies of every /api/ response the page received (when `recordApi`). */
  apiBodies: { url: string; status: number; auth: string; body: string }[];
  /** Resolves once every recorded response body has been read. */
  apiSettled(): Promise<void>;
  /** Another tab of the same context (same storage, same watchers) on the demo page at `hash`. */
  openTab(hash: string): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh browser context (own storage) on the demo page at `hash`. */
export async function openDemo(
  browser: Browser,
  server: Pick<E2eServer, 'url'>,
  hash = '#/',
  opts: { recordApi?: boolean } = {},
): Promise<DemoPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  await context.addInitScript({ content: pollIntervalScript(WIDGET_TAGS, POLL_INTERVAL_S) });
  const errors: string[] = [];
  const failedLoads: string[] = [];
  const cspViolations: string[] = [];
  // Reported from the page through a binding (bindings and init scripts are not subject to the
  // page's CSP; the page's own code is).
  await context.exposeBinding('__runsightCspViolation', (_source, report: string) => {
    cspViolations.push(report);
  });
  await context.addInitScript({ content: CSP_LISTENER_SCRIPT });
  const apiBodies: DemoPage['apiBodies'] = [];
  const reading: Promise<unknown>[] = [];
  // Every page of the context (also tabs opened later with `openTab`) is watched.
  context.on('page', (page) => {
    page.on('pageerror', (err) => errors.push(`page error: ${err.stack ?? err.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      if (/Content[- ]Security[- ]Policy/i.test(text)) cspViolations.push(`console: ${text}`);
      if (text.startsWith('Failed to load resource'))
        failedLoads.push(`${text} ${msg.location().url}`);
      else errors.push(`console error: ${text}`);
    });
    if (!opts.recordApi) return;
    page.on('response', (res) => {
      if (!new URL(res.url()).pathname.startsWith('/api/')) return;
      const entry = { url: res.url(), status: res.status(), auth: '', body: '' };
      apiBodies.push(entry);
      reading.push(
        res
          .request()
          .allHeaders()
          .then((h) => (entry.auth = h.authorization ?? ''))
          .catch(() => undefined),
        res.text().then(
          (body) => (entry.body = body),
          () => undefined, // 304 or a body that went away with the page
        ),
      );
    });
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/${hash}`);
  return {
    context,
    page,
    errors,
    failedLoads,
    cspViolations,
    apiBodies,
    apiSettled: async () => void (await Promise.all(reading)),
    async openTab(tabHash: string) {
      const tab = await context.newPage();
      await tab.goto(`${server.url}/${tabHash}`);
      return tab;
    },
    close: () => context.close(),
  };
}

// --- waiting ----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns something other than undefined/false/null and returns that.
 * On timeout, throws with `what` and the last value `describe()` gave (what the page showed).
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  opts: { timeoutMs?: number; stepMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? WAIT_MS);
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      let seen = '';
      if (opts.describe) seen = await opts.describe().catch((e: unknown) => `(${String(e)})`);
      const cause = lastError ? ` Last error: ${String(lastError)}.` : '';
      throw new Error(
        `Timed out after ${opts.timeoutMs ?? WAIT_MS} ms waiting for ${what}.${cause}${seen ? `\nThe page showed:\n${seen}` : ''}`,
      );
    }
    await sleep(opts.stepMs ?? 100);
  }
}

/** Normalised visible text of an element (whitespace collapsed). */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Texts of every match of `locator` (empty when none). */
export async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * The text rendered inside an element's shadow root (for failure messages): the open shadow
 * roots are walked, styles and scripts left out.
 */
export async function shadowText(page: Page, selector: string): Promise<string> {
  // A string, not a function: tsx would add helpers (`__name`) that do not exist in the page.
  return page.evaluate(`(() => {
    const out = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        const t = node.textContent.trim();
        if (t) out.push(t);
        return;
      }
      if (node instanceof Element) {
        if (node.localName === 'style' || node.localName === 'script') return;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
      for (const child of node.childNodes) walk(child);
    };
    const hosts = document.querySelectorAll(${JSON.stringify(selector)});
    if (hosts.length === 0) return '(no ' + ${JSON.stringify(selector)} + ' on the page; URL ' + location.href + ')';
    hosts.forEach((h) => walk(h));
    return out.join(' | ');
  })()`);
}

/** Full-page screenshot into SHOTS_DIR (created when missing). */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
