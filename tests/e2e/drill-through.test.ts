/**
 * End-to-end: the dashboard drill-through you can count on (issue 16). Against the real reference
 * server and the demo page, for each tenant's activity card and the workspace overview, every
 * figure and every "+N more" is clicked as a user would; the operations list it opens must show
 * exactly the count the card showed (every page loaded with "Load more") and every run the card
 * listed in that set, with the same badge.
 *
 * The server's time scale is 0.1 (lifecycle windows ten times the real world's: a report export
 * is expected within 67 min, a heartbeat is missed after 50 min): the runs are placed at least
 * 15 minutes from any deadline and no worker runs during the check (the simulator does not tick),
 * so no run changes state, set or figure while the test reads and follows the cards. The history
 * (completed runs over 14 days, the follow-up) is seeded at time scale 1.
 *
 *   npm run build -w @runsight/widgets
 *   node --conditions=source --import tsx --test tests/e2e/drill-through.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  createServer,
  openPglite,
  seedHistory,
  type Db,
  type RunsightServer,
  type SpawnOptions,
} from '@runsight/server';
import {
  BUNDLE,
  checkBundle,
  launchBrowser,
  openDemo,
  shadowText,
  shot,
  until,
  type DemoPage,
} from './support.js';

/** Lifecycle windows are ten times the real world's: nothing crosses a deadline during the test. */
const TIME_SCALE = 0.1;
const TENANTS = [
  { id: 't_1', name: 'Contoso' },
  { id: 't_2', name: 'Fabrikam' },
  { id: 't_3', name: 'Northwind' },
] as const;

let db: Db;
let server: RunsightServer;
let browser: Browser;

// --- the scene --------------------------------------------------------------------------------

/**
 * Active runs in every state, far from their deadlines (time scale 0.1): running report exports
 * (no heartbeat timeout; expected 4000 s, likely stale 14 000 s after the start), stuck queued
 * runs (expected 1200 s, stale 9000 s after creation) and runs whose worker died (inventory sync:
 * heartbeat timeout 3000 s).
 */
async function spawnScene(tenant: string | null, n: { stale: number; late: number }) {
  const spawn = (o: SpawnOptions) => server.simulator.spawn({ tenant, initiator: 'E2E', ...o });
  const exportRun = { type: 'report.export', behaviour: 'normal', durationS: 1e6 } as const;
  // fresh: started a minute ago (expected in ~65 min)
  await spawn({ ...exportRun, queueS: 1, backdateS: 60 });
  await spawn({ ...exportRun, queueS: 1, backdateS: 120 });
  for (let i = 0; i < n.late; i++) {
    // past expected while running: started 5000 s ago (expected at 4000 s, stale at 14 000 s)
    if (i % 2 === 0) await spawn({ ...exportRun, queueS: 1, backdateS: 5000 + i * 10 });
    // past expected in the queue: 2000 s ago (expected at 1200 s, stale at 9000 s)
    else
      await spawn({ type: 'report.export', behaviour: 'stuck_queued', backdateS: 2000 + i * 10 });
  }
  for (let i = 0; i < n.stale; i++) {
    // likely stale: its worker stopped 30 s after the start, 5000 s ago (timeout 3000 s)
    await spawn({
      type: 'inventory.sync',
      behaviour: 'dies',
      queueS: 1,
      dieAfterS: 30,
      backdateS: 5000 + i * 10,
    });
  }
}

// --- reading the page ---------------------------------------------------------------------------

interface CardRow {
  id: string;
  freshness: string;
  badge: string;
}
interface Figure {
  name: string;
  count: number;
  href: string;
}

/**
 * The tenant card as shown: its figures (each with its link), "+N more", and the rows of its two
 * lists. Null while it loads. (A string: tsx would add helpers the page does not have.)
 */
