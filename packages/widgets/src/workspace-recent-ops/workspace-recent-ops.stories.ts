import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  MINUTE,
  OTHER_TENANT,
  XSS_STRINGS,
  blockedRun,
  cancelledRun,
  failedRun,
  freshQueued,
  freshRunning,
  malformedRows,
  manyRuns,
  partiallySucceededRun,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  shiftRun,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownStatusRun,
  wireRun,
  workspaceRun,
  xssRun,
} from '@runsight/api-client/fixtures';
import { expect, waitFor } from 'storybook/test';
import {
  STORY_WORKSPACE,
  advanceClock,
  serve,
  storyClient,
} from '../../../../.storybook/support/story-kit.js';
import {
  backend,
  darkStory,
  errorStory,
  loadingStory,
  malformedRowsStory,
  outdatedStory,
  unknownStatusStory,
  xssStory,
} from '../../../../.storybook/support/states.js';
import {
  badgeTexts,
  catalogs,
  elementIn,
  settled,
  textOf,
} from '../../../../.storybook/support/play.js';
import './workspace-recent-ops.define.js';
import type { WorkspaceRecentOps } from './workspace-recent-ops.js';

const TAG = 'workspace-recent-ops';
const en = catalogs.en;

interface Args {
  workspace: string;
  limit?: number;
  'poll-interval'?: number;
  locale?: string;
  minutesElapsed?: number;
}

const meta: Meta<Args> = {
  title: 'Elements/workspace-recent-ops',
  component: TAG,
  args: { workspace: STORY_WORKSPACE, limit: 10, 'poll-interval': 30 },
  parameters: {
    runsight: backend(serve(manyRuns(40, 2))).runsight,
    docs: {
      description: {
        component:
          'Every story runs the real element, api-client and active-state against MSW fixtures on a frozen clock (2026-11-29 12:00 UTC). Move **minutes elapsed** to watch runs escalate.',
      },
    },
  },
  render: (args, context) => html`
    <workspace-recent-ops
      workspace=${args.workspace}
      limit=${ifDefined(args.limit)}
      poll-interval=${ifDefined(args['poll-interval'])}
      locale=${ifDefined(args.locale)}
      .client=${storyClient(context)}
      style="max-width: 44rem"
    ></workspace-recent-ops>
  `,
};
export default meta;
type Story = StoryObj<Args>;

const rows = (runs: unknown[]): Story['parameters'] => backend(serve(runs));

/** The summary's figure of one kind (`likely-stale`, `past-expected`, `tenants` …). */
function count(el: WorkspaceRecentOps, name: string): string {
  const node = el.shadowRoot?.querySelector(`[data-count="${name}"]`);
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const otherTenant = { tenant_id: OTHER_TENANT.id, tenant_name: OTHER_TENANT.name };

/** A busy workspace: 40 runs over five tenants, every state (the meta default). */
export const BusyWorkspace: Story = {
  name: 'Busy workspace',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toHaveLength(10);
    await expect(count(el, 'likely-stale')).toMatch(/^\d+ likely stale$/);
    await expect(count(el, 'tenants')).toMatch(/^\d+ tenants? affected$/);
  },
};

