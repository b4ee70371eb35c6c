/**
 * The example hosts in a browser: each built example (scripts/examples.ts installs, checks and
 * builds them from the packed packages) is served as it would be deployed, against the reference
 * server, and loaded in headless Chromium. For each: all five elements render the server's data;
 * the `client` and `links` the host sets as properties are the ones used; a host state change
 * (the "Recent runs" limit) re-renders; a click on a row delivers one `runsight-navigate` that
 * the host's router handles (a single-page app changes its route without a page load; the
 * server-rendered page lets the browser follow the link to the page its server renders).
 *
 *   npm run test:examples [-- react vue …]     (installs and builds first; see the README)
 *   RUNSIGHT_EXAMPLES=react node --conditions=source --import tsx --test tests/examples/hosts.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunsightServer } from '@runsight/server';
import { launchBrowser, shadowText, textsOf, until } from '../e2e/support.js';
import { selectExamples, type Example } from './examples.js';
import { startHost, startReference, type Host } from './support.js';

const WORKSPACE = 'ws_1';
const LIST_TAGS = ['tenant-activity', 'active-run-progress', 'workspace-recent-ops', 'ops-list'];

const selected = selectExamples(
  (process.env.RUNSIGHT_EXAMPLES ?? '').split(',').filter((name) => name !== ''),
);

/** Run ids of `tag`'s rows (also the rows of nested lists). */
const rowIds = (page: Page, tag: string): Promise<string[]> =>
  page
    .locator(`${tag} [data-run-id]`)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-run-id') ?? ''));

/** The ids of every run of the workspace, read from the reference server directly. */
async function serverRunIds(reference: RunsightServer): Promise<Set<string>> {
  const res = await fetch(
    `${reference.url as string}/api/operation-runs?workspace=${WORKSPACE}&limit=200`,
    { headers: { Authorization: 'Bearer demo-admin' } },
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: { id: string }[] };
  return new Set(body.data.map((run) => run.id));
}

function describeHost(example: Example): void {
  describe(`examples/${example.dir}`, () => {
    let reference: RunsightServer;
    let host: Host;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const navigations: string[] = [];
    const problems: string[] = [];
    /** Headers of the page's /api requests, as the browser sent them. */
    const sent: Record<string, string>[] = [];
    let loads = 0;

    before(async () => {
      reference = await startReference();
      host = await startHost(example, reference.url as string);
      browser = await launchBrowser();
      context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
      // Init scripts and bindings are not subject to the page's CSP; the page's own code is.
      await context.exposeBinding('__navigated', (_source, href: string) => navigations.push(href));
      await context.exposeBinding('__cspViolation', (_source, what: string) =>
        problems.push(`CSP violation: ${what}`),
      );
      await context.addInitScript({
        content: `addEventListener('runsight-navigate', (e) => window.__navigated(e.detail.href), true);
          document.addEventListener('securitypolicyviolation', (e) =>
            window.__cspViolation(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile), true);`,
      });
      page = await context.newPage();
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error')
          problems.push(`console error: ${msg.text()} (${msg.location().url})`);
      });
      page.on('load', () => (loads += 1));
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.startsWith('/api/')) sent.push(req.headers());
      });
    });

    after(async () => {
      await browser?.close();
      await host?.close();
      await reference?.close();
    });

    it('renders the server data in the four list elements', async () => {
      await page.goto(`${host.url}/`);
      if (example.kind === 'server') {
        // Cookie auth: the page asks to sign in first; the API answers no one without a session.
        const anonymous = await page.request.get(
          `${host.url}/api/operation-runs?workspace=${WORKSPACE}`,
        );
        assert.equal(anonymous.status(), 401);
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      await page.waitForURL((url) => url.pathname === '/operations');
      const known = await serverRunIds(reference);
      for (const tag of LIST_TAGS) {
        const ids = await until(
          `<${tag}> to render runs`,
          async () => {
            const found = await rowIds(page, tag);
            return found.length > 0 && found;
          },
          { describe: () => shadowText(page, tag) },
        );
        const unknown = ids.filter((id) => !known.has(id));
        assert.deepEqual(unknown, [], `<${tag}> shows runs the server does not have`);
      }
    });

    it('uses the client and the links the host sets as properties', async () => {
      // The elements' default client would send no credentials (401 from the API) and no header
      // of the host.
      assert.ok(sent.length > 0, 'the elements asked the API');
      if (example.kind === 'spa') {
        assert.ok(host.apiRequests.length > 0, 'the backend was asked');
        for (const { path, headers } of host.apiRequests) {
          assert.equal(headers['x-runsight-host'], example.name, `${path}: the host's header`);
          assert.equal(headers.authorization, 'Bearer demo-admin', `${path}: the host's auth`);
        }
      } else {
        // Cookie auth: the page sends the CSRF token it was rendered with, never a bearer token.
        const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
        assert.ok(csrf);
        for (const headers of sent) {
          assert.equal(headers['x-csrf-token'], csrf);
          assert.equal(headers.authorization, undefined);
        }
      }
      const hrefs = await page
        .locator('ops-list [data-run-id] a[part="link"]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
      assert.ok(hrefs.length > 0, 'ops-list links its rows');
      for (const href of hrefs)
        assert.match(href, /^\/operations\/[^/?#]+\?workspace=ws_1$/, "the host's LinkBuilder");
    });

    it('re-renders when the host changes a property (the recent runs limit)', async () => {
      const rows = page.locator('workspace-recent-ops [part="row"]');
      await until('5 recent runs', async () => (await rows.count()) === 5);
      await page.getByLabel('Recent runs').selectOption('10');
      await until('10 recent runs', async () => (await rows.count()) === 10, {
        describe: async () => `${await rows.count()} rows`,
      });
    });

    it("routes a click on a row through one runsight-navigate the host's router handles", async () => {
      const row = page.locator('ops-list [role="row"][data-run-id]').first();
      const runId = (await row.getAttribute('data-run-id')) ?? '';
      await page.evaluate(() => Object.assign(window, { __beforeClick: true }));
      navigations.length = 0;
      const loadsBefore = loads;
      await row.locator('a[part="link"]').click();
      await page.waitForURL((url) => url.pathname === `/operations/${runId}`);
      await until(
        `<run-detail> to show ${runId}`,
        async () =>
          (await textsOf(page.locator('run-detail [part="header"] dd.mono'))).includes(runId),
        { describe: () => shadowText(page, 'run-detail') },
      );
      assert.deepEqual(navigations, [`/operations/${runId}?workspace=${WORKSPACE}`]);
      const sameDocument = await page.evaluate(() => '__beforeClick' in window);
      if (example.kind === 'spa') {
        assert.equal(sameDocument, true, 'a single-page host routes without a page load');
        assert.equal(loads, loadsBefore, 'no page load');
      } else {
        assert.equal(sameDocument, false, 'the server renders the run page');
        assert.equal(loads, loadsBefore + 1, 'one page load');
      }
    });

    it('ran without page errors or CSP violations', () => {
      assert.deepEqual(problems, []);
    });
  });
}

for (const example of selected) describeHost(example);
