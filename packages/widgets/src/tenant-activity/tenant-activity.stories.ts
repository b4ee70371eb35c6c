import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  FIXTURE_TENANT,
  MINUTE,
  blockedRun,
  cancelledRun,
  crossTenantRuns,
  failedRun,
  freshQueued,
  freshRunning,
  malformedRows,
  partiallySucceededRun,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  shiftRun,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownStatusRun,
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
  xssStory,
} from '../../../../.storybook/support/states.js';
import {
  catalogs,
  elementIn,
  inShadow,
  settled,
  textOf,
} from '../../../../.storybook/support/play.js';
import './tenant-activity.define.js';
import type { TenantActivity } from './tenant-activity.js';

const TAG = 'tenant-activity';
const en = catalogs.en;

interface Args {
  workspace: string;
  tenant: string;
  'poll-interval'?: number;
  locale?: string;
  minutesElapsed?: number;
}

const meta: Meta<Args> = {
  title: 'Elements/tenant-activity',
  component: TAG,
  args: { workspace: STORY_WORKSPACE, tenant: FIXTURE_TENANT.id, 'poll-interval': 30 },
  parameters: {
    runsight: backend(serve([freshRunning(), staleRunning(), succeededRun()])).runsight,
    docs: {
      description: {
        component:
          'Every story runs the real element, api-client and active-state against MSW fixtures on a frozen clock (2026-11-29 12:00 UTC). Move **minutes elapsed** to watch runs escalate.',
      },
    },
  },
  render: (args, context) => html`
    <tenant-activity
      workspace=${args.workspace}
      tenant=${args.tenant}
      poll-interval=${ifDefined(args['poll-interval'])}
      locale=${ifDefined(args.locale)}
      .client=${storyClient(context)}
      style="max-width: 40rem"
    ></tenant-activity>
  `,
};
export default meta;
type Story = StoryObj<Args>;

const rows = (runs: unknown[]): Story['parameters'] => backend(serve(runs));

