import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import {
  FIXTURE_TENANT,
  OTHER_TENANT,
  failedRun,
  freshQueued,
  freshRunning,
  pastExpectedRunning,
  reconciledFailed,
  staleRunning,
  succeededRun,
  workspaceRun,
} from '@runsight/api-client/fixtures';
import { expect, waitFor } from 'storybook/test';
import {
  STORY_WORKSPACE,
  advanceClock,
  serve,
  storyClient,
} from '../../../.storybook/support/story-kit.js';
import { backend } from '../../../.storybook/support/states.js';
import { elementIn, settled } from '../../../.storybook/support/play.js';
import './all.define.js';
import { RUNSIGHT_TAGS } from './testing/tags.js';

/**
 * One fixture, five surfaces, one client (so one request per query and one clock): the same run
 * must carry the same badge everywhere. Move **minutes elapsed** and watch the healthy run turn
 * past expected, then likely stale, on every surface at the same moment.
 */
const meta: Meta<{ minutesElapsed?: number }> = {
  title: 'Overview',
  tags: ['!autodocs'],
  parameters: {
    layout: 'fullscreen',
    runsight: backend(
      serve([
        freshRunning(),
        freshQueued(),
        staleRunning(),
        pastExpectedRunning(),
        reconciledFailed(),
        succeededRun(),
        failedRun({ tenant_id: OTHER_TENANT.id, tenant_name: OTHER_TENANT.name }),
        workspaceRun(),
      ]),
    ).runsight,
  },
};
export default meta;
type Story = StoryObj<{ minutesElapsed?: number }>;

const TAGS = RUNSIGHT_TAGS;

/** The badge text of run `id` on one surface (`run-detail` shows a single run). */
function badgeOn(el: Element, id: string): string | null {
  const root = el.shadowRoot;
  const badge =
    el.localName === 'run-detail'
      ? root?.querySelector('[part~="header"] [part~="badge"]')
      : root?.querySelector(`[data-run-id="${CSS.escape(id)}"] [part~="badge"]`);
  return badge ? (badge.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
}

async function expectEverywhere(canvas: HTMLElement, id: string, label: string): Promise<void> {
  for (const tag of TAGS) {
    if (tag === 'run-detail' && id !== 'run_stale_running') continue;
    const el = await elementIn(canvas, tag);
    await waitFor(() => expect({ tag, badge: badgeOn(el, id) }).toEqual({ tag, badge: label }));
  }
}

export const FreshVsStale: Story = {
  name: 'Fresh vs stale across surfaces',
  render: (_args, context) => {
    const client = storyClient(context);
    const ws = STORY_WORKSPACE;
    const tenant = FIXTURE_TENANT.id;
    return html`
      <style>
        .overview {
          display: grid;
          grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
          gap: 1rem;
          padding: 1rem;
          align-items: start;
        }
        .overview > .wide {
          grid-column: 1 / -1;
        }
        .overview h2 {
          font:
            600 0.75rem system-ui,
            sans-serif;
          letter-spacing: 0.04em;
          text-transform: uppercase;
          color: #57606a;
          margin: 0 0 0.25rem;
        }
      </style>
      <div class="overview">
        <div>
          <h2>&lt;tenant-activity&gt;</h2>
          <tenant-activity workspace=${ws} tenant=${tenant} .client=${client}></tenant-activity>
        </div>
        <div>
          <h2>&lt;active-run-progress&gt;</h2>
          <active-run-progress
            workspace=${ws}
            tenant=${tenant}
            .client=${client}
          ></active-run-progress>
        </div>
        <div>
          <h2>&lt;workspace-recent-ops&gt;</h2>
          <workspace-recent-ops workspace=${ws} .client=${client}></workspace-recent-ops>
        </div>
        <div class="wide">
          <h2>&lt;run-detail run-id="run_stale_running"&gt;</h2>
          <run-detail workspace=${ws} run-id="run_stale_running" .client=${client}></run-detail>
        </div>
        <div class="wide">
          <h2>&lt;ops-list&gt;</h2>
          <ops-list workspace=${ws} sort="attention" .client=${client}></ops-list>
        </div>
      </div>
    `;
  },
  play: async (context) => {
    const canvas = context.canvasElement;
    for (const tag of TAGS) await settled(await elementIn(canvas, tag));
    // The stale run reads "Likely stale" on all five surfaces; the healthy one "Running".
    await expectEverywhere(canvas, 'run_stale_running', 'Likely stale');
    await expectEverywhere(canvas, 'run_past_expected_running', 'Past expected');
    await expectEverywhere(canvas, 'run_fresh_running', 'Running');
    // Five minutes later the healthy run is past expected, everywhere, with no new data.
    advanceClock(context, 5);
    await expectEverywhere(canvas, 'run_fresh_running', 'Past expected');
    // Back to the fixture time for the reviewer.
    advanceClock(context, -5);
    await expectEverywhere(canvas, 'run_fresh_running', 'Running');
  },
};
