import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  FIXTURE_TENANT,
  XSS_STRINGS,
  blockedRun,
  cancelledRun,
  crossTenantRun,
  failedRun,
  freshQueued,
  freshRunning,
  partiallySucceededRun,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  runDetail,
  staleByHeartbeat,
  staleQueued,
  staleRunning,
  succeededRun,
  unknownOutcomeRun,
  unknownStatusRun,
  wireRun,
  xssRunDetail,
  type WireRun,
  type WireRunEvent,
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
  outdatedStory,
  xssStory,
} from '../../../../.storybook/support/states.js';
import {
  badgeTexts,
  catalogs,
  elementIn,
  expectErrorWithRetry,
  inShadow,
  settled,
  textOf,
} from '../../../../.storybook/support/play.js';
import { LIST_ORIGIN_KEY } from '../ops-list/ops-list.js';
import './run-detail.define.js';
import type { RunDetailElement } from './run-detail.js';

const TAG = 'run-detail';
const en = catalogs.en;

interface Args {
  workspace: string;
  'run-id': string;
  tenant?: string;
  'back-href'?: string;
  'poll-interval'?: number;
  locale?: string;
  minutesElapsed?: number;
}

const meta: Meta<Args> = {
  title: 'Elements/run-detail',
  component: TAG,
  args: { workspace: STORY_WORKSPACE, 'run-id': 'run_fresh_running', 'poll-interval': 30 },
  parameters: {
    runsight: backend(serve([freshRunning()])).runsight,
    docs: {
      description: {
        component:
          'Every story runs the real element, api-client and active-state against MSW fixtures on a frozen clock (2026-11-29 12:00 UTC). Move **minutes elapsed** to watch a run escalate.',
      },
    },
  },
  render: (args, context) => html`
    <run-detail
      workspace=${args.workspace}
      run-id=${args['run-id']}
      tenant=${ifDefined(args.tenant)}
      back-href=${ifDefined(args['back-href'])}
      poll-interval=${ifDefined(args['poll-interval'])}
      locale=${ifDefined(args.locale)}
      .client=${storyClient(context)}
      style="max-width: 60rem"
    ></run-detail>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** Args and backend of a story showing one fixture run (served by the detail endpoint). */
function runStory(run: WireRun): Pick<Story, 'args' | 'parameters'> {
  return { args: { 'run-id': run.id }, parameters: backend(serve([run])) };
}

/** The diagnosis banner (`data-state` likely_stale, past_expected or reconciled_failed). */
function banner(el: RunDetailElement, state: string): Element {
  const node = el.shadowRoot?.querySelector(`[data-state="${state}"]`);
  if (!node) throw new Error(`no ${state} banner`);
  return node;
}

export const Fresh: Story = {
  ...runStory(freshRunning()),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Running']);
    await expect(textOf(el)).toContain(en['guidance.fresh_running']);
    await expect(el.shadowRoot!.querySelector('.diagnosis')).toBeNull();
    const bar = inShadow(el).getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuenow', '40');
  },
};

export const FreshQueued: Story = {
  ...runStory(freshQueued()),
  name: 'Fresh (queued)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Queued']);
  },
};

export const PastExpected: Story = {
  ...runStory(pastExpectedRunning()),
  name: 'Past expected',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Past expected']);
    const note = banner(el, 'past_expected');
    await expect(note).toHaveTextContent(en['detail.past_title_running']);
    await expect(note).toHaveTextContent(/No action needed yet/);
  },
};

export const PastExpectedQueued: Story = {
  ...runStory(pastExpectedQueued()),
  name: 'Past expected (queued)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(banner(el, 'past_expected')).toHaveTextContent(en['detail.past_title_queued']);
  },
};

/**
 * The story a reviewer should look at first: a run past its lifecycle window. The badge says
 * "Likely stale" and the banner explains how long, when it was expected, its last heartbeat and
 * what happens next.
 */
export const LikelyStale: Story = {
  ...runStory(staleRunning()),
  name: 'Likely stale (deadline)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale']);
    const stale = banner(el, 'likely_stale');
    await expect(stale).toHaveTextContent(en['detail.stale_title']);
    // Started 2 h ago, stale after 60 min: one hour past its window.
    await expect(stale).toHaveTextContent(
      'It has been past its lifecycle window for 1 hour without finishing.',
    );
    await expect(stale).toHaveTextContent(en['detail.expected_finish']);
    await expect(stale).toHaveTextContent(en['detail.last_heartbeat']);
    await expect(stale).toHaveTextContent(en['detail.stale_next']);
    await expect(
      inShadow(el).getByRole('heading', { name: en['detail.stale_title'] }),
    ).toBeVisible();
  },
};

export const LikelyStaleHeartbeat: Story = {
  ...runStory(staleByHeartbeat()),
  name: 'Likely stale (heartbeat)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale']);
    // Stale through its heartbeat timeout, before its lifecycle window ends.
    await expect(banner(el, 'likely_stale')).toHaveTextContent(en['detail.stale_early']);
  },
};

export const LikelyStaleQueued: Story = {
  ...runStory(staleQueued()),
  name: 'Likely stale (queued, never started)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const stale = banner(el, 'likely_stale');
    await expect(stale).toHaveTextContent(en['detail.expected_start']);
    await expect(stale).toHaveTextContent(en['detail.no_heartbeat']);
  },
};

export const ReconciledFailed: Story = {
  ...runStory(reconciledFailed()),
  name: 'Reconciled failed',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Reconciled failed']);
    const note = banner(el, 'reconciled_failed');
    await expect(note).toHaveTextContent(en['detail.reconciled_title']);
    await expect(note).toHaveTextContent('Exceeded its lifecycle window without finishing.');
    await expect(note).toHaveTextContent(en['detail.reconciled_previous']);
  },
};

const outcome = (run: WireRun, label: string, failure: boolean): Story => ({
  ...runStory(run),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual([label]);
    if (failure) await expect(textOf(el)).toContain(run.failure?.message ?? '');
    else await expect(textOf(el)).not.toContain(en['detail.failure_code']);
  },
});

export const Succeeded: Story = {
  name: 'Terminal: succeeded',
  ...outcome(succeededRun(), 'Succeeded', false),
};
export const PartiallySucceeded: Story = {
  name: 'Terminal: partially succeeded',
  ...outcome(partiallySucceededRun(), 'Partially succeeded', true),
};
export const Failed: Story = { name: 'Terminal: failed', ...outcome(failedRun(), 'Failed', true) };
export const Blocked: Story = {
  name: 'Terminal: blocked',
  ...outcome(blockedRun(), 'Blocked', true),
};
export const Cancelled: Story = {
  name: 'Terminal: cancelled',
  ...outcome(cancelledRun(), 'Cancelled', false),
};

export const UnknownOutcome: Story = {
  ...runStory(unknownOutcomeRun()),
  name: 'Unknown outcome',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Completed']);
  },
};

export const UnknownStatus: Story = {
  ...runStory(unknownStatusRun()),
  name: 'Unknown status',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Unknown']);
    await expect(textOf(el)).toContain('paused');
  },
};

/** The story clock: Running → Past expected → Likely stale, with the banner appearing. */
export const Escalation: Story = {
  ...runStory(freshRunning()),
  name: 'Escalation as time passes',
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Running']);
    advanceClock(context, 5);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Past expected']));
    await expect(banner(el, 'past_expected')).toBeVisible();
    advanceClock(context, 50);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Likely stale']));
    await expect(banner(el, 'likely_stale')).toHaveTextContent(en['detail.stale_title']);
  },
};

export const IndeterminateProgress: Story = {
  ...runStory(
    wireRun({
      id: 'run_indeterminate',
      progress: { total: null, processed: 1234, succeeded: 1230, failed: 4 },
    }),
  ),
  name: 'Indeterminate progress (total unknown)',
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(inShadow(el).getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
  },
};

export const Loading: Story = {
  ...loadingStory(TAG, en['detail.loading']),
};
export const ErrorOffline: Story = { name: 'Error: offline', ...errorStory(TAG, 'offline') };
export const ErrorUnauthorized: Story = { name: 'Error: 401', ...errorStory(TAG, 'unauthorized') };
export const ErrorNotFound: Story = {
  name: 'Error: 404 (not found or no access)',
  ...errorStory(TAG, 'notFound', { message: en['error.not_found_run'] }),
};
export const ErrorRateLimited: Story = { name: 'Error: 429', ...errorStory(TAG, 'rateLimited') };
export const ErrorServer: Story = { name: 'Error: 500', ...errorStory(TAG, 'serverError') };
export const ErrorNonJson: Story = { name: 'Error: non-JSON', ...errorStory(TAG, 'nonJson') };

export const Outdated: Story = {
  name: 'Outdated (data as of …)',
  ...outdatedStory(TAG, serve([pastExpectedRunning()])),
  args: { 'run-id': 'run_past_expected_running', 'poll-interval': 1 },
};

/** A detail whose run breaks the schema (invalid timestamp): an unexpected response. */
export const MalformedRun: Story = {
  name: 'Malformed run (invalid timestamp)',
  args: { 'run-id': 'run_bad_timestamp' },
  parameters: backend(
    serve([], {
      detail: {
        run_bad_timestamp: {
          ...runDetail(freshRunning({ id: 'run_bad_timestamp' })),
          created_at: 'yesterday at noon',
        },
      },
    }),
  ),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await expectErrorWithRetry(el, en['error.invalid_response']);
  },
};

/** `tenant` set: a run of another tenant reads exactly like one that does not exist. */
export const OtherTenant: Story = {
  name: 'Run of another tenant (isolation)',
  args: { 'run-id': 'run_other_tenant', tenant: FIXTURE_TENANT.id },
  parameters: backend(serve([crossTenantRun()])),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await expectErrorWithRetry(el, en['error.not_found_run']);
    await expect(textOf(el)).not.toContain('Fabrikam');
  },
};

export const XssStrings: Story = {
  name: 'XSS strings',
  args: { 'run-id': `run_${XSS_STRINGS[0]}` },
  ...xssStory(TAG, serve([], { detail: () => xssRunDetail() }), [XSS_STRINGS[0], XSS_STRINGS[2]]),
};

/** An unsafe `back-href` (javascript:) is never rendered as a link. */
export const UnsafeBackHref: Story = {
  ...runStory(freshRunning()),
  name: 'Unsafe back-href',
  args: { 'run-id': 'run_fresh_running', 'back-href': 'javascript:alert(1)' },
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(inShadow(el).queryByRole('link', { name: /Back to operations/ })).toBeNull();
    await expect(textOf(el)).toContain(en['detail.back']);
  },
};

/**
 * Opened from a filtered `<ops-list>`: the back link returns to the same filters (the list
 * remembered the run it opened; any other run links back to its default list).
 */
export const BackToFilteredList: Story = {
  ...runStory(staleRunning()),
  name: 'Back link keeps the list filters',
  beforeEach: () => {
    const href = `#/operations?workspace=${STORY_WORKSPACE}&freshness=likely_stale`;
    sessionStorage.setItem(
      LIST_ORIGIN_KEY,
      JSON.stringify({
        runId: staleRunning().id,
        workspace: STORY_WORKSPACE,
        href,
        filters: { workspace: STORY_WORKSPACE, freshness: ['likely_stale'] },
      }),
    );
    return () => sessionStorage.removeItem(LIST_ORIGIN_KEY);
  },
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const back = inShadow(el).getByRole('link', { name: /Back to operations/ });
    await expect(back.getAttribute('href')).toContain('freshness=likely_stale');
  },
};

