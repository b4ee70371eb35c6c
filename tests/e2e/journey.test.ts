/**
 * End-to-end: the real reference server (in-process, in-memory PGlite, seeded history,
 * lifecycle windows 100× shorter) and the demo page (packages/server/public) with the standalone
 * widget bundle in headless Chromium.
 *
 *   npm run build -w @runsight/widgets   # the demo page loads packages/widgets/dist/runsight.js
 *   node --conditions=source --import tsx --test tests/e2e/*.test.ts
 *
 * Scenarios share one server and one browser; each opens its own browser context (own storage)
 * and spawns its own runs. See docs/e2e.md.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SpawnedRun, SpawnOptions } from '@runsight/server';
import {
  checkBundle,
  launchBrowser,
  openDemo,
  POLL_INTERVAL_S,
  shadowText,
  shot,
  startE2eServer,
  textOf,
  textsOf,
  until,
  type DemoPage,
  type E2eServer,
} from './support.js';

const WS = 'ws_1';
const TENANT_A = { id: 't_1', name: 'Contoso', token: 'demo-contoso' };
const TENANT_B = { id: 't_2', name: 'Fabrikam' };

const NOT_FOUND_RUN = 'Operation not found, or you do not have access to it.';
const NOT_FOUND = 'Not found, or you do not have access to it.';
const OFFLINE = 'You appear to be offline, or the server cannot be reached.';
const OUTDATED = /^Data as of .+ — reconnecting…$/;

type Host =
  'tenant-activity' | 'active-run-progress' | 'workspace-recent-ops' | 'ops-list' | 'run-detail';

let server: E2eServer;
let browser: Browser;

// --- helpers --------------------------------------------------------------------------------

/** A run whose worker stops heartbeating 3 s after it starts (likely stale ~3 s later). */
function spawnDying(tenant: string, extra: SpawnOptions = {}): Promise<SpawnedRun> {
  return server.simulator.spawn({
    tenant,
    type: 'inventory.sync',
    behaviour: 'dies',
    queueS: 0.2,
    dieAfterS: 3,
    initiator: 'E2E test',
    ...extra,
  });
}

/**
 * A healthy run that heartbeats and finishes after `durationS` (a backup is past expected after
 * 8 s and likely stale after 18 s at the test's time scale: keep `durationS` below 18).
 */
function spawnHealthy(tenant: string, durationS: number, extra: SpawnOptions = {}) {
  return server.simulator.spawn({
    tenant,
    type: 'backup.run',
    behaviour: 'normal',
    outcome: 'succeeded',
    queueS: 0.2,
    durationS,
    initiator: 'E2E test',
    ...extra,
  });
}

const badges = (page: Page, host: Host, runId: string) =>
  page.locator(`${host} [data-run-id="${runId}"] [part="badge"]`);

/** Waits until every row of `runId` in `host` shows the badge `label` (at least one row). */
function expectBadge(page: Page, host: Host, runId: string, label: string, timeoutMs?: number) {
  return until(
    `<${host}> to show ${runId} as "${label}"`,
    async () => {
      const texts = await textsOf(badges(page, host, runId));
      return texts.length > 0 && texts.every((t) => t === label) && texts;
    },
    { timeoutMs, describe: () => shadowText(page, host) },
  );
}

/** Waits until `host` has no row of `runId` (and has rendered). */
function expectNoRow(page: Page, host: Host, runId: string) {
  return until(
    `<${host}> to show no row of ${runId}`,
    async () => (await page.locator(`${host} [data-run-id="${runId}"]`).count()) === 0,
    { describe: () => shadowText(page, host) },
  );
}

/** The run-detail header badge. */
const detailBadge = (page: Page) => page.locator('run-detail [part="header"] [part="badge"]');

function expectDetail(page: Page, runId: string, label: string, timeoutMs?: number) {
  return until(
    `<run-detail> to show ${runId} as "${label}"`,
    async () => {
      const ids = await textsOf(page.locator('run-detail [part="header"] dd.mono'));
      if (!ids.includes(runId)) return false;
      return (await textOf(detailBadge(page))) === label;
    },
    { timeoutMs, describe: () => shadowText(page, 'run-detail') },
  );
}

/** The hash of the page's URL. */
const hashOf = (page: Page) => new URL(page.url()).hash;

function expectHash(page: Page, hash: string) {
  return until(`the address to be ${hash}`, async () => hashOf(page) === hash, {
    describe: async () => page.url(),
  });
}

