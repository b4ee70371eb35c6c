import { assert, expect, fixture, html } from '@open-wc/testing';
import { freshRunning, pastExpectedRunning, staleRunning } from '@runsight/api-client/fixtures';
import './active-run-progress.define.js';
import type { ActiveRunProgress } from './active-run-progress.js';
import { disposeHarnesses, harness, textOf } from '../testing/harness.js';

describe('<active-run-progress>', () => {
  afterEach(() => disposeHarnesses());

  it('renders active runs in attention order', async () => {
    const h = await harness({ runs: [freshRunning(), staleRunning(), pastExpectedRunning()] });
    const el = await fixture<ActiveRunProgress>(
      html`<active-run-progress
        workspace="ws_1"
        tenant="t_1"
        .client=${h.client}
      ></active-run-progress>`,
    );
    await h.settled(el);
    const rows = [...el.shadowRoot!.querySelectorAll('[part~="row"]')];
    assert.deepEqual(
      rows.map((r) => r.getAttribute('data-freshness')),
      ['likely_stale', 'past_expected', 'fresh'],
    );
    expect(textOf(el)).to.contain('1 of 3 active operations likely stale');
    await expect(el).to.be.accessible();
  });
});
