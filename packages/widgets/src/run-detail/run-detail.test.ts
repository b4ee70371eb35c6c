import { assert, expect, fixture, html } from '@open-wc/testing';
import { FIXTURE_WORKSPACE, staleRunning } from '@runsight/api-client/fixtures';
import './run-detail.define.js';
import type { RunDetailElement } from './run-detail.js';
import { disposeHarnesses, harness, shadow, textOf } from '../testing/harness.js';

describe('<run-detail> basics', () => {
  afterEach(() => disposeHarnesses());

  it('shows the likely-stale banner', async () => {
    const h = await harness({ runs: [staleRunning({ id: 'run_s' })] });
    const el = await fixture<RunDetailElement>(
      html`<run-detail
        workspace=${FIXTURE_WORKSPACE}
        run-id="run_s"
        .client=${h.client}
      ></run-detail>`,
    );
    await h.settled(el);
    assert.ok(shadow(el).querySelector('[data-state="likely_stale"]'));
    expect(textOf(el)).to.contain('Likely stale operation');
    console.log(textOf(el));
    await expect(el).to.be.accessible();
  });
});