/** `n` events of a long-running migration, one a minute up to the frozen now, in time order. */
function longHistory(n: number): WireRunEvent[] {
  const now = Date.parse('2026-11-29T12:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const kind = i % 10 === 9 ? 'heartbeat' : i % 97 === 0 ? 'note' : 'progress';
    return {
      at: new Date(now - (n - i) * 60_000).toISOString(),
      kind,
      message:
        kind === 'progress'
          ? `Processed ${(i * 40).toLocaleString('en')} of ${(n * 40).toLocaleString('en')} mailboxes.`
          : kind === 'note'
            ? `Source throttled the batch; retried after 30 s (event ${i + 1}).`
            : `Worker alive (event ${i + 1}).`,
    };
  });
}

/**
 * A run with 10 000 events (a week of one a minute): the newest 50 first, how many earlier ones
 * are hidden, and "Show earlier events" revealing 50 more at a time (focus moves to the first
 * one revealed).
 */
export const LongHistory: Story = {
  name: 'Long history (10 000 events)',
  args: { 'run-id': 'run_long_history' },
  parameters: backend(
    serve([], {
      detail: {
        run_long_history: {
          ...runDetail(
            wireRun({
              id: 'run_long_history',
              type: 'mailbox.migrate',
              type_label: 'Mailbox migration',
            }),
          ),
          events: longHistory(10_000),
        },
      },
    }),
  ),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const events = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.events > li')];
    await expect(events()).toHaveLength(50);
    await expect(events()[0]).toHaveTextContent('Worker alive (event 10000).');
    await expect(textOf(el)).toContain(
      'Showing the newest 50 of 10,000 events. 9,950 earlier events are hidden.',
    );
    const more = inShadow(el).getByRole('button', { name: en['detail.show_earlier'] });
    more.click();
    await waitFor(() => expect(events()).toHaveLength(100));
    await expect(el.shadowRoot!.activeElement).toBe(events()[50]);
    await expect(textOf(el)).toContain('9,900 earlier events are hidden.');
  },
};

/** Events that break the schema are left out and counted, like invalid rows. */
export const UnreadableEvents: Story = {
  name: 'Unreadable events (counted)',
  args: { 'run-id': 'run_bad_events' },
  parameters: backend(
    serve([], {
      detail: {
        run_bad_events: {
          ...runDetail(wireRun({ id: 'run_bad_events' })),
          events: [
            ...longHistory(3),
            { at: 'yesterday at noon', kind: 'note', message: 'no real time' },
            { at: '2026-11-29T11:59:00Z', kind: 7, message: 'a number for a kind' },
          ],
        },
      },
    }),
  ),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('2 events could not be read and are not shown.');
    await expect(textOf(el)).not.toContain('no real time');
  },
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  tags: ['dark-scheme'],
  ...darkStory(TAG, serve([staleRunning()])),
  args: { 'run-id': staleRunning().id },
};

export const German: Story = {
  name: 'German (locale="de")',
  args: { 'run-id': 'run_stale_running', locale: 'de' },
  parameters: backend(serve([staleRunning()])),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const de = catalogs.de;
    await expect(badgeTexts(el)).toEqual([de['badge.likely_stale']]);
    await expect(banner(el, 'likely_stale')).toHaveTextContent(de['detail.stale_title']);
  },
};
