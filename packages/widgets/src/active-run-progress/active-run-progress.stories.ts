import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  FIXTURE_TENANT,
  crossTenantRuns,
  freshQueued,
  freshRunning,
  malformedRows,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  runDetail,
  staleByHeartbeat,
  staleQueued,
  staleRunning,
  succeededRun,
  unknownFreshnessRun,
  unknownStatusRun,
  wireRun,
  xssRun,
} from '@runsight/api-client/fixtures';
import { expect, waitFor } from 'storybook/test';
import {
  STORY_WORKSPACE,
  advanceClock,
  serve,
  serveIgnoring,
  storyClient,
} from '../../../../.storybook/support/story-kit.js';
import {
  backend,
  darkStory,
  errorStory,
  loadingStory,
  malformedRowsStory,
  outdatedStory,
  xssStory,
} from '../../../../.storybook/support/states.js';
import {
  badgeTexts,
  catalogs,
  elementIn,
  inShadow,
  settled,
  textOf,
} from '../../../../.storybook/support/play.js';
import './active-run-progress.define.js';

const TAG = 'active-run-progress';
const en = catalogs.en;

interface Args {
  workspace: string;
  tenant: string;
  'max-visible'?: number;
  'show-empty'?: boolean;
  'poll-interval'?: number;
  locale?: string;
  minutesElapsed?: number;
}

