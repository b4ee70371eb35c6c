/**
 * RunsightCard: the base class of the three card elements (<tenant-activity>,
 * <active-run-progress>, <workspace-recent-ops>) on top of RunsightElement: the card shell, the
 * summary headline, compact run rows, the pending body, the card styles and the cards' messages,
 * and the exact figures of the summary endpoint (`createSummaryQuery`, `followUpSince`,
 * `carryFigures`). It is a module of its own so that a page with only <ops-list> or <run-detail>
 * does not load what only the cards use (the standalone bundle puts it in a chunk the cards share).
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  attentionRank,
  deriveActiveState,
  type ActiveState,
  type ActivitySummary,
  type LifecyclePolicies,
  type OperationRun,
} from '@runsight/active-state';
import {
  runsSummaryKey,
  type ListRunsResult,
  type RunsSummary,
  type RunsSummaryQuery,
  type RunsSummaryResult,
} from '@runsight/api-client';
import type { QueryController } from '../controllers/query-controller.js';
import { cardsEn, headlineText } from '../i18n/cards.messages.js';
import { runAgeEn } from '../i18n/run-age.messages.js';
import { deriveRun, type DerivedRun } from '../internal/derive.js';
import { runAge } from '../internal/run-age.js';
import { icon, type IconName } from '../internal/icons.js';
import { cardStyles } from '../styles/card.styles.js';
import { RunsightElement } from './runsight-element.js';
import { renderLink, runLink } from '../internal/links.js';
import { renderQueryStatus, renderRunBadge, runTitle, tenantLabel } from '../internal/view.js';
import { renderSkeleton } from '../internal/render-parts.js';

/** The follow-up window of the cards' figures: the last 24 hours. */
export const FOLLOW_UP_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * The window's start moves in whole steps of this (on the server-corrected clock), so that its
 * summary and list queries keep one store key (and revalidate to 304s) for a quarter of an hour.
 */
export const FOLLOW_UP_STEP_MS = 15 * 60 * 1000;

type Bucket = 'fresh' | 'pastExpected' | 'likelyStale' | 'unknown';
const BUCKETS: Readonly<Record<string, Bucket>> = {
  fresh: 'fresh',
  past_expected: 'pastExpected',
  likely_stale: 'likelyStale',
};

/**
 * A summary counted at `at`, carried to `now` for the active runs the card holds: each one created
 * by `at` whose freshness changed since (fresh → past expected → likely stale on time alone)
 * moves from one figure to the other, and into or out of `needsAttention`, as the backend's next
 * summary will count it. So the figures agree with the badges on the card between two polls and
 * while the backend cannot be reached; runs the card does not hold follow with the next poll.
 */
export function carryFigures(
  summary: RunsSummary,
  at: number | null,
  runs: readonly OperationRun[],
  now: number,
  policies?: LifecyclePolicies,
): RunsSummary {
  if (at === null || !(now > at)) return summary;
  const out = { ...summary };
  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.id) || !(run.createdAt.getTime() <= at)) continue;
    seen.add(run.id);
    const { state } = deriveRun(run, now, policies);
    if (!state.isActive) continue;
    const then = deriveActiveState(run, { now: at, policies });
    const before = BUCKETS[then.freshness] ?? 'unknown';
    const after = BUCKETS[state.freshness] ?? 'unknown';
    if (before === after) continue;
    out[before] = Math.max(0, out[before] - 1);
    out[after]++;
    // Needs attention: likely stale or past expected (attention groups 0 and 1) for active runs.
    const attention = (s: ActiveState) => Number(attentionRank(s) < 2);
    out.needsAttention = Math.max(0, out.needsAttention + attention(state) - attention(then));
  }
  return out;
}

/** The icon of a summary tone (critical, attention, calm). */
function toneIcon(tone: 'calm' | 'attention' | 'critical'): IconName {
  return tone === 'critical' ? 'alert' : tone === 'attention' ? 'warning' : 'check';
}

/**
 * @csspart card - The card (`<section>`).
 * @csspart headline - The summary headline.
 * @csspart row - A run row.
 * @csspart badge - A state badge.
 */
export abstract class RunsightCard extends RunsightElement {
  static override styles = [...RunsightElement.styles, cardStyles];

  protected static override messageSection = { ...cardsEn, ...runAgeEn };

  /** The follow-up window's start the card counts and links with, per scope. */
  #since: { scope: string; at: number } | null = null;
  /** The summary the last view was built from, and its scope. */
  #shown: { scope: string; result: RunsSummaryResult } | null = null;

  /** The active runs a summary's figures are carried forward with (see `carryFigures`). */
  protected heldRuns(): readonly OperationRun[] {
    return [];
  }

