/**
 * The standalone bundle in a plain page: loads the BUILT dist/runsight.js (run the widgets build
 * first: `npm run build -w @runsight/widgets`, or the root build) and renders every element with
 * the bundle's own lit, api-client and active-state.
 */
import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import {
  FIXTURE_NOW,
  freshRunning,
  pastExpectedRunning,
  runsHandlers,
  staleRunning,
  startFixtureWorker,
  succeededRun,
} from '@runsight/api-client/fixtures';

interface Bundle {
  createClient(options: { timeSource?: { now(): number } }): { dispose(): void };
  createManualTimeSource(start: Date): { now(): number };
  setDefaultClient(client: unknown): void;
  setDefaultLinkBuilder(links: unknown): void;
}

const BUNDLE_URL = '/packages/widgets/dist/runsight.js';

async function loadBundle(): Promise<Bundle> {
  const response = await fetch(BUNDLE_URL, { method: 'HEAD' });
  if (!response.ok) {
    throw new Error(`${BUNDLE_URL} is missing: build the widgets package before this test.`);
  }
  return (await import(/* @vite-ignore */ BUNDLE_URL)) as Bundle;
}

describe('standalone bundle dist/runsight.js', () => {
  let bundle: Bundle;
  let client: { dispose(): void };

  before(async () => {
    bundle = await loadBundle();
    const worker = await startFixtureWorker();
    worker.resetHandlers(
      ...runsHandlers({
        runs: [freshRunning(), pastExpectedRunning(), staleRunning(), succeededRun()],
      }),
    );
    client = bundle.createClient({ timeSource: bundle.createManualTimeSource(FIXTURE_NOW) });
    bundle.setDefaultClient(client);
  });

  after(() => {
    bundle.setDefaultClient(null);
    client.dispose();
  });

  it('defines all five elements', () => {
    for (const tag of [
      'tenant-activity',
      'active-run-progress',
      'workspace-recent-ops',
      'ops-list',
      'run-detail',
    ]) {
      assert.isDefined(customElements.get(tag), tag);
    }
  });

  const cases: [string, ReturnType<typeof html>][] = [
    ['tenant-activity', html`<tenant-activity workspace="ws_1" tenant="t_1"></tenant-activity>`],
    [
      'active-run-progress',
      html`<active-run-progress workspace="ws_1" tenant="t_1"></active-run-progress>`,
    ],
    ['workspace-recent-ops', html`<workspace-recent-ops workspace="ws_1"></workspace-recent-ops>`],
    ['ops-list', html`<ops-list workspace="ws_1"></ops-list>`],
    ['run-detail', html`<run-detail workspace="ws_1" run-id="run_stale_running"></run-detail>`],
  ];

  for (const [tag, template] of cases) {
    it(`renders <${tag}> with data (decorators and reactive properties work)`, async () => {
      const el = await fixture<HTMLElement>(template);
      const text = () => el.shadowRoot?.textContent ?? '';
      // Booleans only: a failing chai assertion on an element would try to print it.
      await waitUntil(
        () =>
          el.shadowRoot?.querySelector('[aria-busy="true"]') === null && text().includes('Restore'),
        `<${tag}> never showed the stale run (Restore)`,
        { timeout: 5000 },
      );
      assert.isTrue(text().includes('Likely stale'), 'badge text');
      assert.isFalse(text().includes('needs a'), 'no missing-attribute message');
    });
  }
});