const READ_TENANT_CARD = `(() => {
  const root = document.querySelector('tenant-activity')?.shadowRoot;
  if (!root || root.querySelector('[aria-busy="true"]') || !root.querySelector('[part~="kpi"]')) return null;
  const num = (t) => Number((t || '').replace(/[^0-9]/g, ''));
  const rows = (list) => [...root.querySelectorAll('ul[aria-labelledby="' + list + '"] [part~="row"]')]
    .map((r) => ({ id: r.dataset.runId, freshness: r.dataset.freshness,
      badge: r.querySelector('[part~="badge"]').textContent.trim() }));
  const figures = [...root.querySelectorAll('[data-kpi]')].map((li) => ({
    name: li.dataset.kpi, count: num(li.querySelector('.kpi-value').textContent),
    href: li.querySelector('a') ? li.querySelector('a').getAttribute('href') : null }));
  const more = root.querySelector('a.more');
  return { figures, attention: rows('attention'), recent: rows('recent'),
    more: more ? { name: 'more', count: num(more.textContent), href: more.getAttribute('href') } : null };
})()`;

/** The workspace card: its counts (those that are links) and its rows. Null while it loads. */
const READ_WORKSPACE_CARD = `(() => {
  const root = document.querySelector('workspace-recent-ops')?.shadowRoot;
  if (!root || root.querySelector('[aria-busy="true"]') || !root.querySelector('[part~="summary"]')) return null;
  const figures = [...root.querySelectorAll('[data-count]')].map((li) => ({
    name: li.dataset.count, count: Number((li.textContent.trim().match(/^[0-9,]+/) || [''])[0].replace(/,/g, '')),
    href: li.querySelector('a') ? li.querySelector('a').getAttribute('href') : null }));
  const rows = [...root.querySelectorAll('[part~="row"]')].map((r) => ({ id: r.dataset.runId,
    freshness: r.dataset.freshness, badge: r.querySelector('[part~="badge"]').textContent.trim() }));
  return { figures, rows };
})()`;

/** The list as loaded so far: the ids in screen order, the count line, whether more pages exist. */
const READ_LIST = `(() => {
  const el = document.querySelector('ops-list');
  const root = el?.shadowRoot;
  if (!root || root.querySelector('[aria-busy="true"]') || root.querySelector('[part~="error"]')) return null;
  const button = root.querySelector('[part="load-more"]');
  return { ids: el.loadedRuns.map((r) => r.id), count: root.querySelector('.count')?.textContent.trim() ?? '',
    more: button ? (button.disabled ? 'loading' : 'yes') : 'no' };
})()`;

/** The badge the list shows for a run: scrolled to its row, as a reader would. */
const listBadge = (id: string, index: number) => `(async () => {
  const el = document.querySelector('ops-list');
  const scroller = el.shadowRoot.querySelector('.scroller');
  scroller.scrollTop = Math.max(0, ${index} * 48 - 96);
  scroller.dispatchEvent(new Event('scroll'));
  for (let i = 0; i < 50; i++) {
    await el.updateComplete;
    const row = el.shadowRoot.querySelector('.tbody [data-run-id="${id}"]');
    if (row) return row.querySelector('[part~="badge"]').textContent.trim();
    await new Promise((r) => requestAnimationFrame(r));
  }
  return null;
})()`;

interface ListView {
  ids: string[];
  count: string;
  more: 'yes' | 'no' | 'loading';
}

/** Loads every page of the list ("Load more" until there is none); its rows and count line. */
async function readWholeList(page: Page): Promise<ListView> {
  const describe = () => shadowText(page, 'ops-list');
  for (;;) {
    const view = await until<ListView>(
      'the operations list to load',
      async () => {
        const v = (await page.evaluate(READ_LIST)) as ListView | null;
        return v && v.more !== 'loading' ? v : null;
      },
      { describe },
    );
    if (view.more === 'no') return view;
    await page.locator('ops-list [part="load-more"]').click();
    await until(
      'the next page',
      async () =>
        ((await page.evaluate(READ_LIST)) as ListView | null)?.ids.length !== view.ids.length,
      { describe },
    );
  }
}

const operations = (n: number) =>
  n === 1 ? '1 operation' : `${n.toLocaleString('en-US')} operations`;

