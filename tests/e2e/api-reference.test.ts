/**
 * End-to-end: the rendered API reference (/api-reference/, built by the server's build) in
 * headless Chromium under its own Content-Security-Policy, offline: it renders the contract's
 * operations, runs no blocked script or style, and reaches no other origin — the one blocked
 * request is Redoc's "API docs by" logo from its CDN (img-src 'self' data:). The demo page links
 * the reference and the document.
 *
 *   npm run build -w @runsight/server && node --conditions=source --import tsx --test tests/e2e/api-reference.test.ts
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createServer, type RunsightServer } from '@runsight/server';
import { launchBrowser, ROOT } from './support.js';

const BUILT = resolve(ROOT, 'packages/server/dist/api-reference/index.html');
const LOGO = /^https:\/\/cdn\.redoc\.ly\//;

describe('the API reference page', () => {
  let server: RunsightServer;
  let browser: Browser;
  before(async () => {
    assert.ok(
      existsSync(BUILT),
      'packages/server/dist/api-reference is missing: run npm run build',
    );
    server = await createServer({
      history: 0,
      simulation: { enabled: false, autoSpawn: false, warmStart: false },
      widgetsBundle: null,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the contract under its CSP, offline', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const violations: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text()))
        violations.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url as string) && !r.url().startsWith('data:'))
        foreign.push(r.url());
    });
    const res = await page.goto(`${server.url as string}/api-reference`);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self';/);
    for (const path of ['/operation-runs', '/operation-runs/summary', '/operation-runs/{id}']) {
      await page.getByText(path, { exact: true }).first().waitFor({ timeout: 20_000 });
    }
    // An operation's own page: its title and its parameters.
    await page.goto(`${server.url as string}/api-reference/#/operation-runs/listoperationruns`);
    await page.getByText('List runs', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByText('completed_since', { exact: true }).first().waitFor();
    assert.deepEqual(errors, []);
    assert.ok(
      violations.every((v) => /Loading the image 'https:\/\/cdn\.redoc\.ly\//.test(v)),
      violations.join('\n'),
    );
    assert.ok(
      foreign.every((u) => LOGO.test(u)),
      foreign.join('\n'),
    );
    await page.close();
  });

  it('is linked from the demo page with the document', () => {
    const html = readFileSync(resolve(ROOT, 'packages/server/public/index.html'), 'utf8');
    assert.match(html, /<a href="\/api-reference\/">/);
    assert.match(html, /<a href="\/api\/openapi.json">/);
  });
});
