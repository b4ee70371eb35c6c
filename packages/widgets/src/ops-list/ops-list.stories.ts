import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { OperationRun } from '@runsight/active-state';
import { parseRuns } from '@runsight/api-client';
import {
  FIXTURE_TENANT,
  SECOND,
  blockedRun,
  cancelledRun,
  crossTenantRuns,
  failedRun,
  freshQueued,
  freshRunning,
  isoAt,
  malformedRows,
  manyRuns,
  partiallySucceededRun,
  pastExpectedQueued,
  pastExpectedRunning,
  reconciledFailed,
  staleByHeartbeat,
  staleRunning,
  succeededRun,
  unknownOutcomeRun,
  unknownStatusRun,
  workspaceRun,
  xssRun,
} from '@runsight/api-client/fixtures';
import { expect, userEvent, waitFor } from 'storybook/test';
import {
  STORY_WORKSPACE,
  advanceClock,
  serve,
  storyClient,
  worldOf,
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
  inShadow,
  settled,
  textOf,
} from '../../../../.storybook/support/play.js';
import './ops-list.define.js';
import type { OpsList } from './ops-list.js';

const TAG = 'ops-list';
const en = catalogs.en;

/** A day of 40 runs over five tenants with every freshness and outcome (seed 2). */
const MIXED_DAY = manyRuns(40, 2);

interface Args {
  workspace: string;
  tenant?: string;
  status?: string;
  freshness?: string;
  problem?: string;
  'completed-since'?: string;
  type?: string;
  sort?: string;
  'page-size'?: number;
  'sync-url'?: boolean;
  'poll-interval'?: number;
  locale?: string;
  minutesElapsed?: number;
}

const meta: Meta<Args> = {
  title: 'Elements/ops-list',
  component: TAG,
  args: { workspace: STORY_WORKSPACE, 'page-size': 50, 'sync-url': false, 'poll-interval': 30 },
  parameters: {
    runsight: backend(serve(MIXED_DAY)).runsight,
    docs: {
      description: {
        component:
          'Every story runs the real element, api-client and active-state against MSW fixtures on a frozen clock (2026-11-29 12:00 UTC). Move **minutes elapsed** to watch runs escalate. "10,000 runs" uses the `runs` property (static rows mapped by the real api-client) — the virtualised table at scale.',
      },
    },
  },
  render: (args, context) => {
    const loaded = context.loaded as { runs?: readonly OperationRun[] };
    return html`
      <ops-list
        workspace=${args.workspace}
        tenant=${ifDefined(args.tenant)}
        status=${ifDefined(args.status)}
        freshness=${ifDefined(args.freshness)}
        problem=${ifDefined(args.problem)}
        completed-since=${ifDefined(args['completed-since'])}
        type=${ifDefined(args.type)}
        sort=${ifDefined(args.sort)}
        page-size=${ifDefined(args['page-size'])}
        ?sync-url=${args['sync-url']}
        poll-interval=${ifDefined(args['poll-interval'])}
        locale=${ifDefined(args.locale)}
        .client=${storyClient(context)}
        .runs=${loaded.runs}
      ></ops-list>
    `;
  },
};
export default meta;
type Story = StoryObj<Args>;

const rows = (runs: unknown[]): Story['parameters'] => backend(serve(runs));

const rowIds = (el: OpsList): string[] =>
  [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.tbody [role="row"]') ?? [])].map(
    (r) => r.dataset.runId ?? '',
  );

const selectIn = (el: OpsList, id: string): HTMLSelectElement => {
  const s = el.shadowRoot?.querySelector<HTMLSelectElement>(`#${id}`);
  if (!s) throw new Error(`no select #${id}`);
  return s;
};

/** A mixed day: 40 runs over 24 h, five tenants, every state. */
export const Mixed: Story = {
  name: 'Mixed (40 runs, every state)',
  parameters: rows(MIXED_DAY),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('40 operations');
    await expect(inShadow(el).getByRole('table', { name: en['list.title'] })).toHaveAttribute(
      'aria-rowcount',
      '41',
    );
  },
};

/**
 * The "Needs attention" view: what a card's "+N more" opens (`problem=needs_attention`,
 * follow-up since the card's 24 h boundary, needs attention first): likely stale, past expected,
 * then follow-up by severity; calm runs and follow-up older than the window are not in it.
 */
