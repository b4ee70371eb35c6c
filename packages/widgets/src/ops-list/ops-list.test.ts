import { assert, expect, fixture, html } from '@open-wc/testing';
import {
  FIXTURE_WORKSPACE,
  MINUTE,
  freshRunning,
  pastExpectedRunning,
  reconciledFailed,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
} from '@runsight/api-client/fixtures';
import './ops-list.define.js';
import type { OpsList } from './ops-list.js';
import { disposeHarnesses, harness, shadow, textOf } from '../testing/harness.js';

const rowsOf = (el: OpsList): HTMLElement[] => [
  ...shadow(el).querySelectorAll<HTMLElement>('.tbody [role="row"]'),
];

describe('<ops-list> basics', () => {
  afterEach(() => disposeHarnesses());

  it('renders a mixed list with badges from active-state', async () => {
    const h = await harness({
      runs: [
        freshRunning({ id: 'a' }),
        pastExpectedRunning({ id: 'b' }),
        staleRunning({ id: 'c' }),
        staleByHeartbeat({ id: 'd' }),
        reconciledFailed({ id: 'e' }),
        succeededRun({ id: 'f' }),
      ],
    });
    const el = await fixture<OpsList>(
      html`<ops-list workspace=${FIXTURE_WORKSPACE} .client=${h.client}></ops-list>`,
    );
    await h.settled(el);
    const rows = rowsOf(el);
    assert.equal(rows.length, 6);
    const byId = Object.fromEntries(rows.map((r) => [r.dataset.runId, r.dataset.freshness]));
    assert.deepEqual(byId, {
      a: 'fresh',
      b: 'past_expected',
      c: 'likely_stale',
      d: 'likely_stale',
      e: 'reconciled_failed',
      f: 'terminal',
    });
    expect(textOf(el)).to.contain('Likely stale');
    await expect(el).to.be.accessible();
    void MINUTE;
  });
});