/**
 * Clicks the link `figure` as a user would, and checks the list it opens: exactly `expected`
 * rows (every page loaded), and each run of `shown` with the same badge. Then back to the card.
 */
async function follow(
  page: Page,
  host: string,
  figure: Figure,
  expected: number,
  shown: readonly CardRow[],
  where: string,
  log: (message: string) => void,
) {
  const selector =
    figure.name === 'more'
      ? `${host} a.more`
      : host === 'tenant-activity'
        ? `${host} [data-kpi="${figure.name}"] a`
        : `${host} [data-count="${figure.name}"] a`;
  const back = page.url();
  await page.locator(selector).click();
  await until(`the address of ${where} ${figure.name}`, async () => page.url() !== back, {
    describe: async () => page.url(),
  });
  assert.equal(
    new URL(page.url()).hash,
    figure.href,
    `${where}: the link of "${figure.name}" is the one read with its figure`,
  );
  const list = await readWholeList(page);
  assert.equal(
    list.ids.length,
    expected,
    `${where}: "${figure.name}" reads ${expected}; its list (${figure.href}) shows ${list.ids.length}`,
  );
  assert.equal(list.count, operations(expected), `${where}: the list's count line`);
  for (const row of shown) {
    const index = list.ids.indexOf(row.id);
    assert.notEqual(
      index,
      -1,
      `${where}: ${row.id} (${row.badge}) on the card is in the list of "${figure.name}"`,
    );
    const badge = await page.evaluate(listBadge(row.id, index));
    assert.equal(badge, row.badge, `${where}: ${row.id} has the same badge in the list`);
  }
  log(`${where}: ${figure.name} ${expected}, ${shown.length} card rows checked: ${figure.href}`);
  await page.goBack();
  await until(`back on ${where}`, async () => page.url() === back);
}

/** Card rows of a figure's set (judged by the badge the card shows). */
const FOLLOW_UP_BADGES = ['Failed', 'Partially succeeded', 'Blocked', 'Reconciled failed'];
const ACTIVE = ['fresh', 'past_expected', 'likely_stale', 'unknown'];
const isFollowUp = (r: CardRow) =>
  !ACTIVE.includes(r.freshness) && FOLLOW_UP_BADGES.includes(r.badge);
function rowsOf(set: string, rows: readonly CardRow[]): CardRow[] {
  const pick: Record<string, (r: CardRow) => boolean> = {
    active: (r) => ACTIVE.includes(r.freshness),
    fresh: (r) => r.freshness === 'fresh',
    'past-expected': (r) => r.freshness === 'past_expected',
    'likely-stale': (r) => r.freshness === 'likely_stale',
    'follow-up': isFollowUp,
    'needs-attention': (r) =>
      r.freshness === 'past_expected' || r.freshness === 'likely_stale' || isFollowUp(r),
  };
  const test = pick[set];
  assert.ok(test, `a set for ${set}`);
  const seen = new Set<string>();
  return rows.filter((r) => test(r) && !seen.has(r.id) && seen.add(r.id));
}

function assertNoPageErrors(demo: DemoPage) {
  assert.deepEqual(demo.cspViolations, [], 'the page violated its Content-Security-Policy');
  assert.deepEqual(demo.errors, [], 'the demo page logged errors');
  const failed = demo.failedLoads.filter((l) => !/\/favicon\.ico$/.test(l));
  assert.deepEqual(failed, [], 'resources failed to load');
}

// --- the suite --------------------------------------------------------------------------------