/** Badge texts of one list of the card: `attention` or `recent`. */
function listBadges(el: TenantActivity, list: 'attention' | 'recent'): string[] {
  const ul = el.shadowRoot?.querySelector(`ul[aria-labelledby="${list}"]`);
  return [...(ul?.querySelectorAll('[part~="badge"]') ?? [])].map((b) =>
    (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

/** "value label" of one key figure. */
function kpi(el: TenantActivity, name: string): string {
  const node = el.shadowRoot?.querySelector(`[data-kpi="${name}"]`);
  const part = (cls: string) => (node?.querySelector(cls)?.textContent ?? '').trim();
  return `${part('.kpi-value')} ${part('.kpi-label')}`;
}

export const Fresh: Story = {
  parameters: rows([freshRunning(), freshQueued(), succeededRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('2 active operations, all on track');
    await expect(textOf(el)).toContain(en['activity.attention_empty']);
    await expect(listBadges(el, 'recent')).toEqual(['Queued', 'Running', 'Succeeded']);
    await expect(kpi(el, 'active')).toBe('2 Active');
  },
};

export const PastExpected: Story = {
  name: 'Past expected',
  parameters: rows([pastExpectedRunning(), pastExpectedQueued(), freshRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('2 of 3 active operations past expected');
    await expect(listBadges(el, 'attention')).toEqual(['Past expected', 'Past expected']);
    await expect(kpi(el, 'past-expected')).toBe('2 Past expected');
  },
};

export const LikelyStale: Story = {
  name: 'Likely stale (deadline and heartbeat)',
  parameters: rows([staleRunning(), staleByHeartbeat()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('All 2 active operations likely stale');
    await expect(listBadges(el, 'attention')).toEqual(['Likely stale', 'Likely stale']);
    await expect(textOf(el)).toContain(en['guidance.likely_stale']);
    // The likely-stale figure drills through to the list filtered to it.
    const link = el.shadowRoot!.querySelector('[data-kpi="likely-stale"] a');
    await expect(link?.getAttribute('href')).toContain('freshness=likely_stale');
    await expect(link?.getAttribute('href')).toContain(`tenant=${FIXTURE_TENANT.id}`);
  },
};

export const ReconciledFailed: Story = {
  name: 'Reconciled failed',
  parameters: rows([reconciledFailed(), freshRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(listBadges(el, 'attention')).toEqual(['Reconciled failed']);
    await expect(textOf(el)).toContain(en['guidance.reconciled_failed']);
    await expect(kpi(el, 'follow-up')).toContain('1');
  },
};

/** Every terminal outcome in the recent list; three of them need follow-up. */
export const TerminalOutcomes: Story = {
  name: 'Terminal outcomes',
  parameters: rows([
    shiftRun(succeededRun(), -1 * MINUTE),
    shiftRun(partiallySucceededRun(), -2 * MINUTE),
    shiftRun(failedRun(), -3 * MINUTE),
    shiftRun(blockedRun(), -4 * MINUTE),
    shiftRun(cancelledRun(), -5 * MINUTE),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(listBadges(el, 'recent')).toEqual([
      'Succeeded',
      'Partially succeeded',
      'Failed',
      'Blocked',
      'Cancelled',
    ]);
    await expect(kpi(el, 'follow-up')).toBe(`3 ${en['activity.kpi_follow_up']}`);
    await expect(textOf(el)).toContain(en['guidance.terminal_follow_up']);
  },
};

export const Mixed: Story = {
  name: 'Mixed (1 stale of 3)',
  parameters: rows([freshRunning(), staleRunning(), pastExpectedRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('1 of 3 active operations likely stale');
    await expect(listBadges(el, 'attention')).toEqual(['Likely stale', 'Past expected']);
  },
};

export const Escalation: Story = {
  name: 'Escalation as time passes',
  // Time alone, no refresh: the fixture backend's truth is each row's stored state, which does
  // not follow the story's clock (a real backend's next summary would say the same as the card).
  args: { 'poll-interval': 0 },
  parameters: rows([freshRunning()]),
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('1 active operation, on track');
    advanceClock(context, 5);
    await waitFor(() => expect(textOf(el)).toContain('1 active operation past expected'));
    advanceClock(context, 50);
    await waitFor(() => expect(textOf(el)).toContain('1 active operation likely stale'));
    await expect(listBadges(el, 'attention')).toEqual(['Likely stale']);
  },
};

/** More than five runs need attention: the rest behind "+N more". */
export const AttentionOverflow: Story = {
  name: 'Needs attention: +N more',
  parameters: rows([
    staleRunning(),
    staleByHeartbeat(),
    pastExpectedRunning(),
    pastExpectedQueued(),
    reconciledFailed(),
    failedRun(),
    blockedRun(),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(listBadges(el, 'attention')).toHaveLength(5);
    // "+N more" = needs attention (the summary's 7) minus the 5 shown; its link opens exactly
    // those 7, needs attention first.
    const more = inShadow(el).getByRole('link', { name: /^\+2 more/ });
    await expect(more.getAttribute('href')).toBe(
      `#/operations?workspace=${STORY_WORKSPACE}&tenant=${FIXTURE_TENANT.id}` +
        '&problem=needs_attention&completed_since=2026-11-28T12:00:00.000Z&sort=attention',
    );
  },
};

/**
 * Every figure is exact (the summary endpoint) and a link to exactly its set in the operations
 * list: the list opened shows that many rows.
 */
export const FiguresAsLinks: Story = {
  name: 'Figures as links',
  parameters: rows([
    freshRunning(),
    staleRunning(),
    pastExpectedRunning(),
    pastExpectedQueued(),
    reconciledFailed(),
    failedRun(),
    blockedRun(),
    partiallySucceededRun(),
    succeededRun(),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const list = `#/operations?workspace=${STORY_WORKSPACE}&tenant=${FIXTURE_TENANT.id}`;
    const since = 'completed_since=2026-11-28T12:00:00.000Z';
    const links = Object.fromEntries(
      [...el.shadowRoot!.querySelectorAll('[data-kpi]')].map((li) => [
        li.getAttribute('data-kpi'),
        [kpi(el, li.getAttribute('data-kpi') ?? ''), li.querySelector('a')?.getAttribute('href')],
      ]),
    );
    await expect(links).toEqual({
      active: [`4 ${en['activity.kpi_active']}`, `${list}&status=active`],
      'past-expected': [`2 ${en['activity.kpi_past_expected']}`, `${list}&freshness=past_expected`],
      'likely-stale': [`1 ${en['activity.kpi_likely_stale']}`, `${list}&freshness=likely_stale`],
      'follow-up': [
        `4 ${en['activity.kpi_follow_up']}`,
        `${list}&problem=terminal_follow_up&${since}`,
      ],
    });
    const more = inShadow(el).getByRole('link', { name: /^\+2 more/ });
    await expect(more.getAttribute('href')).toBe(
      `${list}&problem=needs_attention&${since}&sort=attention`,
    );
  },
};

export const Empty: Story = {
  parameters: rows([]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['headline.none_active']({ followUp: 0 }));
    await expect(textOf(el)).toContain(en['activity.recent_empty']);
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
  parameters: rows([unknownStatusRun(), freshRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(listBadges(el, 'recent')).toContain('Unknown');
    await expect(textOf(el)).toContain(en['guidance.unknown']);
  },
};

export const MalformedRows: Story = {
  name: 'Malformed rows',
  // Both lists (needs attention and recent) get the same four broken rows: counted once.
  ...malformedRowsStory(TAG, serve([freshRunning(), staleRunning(), ...malformedRows()])),
};

export const TenantIsolation: Story = {
  name: 'Tenant isolation (faulty backend)',
  parameters: backend(serve([freshRunning(), ...crossTenantRuns()], { ignoreTenantFilter: true })),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(listBadges(el, 'recent')).toEqual(['Running']);
    await expect(textOf(el)).not.toContain('Fabrikam');
    // A backend that returns other tenants' rows is not trusted with figures either.
    await expect(el.shadowRoot!.querySelector('[part~="kpi"]')).toBeNull();
    await expect(el.shadowRoot!.querySelector('[part~="headline"]')).toBeNull();
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
  ...darkStory(TAG, serve([staleRunning(), pastExpectedRunning(), freshRunning(), failedRun()])),
};

export const German: Story = {
  name: 'German (locale="de")',
  args: { locale: 'de' },
  parameters: rows([staleRunning(), pastExpectedRunning(), freshRunning(), failedRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const de = catalogs.de;
    await expect(textOf(el)).toContain(de['activity.title']);
    await expect(listBadges(el, 'attention')).toEqual([
      de['badge.likely_stale'],
      de['badge.past_expected'],
      de['badge.failed'],
    ]);
  },
};
