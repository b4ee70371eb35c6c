import {
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { summarizeCounts, type ActivitySummary, type OperationRun } from '@runsight/active-state';
import type { ListRunsResult, RunsSummary } from '@runsight/api-client';
import { RunsightCard, invalidRowsOf } from '../base/runsight-card.js';
import { runsSource } from '../internal/runs-source.js';
import type { ListFilters } from '../events.js';
import { earliestChange, type DerivedRun } from '../internal/derive.js';
import { icon, type IconName } from '../internal/icons.js';
import { recentWorkspaceRunsQuery } from '../internal/queries.js';
import { renderEmpty } from '../internal/render-parts.js';
import { deriveRuns } from '../internal/run-sets.js';
import { workspaceRecentOpsStyles } from './workspace-recent-ops.styles.js';
import { listLink, renderLink } from '../internal/links.js';
import { renderQueryStatus } from '../internal/view.js';

interface RecentView {
  now: number;
  rows: DerivedRun[];
  /**
   * The summary's figures, carried to `now` for the runs the card holds, and their headline;
   * null when the backend returned rows outside the workspace (its counts cannot be trusted to be
   * the workspace's either).
   */
  figures: { counts: RunsSummary; summary: ActivitySummary } | null;
  /** The follow-up window's start the figures were counted from (ISO-8601). */
  since: string;
  nextChange: number | null;
}

/**
 * Recent operations across every tenant of the workspace the caller may see: each row with its
 * tenant name ("Workspace" for tenantless runs), badge and age; above them a summary of what
 * needs attention (counts by freshness and follow-up in the last 24 h, how many need attention,
 * tenants affected). Every count of runs is exact and a link to exactly its set.
 *
 * Data: the workspace's summary (`GET /operation-runs/summary`, exact figures at the backend's
 * instant, follow-up since the card's 24 h boundary) and its recent runs (newest 50, or `limit`
 * if larger; the first `limit` are shown). Between two polls the figures follow the badges of
 * the runs the card holds (`carryFigures`).
 *
 * @summary Recent operations across a workspace, with what needs attention.
 * @tag workspace-recent-ops
 *
 * @attr workspace - Workspace id (required).
 * @attr limit - Rows shown (default 10).
 * @attr base-url - API base URL (default `/api`).
 * @attr poll-interval - Poll interval, seconds (default 30; 0 = off).
 * @attr locale - BCP 47 locale (default: closest `lang`).
 *
 * @fires {RunsightNavigateEvent} runsight-navigate - Before following a link; cancelable.
 * @fires {RunsightErrorEvent} runsight-error - A new error loading data (`detail: {error}`).
 *
 * @csspart card - The card.
 * @csspart summary - The workspace summary.
 * @csspart headline - The summary headline.
 * @csspart list - The list of runs.
 * @csspart row - One run.
 * @csspart badge - A state badge.
 * @csspart link - A link.
 * @csspart empty - The empty sentence.
 * @csspart error - The error banner.
 * @csspart banner - Any banner (error, outdated, invalid rows).
 * @csspart skeleton - The loading skeleton.
 */
export class WorkspaceRecentOps extends RunsightCard {
  static override styles = [...RunsightCard.styles, workspaceRecentOpsStyles];

  /** Reactive properties and their attributes (the field declarations below carry the docs). */
  static override properties: PropertyDeclarations = {
    limit: { type: Number },
  };

  protected readonly tagLabel = 'workspace-recent-ops';

  // --- controllers ---
  readonly #summary = this.createSummaryQuery(() =>
    this.workspace
      ? { workspace: this.workspace, completedSince: this.followUpSince(this.#scope) }
      : null,
  );
  readonly #recentRuns = this.createQuery<ListRunsResult>(() =>
    this.workspace
      ? runsSource(
          this.resolvedClient,
          recentWorkspaceRunsQuery(this.workspace, this.#visibleLimit),
          this.pollIntervalMs,
        )
      : null,
  );

  // --- state ---
  #view: RecentView | null = null;

  // --- properties ---
  /** Rows shown (1–200, default 10). */
  limit = 10;

  get #visibleLimit(): number {
    const n = Math.floor(Number(this.limit));
    return Number.isFinite(n) && n >= 1 ? Math.min(n, 200) : 10;
  }

  get #scope(): string {
    return `${this.workspace}\u0000${this.resolvedClient.baseUrl}`;
  }

  protected override heldRuns(): readonly OperationRun[] {
    return this.#recentRuns.data?.runs ?? [];
  }

  // --- lifecycle ---
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const result = this.summaryToShow(this.#summary, this.#scope);
    const recent = this.#recentRuns.data;
    if (!result || !recent || !this.workspace) {
      this.#view = null;
      return;
    }
    const now = this.clock.now();
    const policies = this.resolvedClient.policies;
    // The recent page holds only this workspace's runs (the api-client's scope).
    const active = deriveRuns(recent.runs, now, policies).filter((d) => d.state.isActive);
    this.announceStale(active);
    const counts = this.figuresOf(result);
    this.#view = {
      now,
      rows: deriveRuns(recent.runs.slice(0, this.#visibleLimit), now, policies),
      figures:
        this.#recentRuns.outOfScope > 0 ? null : { counts, summary: summarizeCounts(counts) },
      since: result.meta.completedSince?.toISOString() ?? this.followUpSince(this.#scope),
      nextChange: earliestChange(active),
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.clock.scheduleAt(this.#view?.nextChange ?? null);
  }

  // --- render ---
  protected override render(): TemplateResult {
    return html`${this.renderCard(this.t('recent.title'), this.#renderBody())}
    ${this.announcer.render()}`;
  }

  #renderBody(): TemplateResult {
    const queries = [this.#summary, this.#recentRuns];
    const view = this.#view;
    // No view while the workspace is missing, the data loads or a query failed.
    if (!view) return this.renderPending(queries, 5);
    const invalidRows = invalidRowsOf([this.#recentRuns]);
    return html`
      ${renderQueryStatus(this, this.clock.now(), queries, { invalidRows })}
      ${view.figures ? this.#renderSummary(view, view.figures) : nothing}
      ${
        view.rows.length === 0
          ? renderEmpty(this.t('recent.empty'))
          : html`<ul part="list" class="list" aria-labelledby="title">
              ${view.rows.map((d) => this.renderRunRow(d, view.now, { tenant: true, guidance: false }))}
            </ul>`
      }
      <div class="footer">${renderLink(this, listLink(this, {}), this.t('recent.open'))}</div>
    `;
  }

  #renderSummary(
    view: RecentView,
    { counts: figures, summary }: NonNullable<RecentView['figures']>,
  ): TemplateResult {
    const items: TemplateResult[] = [];
    /** A count with its icon; a link to exactly its set when `filters` says which. */
    const count = (
      name: string,
      n: number,
      iconName: IconName,
      text: string,
      filters?: Omit<ListFilters, 'workspace'>,
    ): void => {
      if (n <= 0) return;
      items.push(
        html`<li class="count" data-count=${name}>
          ${icon(iconName)}${filters ? renderLink(this, listLink(this, filters), text) : html`<span>${text}</span>`}
        </li>`,
      );
    };
    const since = view.since;
    const n = figures;
    count(
      'likely-stale',
      n.likelyStale,
      'alert',
      this.t('recent.count_likely_stale', { count: n.likelyStale }),
      {
        freshness: ['likely_stale'],
      },
    );
    count(
      'past-expected',
      n.pastExpected,
      'hourglass',
      this.t('recent.count_past_expected', { count: n.pastExpected }),
      {
        freshness: ['past_expected'],
      },
    );
    count(
      'follow-up',
      n.followUp,
      'warning',
      this.t('recent.count_follow_up', { count: n.followUp }),
      {
        problem: ['terminal_follow_up'],
        completedSince: since,
      },
    );
    // No list filter selects runs whose state cannot be derived: a count, not a link.
    count('unknown', n.unknown, 'question', this.t('recent.count_unknown', { count: n.unknown }));
    count('fresh', n.fresh, 'play', this.t('recent.count_fresh', { count: n.fresh }), {
      freshness: ['fresh'],
    });
    count(
      'needs-attention',
      n.needsAttention,
      'info',
      this.t('recent.count_needs_attention', { count: n.needsAttention }),
      {
        problem: ['needs_attention'],
        completedSince: since,
        sort: 'attention',
      },
    );
    // Tenants are not rows of the list: a count, not a link.
    count(
      'tenants',
      n.tenantsAffected,
      'info',
      this.t('recent.tenants_affected', { count: n.tenantsAffected }),
    );
    const calm = summary.tone === 'calm';
    return html`<div
      part="summary"
      class="summary"
      data-tone=${summary.tone}
      aria-label=${this.t('recent.summary_title')}
      role="group"
    >
      ${this.renderHeadline(summary)}
      ${calm && summary.active === 0 ? html`<p>${this.t('recent.summary_calm')}</p>` : nothing}
      ${
        items.length > 0
          ? html`<ul class="counts">
              ${items}
            </ul>`
          : nothing
      }
    </div>`;
  }
}