async function goTo(page: Page, view: 'dashboard' | 'workspace' | 'operations') {
  await page.locator(`header nav a[data-view="${view}"]`).click();
}

/** The visible text of the demo page's title (light DOM). */
const pageTitle = (page: Page) => textOf(page.locator('#page-title'));

/**
 * No Content-Security-Policy violation, no uncaught error, no console error, and no failed
 * resource load except `/favicon.ico` (the demo page has none; see docs/e2e.md) and what
 * `allowLoads` matches.
 */
function assertNoPageErrors(demo: DemoPage, allowLoads?: RegExp) {
  assert.deepEqual(demo.cspViolations, [], 'the page violated its Content-Security-Policy');
  assert.deepEqual(demo.errors, [], 'the demo page logged errors');
  const failed = demo.failedLoads.filter(
    (l) => !/\/favicon\.ico$/.test(l) && !(allowLoads?.test(l) ?? false),
  );
  assert.deepEqual(failed, [], 'resources failed to load');
}

// --- the suite ------------------------------------------------------------------------------

describe('Runsight end to end: reference server + demo page', () => {
  before(async () => {
    const warning = checkBundle(); // throws when dist/runsight.js is missing
    if (warning) console.warn(`warning: ${warning}`);
    [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a run that stops heartbeating reads "Likely stale" on all five surfaces, then "Reconciled failed"', async () => {
    const demo = await openDemo(browser, server, '#/');
    const { page } = demo;
    try {
      await until('the Contoso dashboard', async () =>
        (await pageTitle(page)).startsWith('Contoso: tenant dashboard'),
      );
      await until('the activity headline', async () =>
        page.locator('tenant-activity [part="headline"]').isVisible(),
      );

      const run = await spawnDying(TENANT_A.name);

      // While it heartbeats it is ordinary progress: no escalation.
      await expectBadge(page, 'active-run-progress', run.id, 'Running');
      await expectBadge(page, 'tenant-activity', run.id, 'Running');

      // Its worker dies; a heartbeat timeout later every surface says so.
      await expectBadge(page, 'active-run-progress', run.id, 'Likely stale');
      await expectBadge(page, 'tenant-activity', run.id, 'Likely stale');
      const progressRow = page.locator(`active-run-progress [data-run-id="${run.id}"]`);
      assert.match(await textOf(progressRow), /will be reconciled automatically/);
      await until('the likely-stale KPI to read 1', async () =>
        /^1\b/.test(
          await textOf(page.locator('tenant-activity [data-kpi="likely-stale"] .kpi-value')),
        ),
      );
      await shot(page, '01-dashboard-likely-stale');

      await goTo(page, 'workspace');
      await expectBadge(page, 'workspace-recent-ops', run.id, 'Likely stale');
      assert.match(
        await textOf(page.locator(`workspace-recent-ops [data-run-id="${run.id}"]`)),
        /Contoso/,
      );
      await shot(page, '02-workspace-likely-stale');

      await goTo(page, 'operations');
      await expectBadge(page, 'ops-list', run.id, 'Likely stale');
      await shot(page, '03-operations-likely-stale');

      await page.locator(`ops-list [data-run-id="${run.id}"] a[part="link"]`).click();
      await expectHash(page, `#/operations/${run.id}?workspace=${WS}&tenant=${TENANT_A.id}`);
      await expectDetail(page, run.id, 'Likely stale');
      const staleBanner = page.locator('run-detail [data-state="likely_stale"]');
      assert.match(await textOf(staleBanner), /^Likely stale operation/);
      assert.match(await textOf(staleBanner), /reconciles it automatically/);
      await shot(page, '04-detail-likely-stale');

      // The reconciler runs: the run is force-failed, and the open detail page follows.
      server.reconcile = true;
      try {
        await expectDetail(page, run.id, 'Reconciled failed');
      } finally {
        server.reconcile = false;
      }
      const reconciled = page.locator('run-detail [data-state="reconciled_failed"]');
      assert.match(await textOf(reconciled), /^Reconciled failed/);
      assert.match(await textOf(reconciled), /No heartbeat since/);
      assert.equal(await staleBanner.count(), 0, 'the likely-stale banner is gone');
      await shot(page, '05-detail-reconciled');

      await page.goBack();
      await expectBadge(page, 'ops-list', run.id, 'Reconciled failed');
      await goTo(page, 'workspace');
      await expectBadge(page, 'workspace-recent-ops', run.id, 'Reconciled failed');
      await goTo(page, 'dashboard');
      await expectBadge(page, 'tenant-activity', run.id, 'Reconciled failed');
      // Terminal runs leave the live progress card.
      await expectNoRow(page, 'active-run-progress', run.id);
      await shot(page, '06-dashboard-reconciled');
      assertNoPageErrors(demo);
    } finally {
      await demo.close();
    }
  });

  it('drills through from the card to the filtered list and on to the detail, with Back', async () => {
    const demo = await openDemo(browser, server, '#/');
    const { page } = demo;
    try {
      const stale = await spawnDying(TENANT_A.name);
      const healthy = await spawnHealthy(TENANT_A.name, 15);
      await expectBadge(page, 'active-run-progress', stale.id, 'Likely stale');
      await expectBadge(page, 'active-run-progress', healthy.id, 'Running');

      // The likely-stale KPI of the tenant card links to the list filtered to them.
      const listHash = `#/operations?workspace=${WS}&tenant=${TENANT_A.id}&freshness=likely_stale`;
      await page.locator('tenant-activity [data-kpi="likely-stale"] a').click();
      await expectHash(page, listHash);
      await until('the ops-list filters tenant=Contoso, freshness=likely stale', async () => {
        const freshness = await page.locator('ops-list #f-freshness').inputValue();
        const tenant = await page.locator('ops-list #f-tenant').inputValue();
        return freshness === 'likely_stale' && tenant === TENANT_A.id;
      });
      await expectBadge(page, 'ops-list', stale.id, 'Likely stale');
      const rows = page.locator('ops-list [role="row"][data-run-id]');
      const freshness = await rows.evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-freshness')),
      );
      assert.ok(
        freshness.every((f) => f === 'likely_stale'),
        `only likely stale rows: ${freshness.join()}`,
      );
      assert.equal(await page.locator(`ops-list [data-run-id="${healthy.id}"]`).count(), 0);
      await shot(page, '07-drill-filtered-list');

      // Row → detail.
      const detailHash = `#/operations/${stale.id}?workspace=${WS}&tenant=${TENANT_A.id}`;
      await page.locator(`ops-list [data-run-id="${stale.id}"] a[part="link"]`).click();
      await expectHash(page, detailHash);
      await expectDetail(page, stale.id, 'Likely stale');
      await shot(page, '08-drill-detail');

      // Browser Back: the filtered list, then the dashboard; Forward again.
      await page.goBack();
      await expectHash(page, listHash);
      await expectBadge(page, 'ops-list', stale.id, 'Likely stale');
      assert.equal(await page.locator('ops-list #f-freshness').inputValue(), 'likely_stale');
      await page.goBack();
      await expectHash(page, '#/');
      await expectBadge(page, 'active-run-progress', stale.id, 'Likely stale');
      await page.goForward();
      await expectHash(page, listHash);
      await page.goForward();
      await expectHash(page, detailHash);
      await expectDetail(page, stale.id, 'Likely stale');

      // The detail's own back link returns to the list it came from, filters included.
      const back = page.locator('run-detail p.back a');
      assert.equal(await back.getAttribute('href'), listHash);
      await back.click();
      await expectHash(page, listHash);
      await until('the filters to survive the back link', async () => {
        const f = await page.locator('ops-list #f-freshness').inputValue();
        const t = await page.locator('ops-list #f-tenant').inputValue();
        return f === 'likely_stale' && t === TENANT_A.id;
      });
      await expectBadge(page, 'ops-list', stale.id, 'Likely stale');
      assertNoPageErrors(demo);
    } finally {
      await demo.close();
    }
  });

  it("a tenant-A token never shows tenant B's runs, and B's run id reads as not found", async () => {
    const bRun = await spawnHealthy(TENANT_B.name, 15);
    const bStale = await spawnDying(TENANT_B.name);
    const demo = await openDemo(browser, server, '#/operations', { recordApi: true });
    const { page } = demo;
    try {
      // As the admin, B's runs are there (so their absence below means something).
      await expectBadge(page, 'ops-list', bRun.id, 'Running');
      await expectBadge(page, 'ops-list', bStale.id, 'Likely stale', 20_000);

      // Sign in as Casey (Contoso only) with the page's switcher.
      await page.locator('#user-select').selectOption(TENANT_A.token);
      await expectNoRow(page, 'ops-list', bRun.id);
      await expectNoRow(page, 'ops-list', bStale.id);
      await until('Contoso rows only', async () => {
        const tenants = await textsOf(
          page.locator('ops-list [role="row"][data-run-id] [role="cell"]:nth-child(2)'),
        );
        return tenants.length > 0 && tenants.every((t) => t === TENANT_A.name);
      });
      const tenantOptions = await textsOf(page.locator('#tenant-select option'));
      assert.deepEqual(tenantOptions, [TENANT_A.name]);
      await shot(page, '09-isolation-ops-list');

      await goTo(page, 'workspace');
      await until('Contoso rows only in the workspace list', async () => {
        const tenants = await textsOf(page.locator('workspace-recent-ops .row-tenant'));
        return tenants.length > 0 && tenants.every((t) => t === TENANT_A.name);
      });
      assert.equal(
        await page.locator(`workspace-recent-ops [data-run-id="${bRun.id}"]`).count(),
        0,
      );

      await goTo(page, 'dashboard');
      await until('the Contoso dashboard', async () =>
        page.locator('tenant-activity [part="headline"]').isVisible(),
      );
      assert.equal(await page.locator(`[data-run-id="${bStale.id}"]`).count(), 0);

      // A hand-made link to B's list: not found, no rows.
      await page.goto(`${server.url}/#/operations?workspace=${WS}&tenant=${TENANT_B.id}`);
      await until('the list to refuse tenant B', async () =>
        (await textsOf(page.locator('ops-list [role="alert"]'))).some((t) => t.includes(NOT_FOUND)),
      );
      assert.equal(await page.locator('ops-list [role="row"][data-run-id]').count(), 0);

      // B's run by id: not found.
      await page.goto(`${server.url}/#/operations/${bRun.id}?workspace=${WS}`);
      await until(`<run-detail> to say "${NOT_FOUND_RUN}"`, async () =>
        (await textsOf(page.locator('run-detail [role="alert"]'))).some((t) =>
          t.includes(NOT_FOUND_RUN),
        ),
      );
      const detailText = await shadowText(page, 'run-detail');
      assert.ok(!detailText.includes(TENANT_B.name), detailText);
      assert.ok(!detailText.includes('Backup'), detailText);
      await shot(page, '10-isolation-detail-not-found');

      // On the wire: nothing of tenant B ever reached the page with Casey's token.
      await demo.apiSettled();
      const asCasey = demo.apiBodies.filter((r) => r.auth === `Bearer ${TENANT_A.token}`);
      assert.ok(asCasey.length > 0, 'requests were made with the Contoso token');
      for (const r of asCasey) {
        for (const leak of [bRun.id, bStale.id, `"tenant_id":"${TENANT_B.id}"`, TENANT_B.name]) {
          assert.ok(!r.body.includes(leak), `${r.url} (${r.status}) contains ${leak}`);
        }
      }
      const detailResponses = asCasey.filter((r) => r.url.includes(`/operation-runs/${bRun.id}`));
      assert.ok(detailResponses.length > 0);
      assert.ok(detailResponses.every((r) => r.status === 404));
      assertNoPageErrors(demo, /status of 404 .*\/api\/operation-runs/);
    } finally {
      await demo.close();
    }
  });

  it('stopping the server marks all five elements outdated; restarting it recovers them', async (t) => {
    const demo = await openDemo(browser, server, '#/');
    try {
      // A healthy run: fresh at the last fetch, past expected 4 s after it starts. (A report
      // export has no heartbeat timeout: with one, the heartbeat the page saw last would age
      // into "Likely stale" during the outage, see docs/e2e.md.)
      const run = await spawnHealthy(TENANT_A.name, 12, { type: 'report.export' });
      const dashboard = demo.page;
      await expectBadge(dashboard, 'active-run-progress', run.id, 'Running');
      // The other three elements, each in its own tab of the same browser context.
      const [workspace, operations, detail] = await Promise.all([
        demo.openTab('#/workspace'),
        demo.openTab('#/operations'),
        demo.openTab(`#/operations/${run.id}?workspace=${WS}&tenant=${TENANT_A.id}`),
      ]);
      const views: [Page, Host][] = [
        [dashboard, 'tenant-activity'],
        [dashboard, 'active-run-progress'],
        [workspace, 'workspace-recent-ops'],
        [operations, 'ops-list'],
        [detail, 'run-detail'],
      ];
      await expectBadge(workspace, 'workspace-recent-ops', run.id, 'Running');
      await expectBadge(operations, 'ops-list', run.id, 'Running');
      await expectDetail(detail, run.id, 'Running');
      const marker = (page: Page, host: Host) => page.locator(`${host} [data-state="outdated"]`);
      const alert = (page: Page, host: Host) => page.locator(`${host} [role="alert"]`);
      for (const [page, host] of views) assert.equal(await marker(page, host).count(), 0, host);

      await server.stop();
      const stoppedAt = Date.now();
      for (const [page, host] of views) {
        await until(
          `<${host}> to mark its data outdated`,
          async () => {
            const texts = await textsOf(marker(page, host));
            return texts.length === 1 && OUTDATED.test(texts[0] ?? '') && texts[0];
          },
          { timeoutMs: 2 * POLL_INTERVAL_S * 1000 + 8000, describe: () => shadowText(page, host) },
        );
        assert.ok(
          (await textsOf(alert(page, host))).some((x) => x.includes(OFFLINE)),
          `<${host}> says the server cannot be reached`,
        );
      }
      const markedAfterMs = Date.now() - stoppedAt;
      // The earlier data stays, and freshness is still derived on time while outdated.
      await expectBadge(dashboard, 'active-run-progress', run.id, 'Past expected');
      await expectBadge(operations, 'ops-list', run.id, 'Past expected');
      await expectDetail(detail, run.id, 'Past expected');
      assert.equal(await marker(dashboard, 'active-run-progress').count(), 1);
      await shot(dashboard, '11-outage-dashboard');
      await shot(detail, '12-outage-detail');

      await server.start();
      const restartedAt = Date.now();
      for (const [page, host] of views) {
        await until(
          `<${host}> to recover`,
          async () =>
            (await marker(page, host).count()) === 0 && (await alert(page, host).count()) === 0,
          { timeoutMs: 40_000, describe: () => shadowText(page, host) },
        );
      }
      const recoveredAfterMs = Date.now() - restartedAt;
      // Live again: a run spawned after the restart shows up.
      const next = await spawnHealthy(TENANT_A.name, 14);
      await expectBadge(dashboard, 'active-run-progress', next.id, 'Running');
      await expectBadge(operations, 'ops-list', next.id, 'Running');
      await shot(dashboard, '13-outage-recovered');
      t.diagnostic(
        `outage: all five outdated ${markedAfterMs} ms after the stop, all recovered ${recoveredAfterMs} ms after the restart`,
      );
      assertNoPageErrors(demo, /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET/);
    } finally {
      await demo.close();
    }
  });

  it('the demo page runs under its own strict Content-Security-Policy: no violation on any view', async () => {
    const demo = await openDemo(browser, server, '#/');
    const { page } = demo;
    try {
      const main = await page.reload(); // the document's own response, to read its headers
      const csp = (await main?.allHeaders())?.['content-security-policy'] ?? '';
      assert.match(csp, /(^|;\s*)default-src 'self'(;|$)/, csp);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, csp);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);

      // every element with live data: progress bars, virtualised rows at their offsets
      const run = await spawnHealthy(TENANT_A.name, 12);
      await expectBadge(page, 'active-run-progress', run.id, 'Running');
      await expectBadge(page, 'tenant-activity', run.id, 'Running');
      await goTo(page, 'workspace');
      await expectBadge(page, 'workspace-recent-ops', run.id, 'Running');
      await goTo(page, 'operations');
      await expectBadge(page, 'ops-list', run.id, 'Running');
      await page.locator(`ops-list [data-run-id="${run.id}"] a[part="link"]`).click();
      await expectDetail(page, run.id, 'Running');
      // the page's own controls (the switcher is a form that never submits)
      const before = page.url();
      await page.locator('#user-select').selectOption(TENANT_A.token);
      await expectDetail(page, run.id, 'Running'); // Casey sees Contoso's run too
      await page.locator('#user-select').press('Enter');
      assert.equal(page.url(), before, 'the switcher form does not navigate');
      await goTo(page, 'dashboard');
      await expectBadge(page, 'active-run-progress', run.id, 'Running');
      assertNoPageErrors(demo);

      // the check itself works: an inline style attribute is refused and reported
      await page.evaluate(`document.body.setAttribute('style', 'outline: 1px solid red')`);
      await until('the violation report', async () =>
        demo.cspViolations.some((v) => v.includes('style-src')),
      );
    } finally {
      await demo.close();
    }
  });

  it('the scheduler (simulator, reconciler) ran without errors', () => {
    server.assertHealthy();
  });
});
