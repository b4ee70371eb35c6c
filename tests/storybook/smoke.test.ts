// Storybook smoke test: builds the static Storybook (or uses STORYBOOK_STATIC_DIR), serves it on a
// free loopback port, and opens EVERY story from index.json in headless Chromium. A story passes
// when Storybook's own preview channel reports it finished successfully — rendered, play function
// passed, a11y (parameters.a11y.test = 'error') clean — with no page error and no console error.
//
//   node --conditions=source --import tsx --test tests/storybook/smoke.test.ts
//
// Event names are Storybook 10's core-events (node_modules/storybook/dist/core-events):
// storyRendered, storyFinished {status, reporters}, storyErrored, storyThrewException,
// playFunctionThrewException, unhandledErrorsWhilePlaying, storyMissing. (SB 10 has no
// `storyMissingArgs` event any more.) A failing play function changes nothing on the page,
// which is why the channel is watched rather than the DOM.
import type { Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  buildStorybook,
  launchChromium,
  readIndex,
  recordChannelEvents,
  serve,
  storyUrl,
  type ChannelRecord,
} from './harness.js';

const STORY_TIMEOUT_MS = Number(process.env.STORYBOOK_SMOKE_TIMEOUT_MS ?? 30_000);

/** A request to a story's mocked API (MSW answers it; failures there are the story's point). */
function isStoryApi(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/sb/');
  } catch {
    return false;
  }
}

async function defaultUserAgent(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  try {
    return (await page.evaluate('navigator.userAgent')) as string;
  } finally {
    await page.close();
  }
}

const WATCHED = [
  'storyRendered',
  'storyFinished',
  'storyErrored',
  'storyThrewException',
  'playFunctionThrewException',
  'unhandledErrorsWhilePlaying',
  'storyMissing',
  'configError',
];
const FAILURE_EVENTS = new Set(
  WATCHED.filter((e) => e !== 'storyRendered' && e !== 'storyFinished'),
);

function describeReports(reporters: unknown, status: 'failed' | 'warning'): string[] {
  const out: string[] = [];
  for (const r of (reporters as { type?: string; status?: string; result?: unknown }[]) ?? []) {
    if (r.status !== status) continue;
    const result = r.result as {
      violations?: { id: string; help: string; nodes: { target: unknown }[] }[];
      error?: unknown;
    };
    if (result?.violations?.length) {
      for (const v of result.violations) {
        out.push(
          `${r.type}: ${v.id} (${v.help}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
        );
      }
    } else {
      out.push(`${r.type}: failed ${JSON.stringify(result?.error ?? result).slice(0, 500)}`);
    }
  }
  return out;
}

const built = buildStorybook();
// STORYBOOK_SMOKE_FILTER=<substring of story ids> narrows a local run (CI runs every story).
const only = process.env.STORYBOOK_SMOKE_FILTER;
const stories = readIndex(built.dir).filter(
  (e) => e.type === 'story' && (!only || e.id.includes(only)),
);

// Sequential by default, one page at a time; STORYBOOK_SMOKE_CONCURRENCY=2 runs two at once.
const CONCURRENCY = Math.max(1, Number(process.env.STORYBOOK_SMOKE_CONCURRENCY ?? 1) || 1);

void describe('storybook smoke', { concurrency: CONCURRENCY }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let keeper: Page | undefined;
  let origin: string;
  let server: Server;

  before(async () => {
    ({ server, origin } = await serve(built.dir));
    browser = await launchChromium();
    // One context for every story: MSW's service worker is registered once and stays active.
    // "StorybookTestRunner" in the user agent is Storybook's own signal for a test run: it pauses
    // CSS animations at their end instead of waiting for them (deterministic and faster).
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      userAgent: `${await defaultUserAgent(browser)} StorybookTestRunner`,
    });
    // mockServiceWorker.js unregisters itself when its last client page closes; the next story
    // page would then race a dying registration ("Failed to update a ServiceWorker … Not
    // found"). A keeper page (the first story, never judged) stays open as that last client.
    if (stories[0]) {
      keeper = await context.newPage();
      await keeper.addInitScript({ content: recordChannelEvents(WATCHED) });
      await keeper.goto(storyUrl(origin, stories[0].id));
      await keeper.waitForFunction(
        `(globalThis.__smoke ?? []).some((r) => r.event === 'storyRendered')`,
        undefined,
        { timeout: STORY_TIMEOUT_MS },
      );
    }
  });

  after(async () => {
    await keeper?.close();
    await context?.close();
    await browser?.close();
    await new Promise((ok) => server?.close(ok));
    built.cleanup();
  });

  void test('index.json lists stories', () => {
    assert.ok(stories.length > 0, 'no stories in index.json');
  });

  for (const story of stories) {
    void test(`${story.title} › ${story.name} (${story.id})`, async (t) => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const at = msg.location().url;
        // Chromium logs every failed HTTP answer; the error stories fail the mocked story APIs
        // (`/sb/<story id>/api/…`, see .storybook/support/story-kit.ts) on purpose.
        if (/^Failed to load resource/.test(msg.text()) && isStoryApi(at)) return;
        problems.push(`console error: ${msg.text()}${at ? ` (${at})` : ''}`);
      });
      await page.addInitScript({ content: recordChannelEvents(WATCHED) });
      // Dark stories: let the elements' own `prefers-color-scheme: dark` defaults apply.
      if (story.tags?.includes('dark-scheme')) await page.emulateMedia({ colorScheme: 'dark' });
      try {
        await page.goto(storyUrl(origin, story.id), { waitUntil: 'load' });
        // Page-side code as strings (see recordChannelEvents).
        const failures = JSON.stringify([...FAILURE_EVENTS]);
        await page.waitForFunction(
          `(globalThis.__smoke ?? []).some((r) => r.event === 'storyFinished' || ${failures}.includes(r.event))`,
          undefined,
          { timeout: STORY_TIMEOUT_MS, polling: 50 },
        );
        // A failure event comes before storyFinished: give the verdict a moment to arrive too.
        await page
          .waitForFunction(
            `globalThis.__smoke.some((r) => r.event === 'storyFinished')`,
            undefined,
            {
              timeout: 5_000,
              polling: 50,
            },
          )
          .catch(() => undefined);
        const log = (await page.evaluate('globalThis.__smoke')) as ChannelRecord[];
        for (const r of log) {
          if (FAILURE_EVENTS.has(r.event)) {
            problems.push(`${r.event}: ${JSON.stringify(r.payload).slice(0, 1500)}`);
          }
        }
        const finished = log.find((r) => r.event === 'storyFinished')?.payload as
          { status: string; reporters: unknown } | undefined;
        // `a11y.test: 'todo'` stories report violations as warnings: shown, not failed.
        for (const w of describeReports(finished?.reporters, 'warning')) t.diagnostic(`todo ${w}`);
        if (!finished) problems.push('storyFinished never arrived');
        else if (finished.status !== 'success') {
          problems.push(`storyFinished status ${finished.status}`);
          problems.push(...describeReports(finished.reporters, 'failed'));
        }
        if (!log.some((r) => r.event === 'storyRendered')) problems.push('storyRendered missing');
      } catch (err) {
        problems.push(`smoke: ${(err as Error).message}`);
      } finally {
        await page.close();
      }
      assert.deepEqual(problems, [], `${story.id}:\n  ${problems.join('\n  ')}`);
    });
  }
});