  /**
   * The start of the follow-up window of the card's figures and links (ISO-8601): 24 hours
   * before now, rounded down to a quarter of an hour, for `scope`. It moves with the clock only
   * while the card polls: with polling off the figures, their window and their links stay as
   * loaded.
   */
  protected followUpSince(scope: string): string {
    const step = FOLLOW_UP_STEP_MS;
    const at = Math.floor((this.clock.now() - FOLLOW_UP_WINDOW_MS) / step) * step;
    let held = this.#since;
    if (!held || held.scope !== scope || (this.pollIntervalMs > 0 && at > held.at)) {
      held = this.#since = { scope, at };
    }
    return new Date(held.at).toISOString();
  }

  /** The card's summary (`client.watchSummary`, the element's poll interval); null: none. */
  protected createSummaryQuery(
    query: () => RunsSummaryQuery | null,
  ): QueryController<RunsSummaryResult> {
    return this.createQuery<RunsSummaryResult>(() => {
      const q = query();
      if (!q) return null;
      const client = this.resolvedClient;
      const intervalMs = this.pollIntervalMs;
      return {
        client,
        key: `summary:${runsSummaryKey(q)}:${intervalMs}`,
        intervalMs,
        subscribe: (listener) => client.watchSummary(q, { intervalMs }, listener),
      };
    });
  }

  /**
   * The summary to show (once per update, in `willUpdate`): the query's data, else — while a new
   * window loads — the one shown before for the same `scope` (no skeleton between two windows).
   */
  protected summaryToShow(
    query: QueryController<RunsSummaryResult>,
    scope: string,
  ): RunsSummaryResult | undefined {
    const held = this.#shown?.scope === scope ? this.#shown.result : undefined;
    const result = query.data ?? held;
    this.#shown = result ? { scope, result } : null;
    return result;
  }

  /** A summary's figures carried to now with the card's held runs. */
  protected figuresOf(result: RunsSummaryResult): RunsSummary {
    return carryFigures(
      result.summary,
      result.meta.serverTime?.getTime() ?? null,
      this.heldRuns(),
      this.clock.now(),
      this.resolvedClient.policies,
    );
  }

  /** The translated headline of an activity summary. */
  headlineText(summary: ActivitySummary): string {
    return headlineText(this.messages, summary.headlineKey);
  }

  /** The summary headline with its tone icon (`part="headline"`). */
  protected renderHeadline(summary: ActivitySummary): TemplateResult {
    return html`<p part="headline" class="headline" data-tone=${summary.tone}>
      ${icon(toneIcon(summary.tone))}<span>${this.headlineText(summary)}</span>
    </p>`;
  }

  /**
   * A compact run row (`part="row"`): title linking to the run, badge, age, optionally the
   * tenant name ("Workspace" for tenantless runs) and the compact guidance.
   */
  protected renderRunRow(
    d: DerivedRun,
    now: number,
    options: { tenant?: boolean; guidance?: boolean } = {},
  ): TemplateResult {
    const { run, state } = d;
    return html`<li
      part="row"
      class="row"
      data-run-id=${run.id}
      data-freshness=${state.freshness}
      data-tone=${state.badge.tone}
    >
      <span class="row-title">${renderLink(this, runLink(this, run), runTitle(run))}</span>
      ${renderRunBadge(this, d)}
      <span class="row-meta">
        ${options.tenant ? html`<span class="row-tenant">${tenantLabel(this, run)}</span>` : nothing}
        <span class="row-age">${runAge(this, d, now)}</span>
      </span>
      ${
        options.guidance === false
          ? nothing
          : html`<span class="row-guidance">${this.guidanceText(state)}</span>`
      }
    </li>`;
  }

  /**
   * The card shell of the card elements: `<section part="card">` labelled by its `<h2 id="title">`,
   * an optional `headline` beside the title, then `content`.
   */
  protected renderCard(
    title: string,
    content: unknown,
    headline: unknown = nothing,
  ): TemplateResult {
    return html`<section
      part="card"
      class="card"
      aria-labelledby="title"
      lang=${this.resolvedLocale}
    >
      <div class="card-header">
        <h2 id="title">${title}</h2>
        ${headline}
      </div>
      ${content}
    </section>`;
  }

  /**
   * The body while there is nothing to show yet: the missing-attribute message, else the skeleton
   * (`skeletonLines`) while a query loads, else the queries' status banners (an error with Retry).
   */
  protected renderPending(
    queries: readonly QueryController<unknown>[],
    skeletonLines: number,
  ): TemplateResult {
    const missing = this.renderMissingAttributes();
    if (missing !== nothing) return missing;
    if (queries.some((q) => q.loading))
      return renderSkeleton(this.t('state.loading'), skeletonLines);
    return renderQueryStatus(this, this.clock.now(), queries);
  }
}

/** Invalid rows of list queries that may return the same broken rows: the largest count, not the sum. */
export function invalidRowsOf(queries: readonly QueryController<ListRunsResult>[]): number {
  return Math.max(0, ...queries.map((q) => q.data?.meta.invalidRows ?? 0));
}
