/**
 * The elements under a strict Content Security Policy (elements.md): the BUILT standalone bundle
 * on a page served with `default-src 'self'; script-src 'self'; style-src 'self'` (no
 * 'unsafe-inline'; see web-test-runner.config.mjs and testing/csp-host.ts). No violation may be
 * reported, `<ops-list>`'s windowed rows must stand at their own offsets and progress bars must
 * show their fill: both are dynamic styles, which must go through the CSSOM.
 */
import { assert, waitUntil } from '@open-wc/testing';
import type { CspPageState } from './testing/csp-host.js';
import { RUNSIGHT_TAGS } from './testing/tags.js';

const TAGS = RUNSIGHT_TAGS;

describe('strict Content Security Policy', () => {
  let frame: HTMLIFrameElement;
  let doc: Document;
  let page: CspPageState;

  before(async () => {
    const probe = await fetch('/packages/widgets/dist/runsight.js', { method: 'HEAD' });
    assert.isTrue(probe.ok, 'build the widgets package before this test (dist/runsight.js)');
    frame = document.createElement('iframe');
    frame.style.width = '1200px';
    frame.style.height = '900px';
    frame.src = '/csp/host.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    doc = frame.contentDocument as Document;
    const win = frame.contentWindow as unknown as { runsightCsp?: CspPageState };
    await waitUntil(() => win.runsightCsp !== undefined, 'the host script ran', { timeout: 5000 });
    page = win.runsightCsp as CspPageState;
    await page.ready;
    await waitUntil(
      () =>
        TAGS.every((tag) => {
          const root = doc.querySelector(tag)?.shadowRoot;
          return (
            root !== null &&
            root !== undefined &&
            root.querySelector('[aria-busy="true"]') === null &&
            root.childElementCount > 0
          );
        }),
      'all five elements rendered data',
      { timeout: 10_000 },
    );
    await waitUntil(
      () =>
        (doc.querySelector('ops-list')?.shadowRoot?.querySelectorAll('[role="row"][data-index]')
          .length ?? 0) > 5,
      'ops-list rendered rows',
      { timeout: 5000 },
    );
  });

  after(() => frame.remove());

  it('reports no violation while all five elements render', () => {
    for (const tag of TAGS) assert.isDefined(frame.contentWindow!.customElements.get(tag), tag);
    assert.deepEqual(page.violations, []);
  });

  it('draws each windowed ops-list row at its own offset', () => {
    const root = doc.querySelector('ops-list')!.shadowRoot!;
    const rows = [...root.querySelectorAll<HTMLElement>('[role="row"][data-index]')].sort(
      (a, b) => Number(a.dataset['index']) - Number(b.dataset['index']),
    );
    const tops = rows.map((row) => row.getBoundingClientRect().top);
    const step = (tops[1] as number) - (tops[0] as number);
    assert.isAbove(step, 10, 'rows are apart');
    rows.forEach((row, k) => {
      const expected =
        (tops[0] as number) +
        (Number(row.dataset['index']) - Number(rows[0]!.dataset['index'])) * step;
      assert.closeTo(tops[k] as number, expected, 0.5, `row ${row.dataset['index']}`);
    });
    const body = root.querySelector<HTMLElement>('.tbody')!;
    assert.isAbove(
      body.getBoundingClientRect().height,
      rows.length * step - 1,
      'the body is as tall as its rows',
    );
    assert.deepEqual(page.violations, []);
  });

  it('fills progress bars to their ratio', () => {
    const root = doc.querySelector('run-detail')!.shadowRoot!;
    const bar = root.querySelector<HTMLElement>('[role="progressbar"][aria-valuenow]')!;
    assert.exists(bar);
    const fill = parseFloat(frame.contentWindow!.getComputedStyle(bar, '::before').width);
    const width = bar.getBoundingClientRect().width;
    assert.closeTo(fill / width, 0.6, 0.02, 'the 120-of-200 bar is 60 % filled');
    assert.deepEqual(page.violations, []);
  });
  it('the page really has the strict policy: an inline style attribute is blocked and reported', async () => {
    const probe = doc.createElement('div');
    probe.setAttribute('style', 'width: 123px');
    doc.body.append(probe);
    await waitUntil(() => page.violations.length > 0, 'the probe was reported', { timeout: 2000 });
    assert.notEqual(probe.getBoundingClientRect().width, 123);
    probe.remove();
  });
});