describe('Drill-through you can count on: every figure opens exactly its set', () => {
  before(async () => {
    const warning = checkBundle();
    if (warning) console.warn(`warning: ${warning}`);
    const [opened, launched] = await Promise.all([openPglite(), launchBrowser()]);
    db = opened;
    browser = launched;
    server = await createServer({
      db,
      host: '127.0.0.1',
      port: 0,
      timeScale: TIME_SCALE,
      widgetsBundle: BUNDLE,
      // no timer, no random runs, no warm start: the scene is spawned below and stays as it is
      simulation: { enabled: false, autoSpawn: false, warmStart: false, seed: 3 },
    });
    // Completed runs over 14 days (real-world durations): follow-up in and out of the last 24 h,
    // more than a page of it across the workspace.
    await seedHistory(db, 4000, 16, { timeScale: 1 });
    await spawnScene('Contoso', { stale: 3, late: 3 });
    await spawnScene('Fabrikam', { stale: 1, late: 4 });
    await spawnScene('Northwind', { stale: 2, late: 1 });
    await spawnScene(null, { stale: 1, late: 1 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  for (const tenant of TENANTS) {
    it(`${tenant.name}: every figure and "+N more" of the activity card opens exactly its set`, async (t) => {
      const demo = await openDemo(browser, { url: server.url as string }, '#/');
      const { page } = demo;
      try {
        await page.locator('#tenant-select').selectOption(tenant.id);
        const read = () =>
          until(
            `the ${tenant.name} activity card`,
            async () => {
              const card = (await page.evaluate(READ_TENANT_CARD)) as {
                figures: Figure[];
                attention: CardRow[];
                recent: CardRow[];
                more: Figure | null;
              } | null;
              return card;
            },
            { describe: () => shadowText(page, 'tenant-activity') },
          );
        await until(`${tenant.name}'s dashboard`, async () =>
          (await page.locator('#page-title').innerText()).startsWith(tenant.name),
        );
        const first = await read();
        await shot(page, `drill-${tenant.id}-card`);
        const names = first.figures.map((f) => f.name);
        assert.deepEqual(names, ['active', 'past-expected', 'likely-stale', 'follow-up']);
        for (const f of first.figures) assert.ok(f.count > 0, `${tenant.name}: some ${f.name}`);
        assert.ok(first.more, `${tenant.name}: more than 5 need attention ("+N more")`);

        for (const name of [...names, 'more']) {
          // Read again before each click: the figure and its link as the card shows them now.
          const card = await read();
          const rows = [...card.attention, ...card.recent];
          const figure = name === 'more' ? card.more : card.figures.find((f) => f.name === name);
          assert.ok(figure?.href, `${tenant.name}: "${name}" is a link`);
          const expected = name === 'more' ? card.attention.length + figure.count : figure.count;
          const shown =
            name === 'more'
              ? card.attention
              : name === 'follow-up'
                ? card.attention.filter(isFollowUp)
                : rowsOf(name, rows);
          await follow(page, 'tenant-activity', figure, expected, shown, tenant.name, (m) =>
            t.diagnostic(m),
          );
        }
        assertNoPageErrors(demo);
      } finally {
        await demo.close();
      }
    });
  }

  it('the workspace overview: every count that is a link opens exactly its set', async (t) => {
    const demo = await openDemo(browser, { url: server.url as string }, '#/workspace');
    const { page } = demo;
    try {
      const read = () =>
        until(
          'the workspace card',
          async () =>
            (await page.evaluate(READ_WORKSPACE_CARD)) as {
              figures: Figure[];
              rows: CardRow[];
            } | null,
          { describe: () => shadowText(page, 'workspace-recent-ops') },
        );
      const first = await read();
      await shot(page, 'drill-workspace-card');
      const links = first.figures.filter((f) => f.href !== null).map((f) => f.name);
      assert.deepEqual(links, [
        'likely-stale',
        'past-expected',
        'follow-up',
        'fresh',
        'needs-attention',
      ]);
      const needs = first.figures.find((f) => f.name === 'needs-attention');
      assert.ok(needs && needs.count > 50, 'more than a page needs attention across the workspace');
      for (const name of links) {
        const card = await read();
        const figure = card.figures.find((f) => f.name === name);
        assert.ok(figure?.href);
        await follow(
          page,
          'workspace-recent-ops',
          figure,
          figure.count,
          rowsOf(name, card.rows),
          'the workspace',
          (m) => t.diagnostic(m),
        );
      }
      assertNoPageErrors(demo);
    } finally {
      await demo.close();
    }
  });
});