export const NeedsAttentionView: Story = {
  name: 'Needs attention view',
  args: {
    problem: 'needs_attention',
    'completed-since': '2026-11-28T12:00:00Z',
    sort: 'attention',
  },
  parameters: rows([
    freshRunning(),
    staleRunning(),
    staleByHeartbeat(),
    pastExpectedQueued(),
    reconciledFailed(),
    failedRun(),
    failedRun({
      id: 'run_failed_old',
      created_at: isoAt(-31 * 60 * 60 * SECOND),
      started_at: isoAt(-31 * 60 * 60 * SECOND),
      completed_at: isoAt(-30 * 60 * 60 * SECOND),
    }),
    blockedRun(),
    succeededRun(),
  ]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual([
      'Likely stale',
      'Likely stale',
      'Past expected',
      'Reconciled failed',
      'Failed',
      'Blocked',
    ]);
    await expect(rowIds(el)).not.toContain('run_failed_old');
    await expect(selectIn(el, 'f-problem').value).toBe('needs_attention');
    await expect(selectIn(el, 'f-sort').value).toBe('attention');
    await expect(selectIn(el, 'f-since').value).toBe('2026-11-28T12:00:00.000Z');
    // "Needs follow-up": the finished runs with problems of the same window.
    await userEvent.selectOptions(selectIn(el, 'f-problem'), 'terminal_follow_up');
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Reconciled failed', 'Failed', 'Blocked']));
  },
};