export const Fresh: Story = {
  parameters: rows([freshRunning(), freshQueued({ ...otherTenant }), workspaceRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('3 active operations, all on track');
    await expect(count(el, 'fresh')).toBe('3 on track');
    // A tenantless run is labelled "Workspace".
    await expect(textOf(el)).toContain(en['run.workspace']);
  },
};

export const PastExpected: Story = {
  name: 'Past expected',
  parameters: rows([pastExpectedRunning(), pastExpectedQueued({ ...otherTenant }), freshRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('2 of 3 active operations past expected');
    await expect(count(el, 'past-expected')).toBe('2 past expected');
    await expect(count(el, 'tenants')).toBe('2 tenants affected');
  },
};

export const LikelyStale: Story = {
  name: 'Likely stale (deadline and heartbeat)',
  parameters: rows([staleRunning(), staleByHeartbeat({ ...otherTenant })]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('All 2 active operations likely stale');
    await expect(badgeTexts(el)).toEqual(['Likely stale', 'Likely stale']);
    const link = el.shadowRoot!.querySelector('[data-count="likely-stale"] a');
    await expect(link?.getAttribute('href')).toContain('freshness=likely_stale');
  },
};

/**
 * Every count of runs is exact (the summary endpoint) and a link to exactly its set in the
 * operations list; "unknown" (no list filter selects it) and tenants affected (not rows) are not.
 */
export const CountsAsLinks: Story = {
  name: 'Counts as links',
  parameters: rows([
    staleRunning(),
    pastExpectedRunning({ ...otherTenant }),
    freshRunning(),
    failedRun({ ...otherTenant }),
    reconciledFailed(),
    succeededRun(),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const list = `#/operations?workspace=${STORY_WORKSPACE}`;
    const since = 'completed_since=2026-11-28T12:00:00.000Z';
    const links = Object.fromEntries(
      [...el.shadowRoot!.querySelectorAll('[data-count]')].map((li) => [
        li.getAttribute('data-count'),
        [
          count(el, li.getAttribute('data-count') ?? ''),
          li.querySelector('a')?.getAttribute('href') ?? null,
        ],
      ]),
    );
    await expect(links).toEqual({
      'likely-stale': ['1 likely stale', `${list}&freshness=likely_stale`],
      'past-expected': ['1 past expected', `${list}&freshness=past_expected`],
      'follow-up': [
        '2 need follow-up in the last 24 h',
        `${list}&problem=terminal_follow_up&${since}`,
      ],
      fresh: ['1 on track', `${list}&freshness=fresh`],
      'needs-attention': [
        '4 need attention',
        `${list}&problem=needs_attention&${since}&sort=attention`,
      ],
      tenants: ['2 tenants affected', null],
    });
  },
};

export const ReconciledFailed: Story = {
  name: 'Reconciled failed',
  parameters: rows([reconciledFailed()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Reconciled failed']);
    await expect(count(el, 'follow-up')).toContain('1');
  },
};

export const TerminalOutcomes: Story = {
  name: 'Terminal outcomes',
  parameters: rows([
    shiftRun(succeededRun(), -1 * MINUTE),
    shiftRun(partiallySucceededRun(), -2 * MINUTE),
    shiftRun(failedRun({ ...otherTenant }), -3 * MINUTE),
    shiftRun(blockedRun(), -4 * MINUTE),
    shiftRun(cancelledRun(), -5 * MINUTE),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual([
      'Succeeded',
      'Partially succeeded',
      'Failed',
      'Blocked',
      'Cancelled',
    ]);
    await expect(count(el, 'follow-up')).toContain('3');
    await expect(count(el, 'tenants')).toBe('2 tenants affected');
  },
};

export const Mixed: Story = {
  name: 'Mixed (1 stale of 3)',
  parameters: rows([freshRunning(), staleRunning({ ...otherTenant }), pastExpectedRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('1 of 3 active operations likely stale');
    await expect(count(el, 'likely-stale')).toBe('1 likely stale');
  },
};

export const Escalation: Story = {
  name: 'Escalation as time passes',
  // Time alone, no refresh: the fixture backend's truth is each row's stored state, which does
  // not follow the story's clock (a real backend's next summary would say the same as the card).
  args: { 'poll-interval': 0 },
  parameters: rows([freshRunning(), freshQueued({ ...otherTenant })]),
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['headline.all_fresh']({ active: 2, followUp: 0 }));
    advanceClock(context, 16);
    await waitFor(() => expect(count(el, 'likely-stale')).toBe('1 likely stale'));
    await expect(count(el, 'past-expected')).toBe('1 past expected');
  },
};

/** `limit="3"`: three rows of a longer history. */
export const Limit: Story = {
  name: 'limit="3"',
  args: { limit: 3 },
  parameters: rows([
    freshRunning(),
    freshQueued(),
    wireRun({
      id: 'run_older',
      created_at: new Date(Date.parse(freshRunning().created_at) - MINUTE).toISOString(),
    }),
    succeededRun(),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toHaveLength(3);
  },
};

export const Empty: Story = {
  parameters: rows([]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['recent.summary_calm']);
    await expect(textOf(el)).toContain(en['recent.empty']);
  },
};

export const Loading: Story = loadingStory(TAG);
export const ErrorOffline: Story = { name: 'Error: offline', ...errorStory(TAG, 'offline') };
export const ErrorUnauthorized: Story = { name: 'Error: 401', ...errorStory(TAG, 'unauthorized') };
export const ErrorNotFound: Story = { name: 'Error: 404', ...errorStory(TAG, 'notFound') };
export const ErrorRateLimited: Story = { name: 'Error: 429', ...errorStory(TAG, 'rateLimited') };
export const ErrorServer: Story = { name: 'Error: 500', ...errorStory(TAG, 'serverError') };
export const ErrorNonJson: Story = { name: 'Error: non-JSON', ...errorStory(TAG, 'nonJson') };

export const Outdated: Story = {
  name: 'Outdated (data as of …)',
  ...outdatedStory(TAG, serve([freshRunning(), pastExpectedRunning(), succeededRun()])),
};

export const UnknownStatus: Story = {
  name: 'Unknown status',
  ...unknownStatusStory(TAG, serve([unknownStatusRun(), freshRunning()])),
};

export const MalformedRows: Story = {
  name: 'Malformed rows',
  // The recent list's four broken rows (the summary holds figures, not rows).
  ...malformedRowsStory(TAG, serve([freshRunning(), staleRunning(), ...malformedRows()])),
};

export const XssStrings: Story = {
  name: 'XSS strings',
  ...xssStory(TAG, serve([xssRun()]), [XSS_STRINGS[0], XSS_STRINGS[2]]),
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  tags: ['dark-scheme'],
  ...darkStory(TAG, serve(manyRuns(40, 2))),
};

export const German: Story = {
  name: 'German (locale="de")',
  args: { locale: 'de' },
  parameters: rows([staleRunning(), pastExpectedRunning({ ...otherTenant }), workspaceRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const de = catalogs.de;
    await expect(textOf(el)).toContain(de['recent.title']);
    await expect(textOf(el)).toContain(de['run.workspace']);
    await expect(count(el, 'likely-stale')).toBe(de['recent.count_likely_stale']({ count: 1 }));
  },
};
