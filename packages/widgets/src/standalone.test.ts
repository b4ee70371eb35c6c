/**
 * The standalone bundle in a plain page: loads the BUILT dist/runsight.js (run the widgets build
 * first: `npm run build -w @runsight/widgets`, or the root build) and renders every element with
 * the bundle's own lit, api-client and active-state. Element modules load on first use (the
 * document is observed; `observeElements(root)` for a host's shadow root; `defineElements()`).
 * The tests run in order: the first ones check what is NOT loaded yet.
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
import { RUNSIGHT_TAGS } from './testing/tags.js';

const TAGS = RUNSIGHT_TAGS;

/** Sibling modules of runsight.js the page has fetched so far (element and locale chunks). */
const chunksFetched = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => /\/runsight\.[\w-]+\.js/.test(name));

interface Bundle {
  defineElements(...tags: string[]): Promise<void>;
  observeElements(root: ShadowRoot): void;
  createClient(options: { timeSource?: { now(): number } }): { dispose(): void };
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
    // A frozen clock: any `{ now() }` is a time source.
    client = bundle.createClient({ timeSource: { now: () => FIXTURE_NOW.getTime() } });
    bundle.setDefaultClient(client);
  });

  after(() => {
    bundle.setDefaultClient(null);
    client.dispose();
  });

  it('loads no element module while the page uses no Runsight tag', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const tag of TAGS) assert.isUndefined(customElements.get(tag), tag);
    assert.deepEqual(chunksFetched(), []);
  });

  it('defines a tag inside a host shadow root once observeElements(root) is called', async () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    // Created as DOM (an element not yet defined), never parsed from a string.
    const detail = document.createElement('run-detail');
    detail.setAttribute('workspace', 'ws_1');
    detail.setAttribute('run-id', 'run_stale_running');
    root.append(detail);
    document.body.append(host);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The document observer does not see into shadow roots.
      assert.isUndefined(customElements.get('run-detail'));
      bundle.observeElements(root);
      await customElements.whenDefined('run-detail');
      await waitUntil(
        () => (detail.shadowRoot?.textContent ?? '').includes('Restore'),
        'run-detail in a shadow root never rendered the run',
        { timeout: 5000 },
      );
      // Only what run-detail needs: its own module (and shared ones), not the other elements'.
      assert.isTrue(chunksFetched().some((name) => name.endsWith('/runsight.run-detail.js')));
      for (const other of ['ops-list', 'tenant-activity', 'active-run-progress']) {
        assert.isFalse(
          chunksFetched().some((name) => name.endsWith(`/runsight.${other}.js`)),
          other,
        );
      }
    } finally {
      host.remove();
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

  it('loads the German messages with the first German element, and renders German only', async () => {
    assert.isFalse(chunksFetched().some((name) => name.endsWith('/runsight.de.js')));
    const el = await fixture<HTMLElement>(
      html`<tenant-activity workspace="ws_1" tenant="t_1" locale="de"></tenant-activity>`,
    );
    const text = () => el.shadowRoot?.textContent ?? '';
    await waitUntil(
      () => text().includes('Vermutlich hängengeblieben'),
      'German badge never shown',
      { timeout: 5000 },
    );
    assert.isFalse(text().includes('Likely stale'), 'no English badge');
    assert.isTrue(chunksFetched().some((name) => name.endsWith('/runsight.de.js')));
  });

  it('defineElements() resolves once every tag is defined; an unknown tag rejects', async () => {
    await bundle.defineElements();
    for (const tag of TAGS) assert.isDefined(customElements.get(tag), tag);
    let rejected: unknown;
    await bundle.defineElements('no-such-element').catch((error: unknown) => {
      rejected = error;
    });
    assert.instanceOf(rejected, TypeError);
  });
});