const meta: Meta<Args> = {
  title: 'Elements/active-run-progress',
  component: TAG,
  args: {
    workspace: STORY_WORKSPACE,
    tenant: FIXTURE_TENANT.id,
    'max-visible': 3,
    'show-empty': false,
    'poll-interval': 30,
  },
  parameters: {
    runsight: backend(serve([freshRunning(), freshQueued()])).runsight,
    docs: {
      description: {
        component:
          'Every story runs the real element, api-client and active-state against MSW fixtures on a frozen clock (2026-11-29 12:00 UTC). Move **minutes elapsed** to watch runs escalate.',
      },
    },
  },
  render: (args, context) => html`
    <active-run-progress
      workspace=${args.workspace}
      tenant=${args.tenant}
      max-visible=${ifDefined(args['max-visible'])}
      ?show-empty=${args['show-empty']}
      poll-interval=${ifDefined(args['poll-interval'])}
      locale=${ifDefined(args.locale)}
      .client=${storyClient(context)}
    ></active-run-progress>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Shorthand: a story served by these fixture rows. */
const rows = (runs: unknown[] | (() => unknown[])): Story['parameters'] => backend(serve(runs));

export const Fresh: Story = {
  parameters: rows([freshRunning(), freshQueued()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    // Attention order, oldest first within a group: the run started 5 min ago, then the queued one.
    await expect(badgeTexts(el)).toEqual(['Running', 'Queued']);
    await expect(textOf(el)).toContain('2 active operations, all on track');
    const bar = inShadow(el).getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuenow', '40');
    await expect(bar).toHaveAttribute('aria-valuemax', '120');
  },
};

export const PastExpected: Story = {
  name: 'Past expected',
  parameters: rows([pastExpectedRunning(), pastExpectedQueued()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Past expected', 'Past expected']);
    await expect(textOf(el)).toContain(en['guidance.past_expected_running']);
    await expect(textOf(el)).not.toContain('Likely stale');
  },
};

export const LikelyStaleDeadline: Story = {
  name: 'Likely stale (deadline)',
  parameters: rows([staleRunning(), staleQueued()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale', 'Likely stale']);
    await expect(textOf(el)).toContain('All 2 active operations likely stale');
    await expect(textOf(el)).toContain(en['guidance.likely_stale']);
    // Stale work is never shown as ordinary progress.
    await expect(inShadow(el).queryAllByRole('progressbar')).toHaveLength(0);
  },
};

export const LikelyStaleHeartbeat: Story = {
  name: 'Likely stale (heartbeat)',
  parameters: rows([staleByHeartbeat()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale']);
    await expect(textOf(el)).toContain('last heartbeat 5 minutes ago');
  },
};

export const Mixed: Story = {
  name: 'Mixed (1 stale of 3)',
  parameters: rows([freshRunning(), staleRunning(), pastExpectedRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('1 of 3 active operations likely stale');
    // Attention order: likely stale, past expected, then the healthy run.
    await expect(badgeTexts(el)).toEqual(['Likely stale', 'Past expected', 'Running']);
  },
};

/**
 * The story clock at work: a fresh run (started 5 min ago, expected within 10, stale after 60)
 * escalates as time moves — Running → Past expected → Likely stale — with no new data.
 */
export const Escalation: Story = {
  name: 'Escalation as time passes',
  parameters: rows([freshRunning()]),
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Running']);
    advanceClock(context, 5);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Past expected']));
    advanceClock(context, 50);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Likely stale']));
    await expect(textOf(el)).toContain(en['guidance.likely_stale']);
  },
};

/** More active runs than `max-visible`: the rest behind "+N more" (a link to the list). */
export const MoreThanMaxVisible: Story = {
  name: 'More than max-visible',
  parameters: rows([
    staleRunning(),
    pastExpectedRunning(),
    freshRunning(),
    freshQueued(),
    wireRun({
      id: 'run_extra_1',
      progress: { total: null, processed: 7, succeeded: 7, failed: 0 },
    }),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toHaveLength(3);
    const more = inShadow(el).getByRole('link', { name: en['progress.more_label']({ count: 2 }) });
    await expect(more).toHaveTextContent('+2 more');
    await expect(more.getAttribute('href')).toContain('status=active');
  },
};

export const IndeterminateProgress: Story = {
  name: 'Indeterminate progress (total unknown)',
  parameters: rows([
    wireRun({
      id: 'run_indeterminate',
      progress: { total: null, processed: 1234, succeeded: 1230, failed: 4 },
    }),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const bar = inShadow(el).getByRole('progressbar');
    await expect(bar).not.toHaveAttribute('aria-valuenow');
    await expect(bar).toHaveAttribute('aria-valuetext', '1,234 processed, total unknown');
  },
};

/**
 * A run that finishes leaves the card and fires `runsight-run-finished`: the backend reports it
 * reconciled failed on the next poll (1 s here).
 */
export const RunFinishes: Story = {
  name: 'Run finishes (leaves the card)',
  args: { 'poll-interval': 1 },
  parameters: backend((api) => {
    const stale = staleRunning();
    const reconciled = runDetail(reconciledFailed({ id: stale.id, type_label: stale.type_label }));
    let polls = 0;
    return serve(() => (polls++ === 0 ? [stale, freshRunning()] : [freshRunning()]), {
      detail: { [stale.id]: reconciled },
    })(api);
  }),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    const finished: string[] = [];
    el.addEventListener('runsight-run-finished', (e) => {
      finished.push(`${e.detail.run.id}: ${e.detail.run.outcome}`);
    });
    await settled(el);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Running']), { timeout: 5000 });
    await waitFor(() => expect(finished).toEqual(['run_stale_running: failed']), { timeout: 5000 });
  },
};

/** No active runs: by default the element renders nothing at all. */
export const EmptyRendersNothing: Story = {
  name: 'Empty (renders nothing)',
  parameters: rows([succeededRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await waitFor(() => expect(el).toHaveAttribute('data-empty'));
    await expect(el.shadowRoot?.querySelector('[part~="card"]')).toBeNull();
  },
};

export const EmptyWithShowEmpty: Story = {
  name: 'Empty (show-empty)',
  args: { 'show-empty': true },
  parameters: rows([]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['progress.empty']);
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
  ...outdatedStory(TAG, serve([freshRunning(), pastExpectedRunning()])),
};

/**
 * A newer backend counts a status this version does not know ("paused") as active: the run is
 * shown as Unknown with its guidance, never as healthy progress.
 */
export const UnknownStatus: Story = {
  name: 'Unknown status',
  parameters: backend(
    serveIgnoring(['status'], [unknownStatusRun(), unknownFreshnessRun(), freshQueued()]),
  ),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toContain('Unknown');
    await expect(textOf(el)).toContain(en['guidance.unknown']);
  },
};

export const MalformedRows: Story = {
  name: 'Malformed rows',
  ...malformedRowsStory(TAG, serve([freshRunning(), staleRunning(), ...malformedRows()])),
};

/** A faulty backend also returns another tenant's runs: the element shows only its tenant's. */
export const TenantIsolation: Story = {
  name: 'Tenant isolation (faulty backend)',
  parameters: backend(serve([freshRunning(), ...crossTenantRuns()], { ignoreTenantFilter: true })),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Running']);
    await expect(textOf(el)).not.toContain('Fabrikam');
    // The client leaves the other tenant's rows out and the element says how many.
    const notice = el.shadowRoot!.querySelector('[data-state="out-of-scope"]');
    await expect(notice).toHaveTextContent(en['state.out_of_scope_rows']({ count: 2 }));
  },
};

export const XssStrings: Story = {
  name: 'XSS strings',
  ...xssStory(TAG, serve([xssRun()])),
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  tags: ['dark-scheme'],
  ...darkStory(TAG, serve([staleRunning(), pastExpectedRunning(), freshRunning()])),
};

export const German: Story = {
  name: 'German (locale="de")',
  args: { locale: 'de' },
  parameters: {
    ...rows([staleRunning(), pastExpectedRunning(), freshRunning(), wireRun({ id: 'run_de_4' })]),
  },
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const de = catalogs.de;
    await expect(badgeTexts(el)).toEqual([
      de['badge.likely_stale'],
      de['badge.past_expected'],
      de['badge.running'],
    ]);
    await expect(textOf(el)).toContain(de['progress.title']);
  },
};