export const Fresh: Story = {
  parameters: rows([freshRunning(), freshQueued()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Queued', 'Running']);
  },
};

export const PastExpected: Story = {
  name: 'Past expected',
  parameters: rows([pastExpectedRunning(), pastExpectedQueued()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Past expected', 'Past expected']);
  },
};

export const LikelyStale: Story = {
  name: 'Likely stale (deadline and heartbeat)',
  parameters: rows([staleRunning(), staleByHeartbeat()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale', 'Likely stale']);
    // Stale rows keep their counts but are never called healthy.
    await expect(textOf(el)).not.toContain('Running');
  },
};

export const ReconciledFailed: Story = {
  name: 'Reconciled failed',
  parameters: rows([reconciledFailed()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Reconciled failed']);
  },
};

/** One row per terminal outcome, plus an outcome this version does not know. */
export const TerminalOutcomes: Story = {
  name: 'Terminal outcomes',
  parameters: rows([
    succeededRun({ created_at: isoAt(-61 * 60 * SECOND) }),
    partiallySucceededRun({ created_at: isoAt(-62 * 60 * SECOND) }),
    failedRun({ created_at: isoAt(-63 * 60 * SECOND) }),
    blockedRun({ created_at: isoAt(-64 * 60 * SECOND) }),
    cancelledRun({ created_at: isoAt(-65 * 60 * SECOND) }),
    unknownOutcomeRun({ created_at: isoAt(-66 * 60 * SECOND) }),
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
      'Completed',
    ]);
  },
};

export const MixedOneStaleOfThree: Story = {
  name: 'Mixed (1 stale of 3)',
  args: { sort: 'attention' },
  parameters: rows([freshRunning(), staleRunning(), pastExpectedRunning()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(badgeTexts(el)).toEqual(['Likely stale', 'Past expected', 'Running']);
  },
};

export const Escalation: Story = {
  name: 'Escalation as time passes',
  parameters: rows([freshRunning(), freshQueued()]),
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    const requests = worldOf(context).log.count();
    advanceClock(context, 16);
    await waitFor(() => expect(badgeTexts(el)).toEqual(['Likely stale', 'Past expected']));
    // Derived on the moved clock: no request was needed.
    await expect(worldOf(context).log.count()).toBe(requests);
  },
};

export const Empty: Story = {
  parameters: rows([]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['list.empty']);
  },
};

export const EmptyActive: Story = {
  name: 'Empty (active filter)',
  args: { status: 'active' },
  parameters: rows([succeededRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain(en['list.empty_active']);
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
  ...malformedRowsStory(TAG, serve([freshRunning(), staleRunning(), ...malformedRows()])),
};

export const XssStrings: Story = {
  name: 'XSS strings',
  ...xssStory(TAG, serve([xssRun()])),
};

/**
 * 10,000 runs through the `runs` property (mapped by the real api-client's `parseRuns`): the
 * table stays virtualised — a few dozen rows in the DOM, `aria-rowcount` for all of them.
 */
export const TenThousandRuns: Story = {
  name: '10,000 runs',
  loaders: [async () => ({ runs: parseRuns(manyRuns(10_000)).runs })],
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('10,000 operations');
    const table = inShadow(el).getByRole('table', { name: en['list.title'] });
    await expect(table).toHaveAttribute('aria-rowcount', '10001');
    await expect(rowIds(el).length).toBeLessThanOrEqual(200);
    // Scroll to the middle: the rows there are rendered, still only a window of them.
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 5000 * 48;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() =>
      expect(el.shadowRoot!.querySelector('[role="row"][aria-rowindex="5002"]')).not.toBeNull(),
    );
    await expect(rowIds(el).length).toBeLessThanOrEqual(200);
  },
};

/**
 * The filter bar with `sync-url`: choosing a freshness refetches with that filter and writes it
 * to the page's query string (so a drill-through lands on the same filter and Back works).
 */
export const FilterSyncsUrl: Story = {
  name: 'Filter writes the query string (sync-url)',
  args: { 'sync-url': true },
  parameters: rows(MIXED_DAY),
  beforeEach: () => {
    const clean = () => {
      const params = new URLSearchParams(location.search);
      for (const name of ['status', 'freshness', 'type', 'tenant', 'sort']) params.delete(name);
      history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`);
    };
    clean();
    return clean;
  },
  play: async (context) => {
    const el = await elementIn(context.canvasElement, TAG);
    await settled(el);
    await userEvent.selectOptions(selectIn(el, 'f-freshness'), 'likely_stale');
    await waitFor(() =>
      expect(new URLSearchParams(location.search).get('freshness')).toBe('likely_stale'),
    );
    // Storybook's own parameters survive.
    await expect(new URLSearchParams(location.search).get('id')).toBe(context.id);
    // …and the backend is asked for exactly that.
    await waitFor(async () => {
      const last = worldOf(context)
        .log.filter(/operation-runs/)
        .at(-1);
      await expect(last?.url.searchParams.get('freshness')).toBe('likely_stale');
    });
    await waitFor(async () => {
      const badges = badgeTexts(el);
      await expect(badges.length).toBeGreaterThan(0);
      await expect(new Set(badges)).toEqual(new Set(['Likely stale']));
    });
    await userEvent.selectOptions(selectIn(el, 'f-sort'), 'attention');
    await waitFor(() => expect(new URLSearchParams(location.search).get('sort')).toBe('attention'));
  },
};

/** `tenant` fixes the list to one tenant: no tenant filter, other tenants' rows dropped. */
export const FixedTenant: Story = {
  name: 'Fixed tenant (faulty backend)',
  args: { tenant: FIXTURE_TENANT.id },
  parameters: backend(
    serve([freshRunning(), staleRunning(), ...crossTenantRuns()], { ignoreTenantFilter: true }),
  ),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(el.shadowRoot!.querySelector('#f-tenant')).toBeNull();
    await expect(textOf(el)).not.toContain('Fabrikam');
    await expect(rowIds(el).sort()).toEqual(['run_fresh_running', 'run_stale_running']);
    // The client leaves the other tenant's rows out and the element says how many.
    const notice = el.shadowRoot!.querySelector('[data-state="out-of-scope"]');
    await expect(notice).toHaveTextContent(en['state.out_of_scope_rows']({ count: 2 }));
  },
};

/** Cursor pagination: 120 runs, pages of 50, "Load more" appends the next page. */
export const LoadMore: Story = {
  name: 'Paged (Load more)',
  parameters: rows(manyRuns(120, 3)),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await expect(textOf(el)).toContain('50 operations shown, more available');
    await userEvent.click(inShadow(el).getByRole('button', { name: en['list.load_more'] }));
    await waitFor(() => expect(textOf(el)).toContain('100 operations shown, more available'));
  },
};

/**
 * Live updates never move rows under the reader: scrolled down, new runs are held back and
 * offered ("Show 2 new operations"); shown on request, at the top.
 */
export const NewRunsWhileScrolled: Story = {
  name: 'New runs while scrolled (held back)',
  parameters: backend((api) => {
    const base = manyRuns(40, 11);
    const arrived = [
      freshQueued({ id: 'run_new_1', created_at: isoAt(0) }),
      freshQueued({ id: 'run_new_2', created_at: isoAt(-SECOND) }),
    ];
    let calls = 0;
    return serve(() => (calls++ === 0 ? base : [...arrived, ...base]))(api);
  }),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 10 * 48;
    scroller.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    await el.refresh();
    const show = await inShadow(el).findByRole('button', {
      name: en['list.show_new']({ count: 2 }),
    });
    await expect(rowIds(el)).not.toContain('run_new_1');
    await userEvent.click(show);
    await waitFor(() => expect(rowIds(el).slice(0, 2)).toEqual(['run_new_1', 'run_new_2']));
  },
};

/** Pause stops live updates (WCAG 2.2.2); states still change on time. */
export const Paused: Story = {
  name: 'Live updates paused',
  parameters: rows([freshRunning(), pastExpectedRunning(), workspaceRun()]),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    await userEvent.click(inShadow(el).getByRole('button', { name: en['list.pause'] }));
    await expect(textOf(el)).toContain(en['list.paused_note']);
    await expect(inShadow(el).getByRole('button', { name: en['list.resume'] })).toBeVisible();
  },
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  tags: ['dark-scheme'],
  ...darkStory(TAG, serve(MIXED_DAY)),
};

export const German: Story = {
  name: 'German (locale="de")',
  args: { locale: 'de', sort: 'attention' },
  parameters: rows(MIXED_DAY),
  play: async ({ canvasElement }) => {
    const el = await elementIn(canvasElement, TAG);
    await settled(el);
    const de = catalogs.de;
    await expect(textOf(el)).toContain(de['list.filter_freshness']);
    await expect(textOf(el)).toContain('40 Vorgänge');
    await expect(badgeTexts(el)).toContain(de['badge.likely_stale']);
  },
};
