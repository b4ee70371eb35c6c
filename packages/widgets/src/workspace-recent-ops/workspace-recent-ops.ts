import {
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { attentionRank, summarizeActivity, type ActivitySummary } from '@runsight/active-state';
import type { ListRunsResult } from '@runsight/api-client';
import { RunsightCard, invalidRowsOf } from '../base/runsight-card.js';
import { runsSource } from '../controllers/query-controller.js';
import { earliestChange, type DerivedRun } from '../internal/derive.js';
import { icon, type IconName } from '../internal/icons.js';
import { activeWorkspaceRunsQuery, recentWorkspaceRunsQuery } from '../internal/queries.js';
import { renderEmpty } from '../internal/render-parts.js';
import {
  currentAndRecent,
  deriveRuns,
  FOLLOW_UP_WINDOW_MS,
  mergeRuns,
  windowPartial,
} from '../internal/run-sets.js';
import { workspaceRecentOpsStyles } from './workspace-recent-ops.styles.js';

interface RecentView {
  now: number;
  rows: DerivedRun[];
  summary: ActivitySummary;
  followUpPartial: boolean;
  tenantsAffected: number;
  nextChange: number | null;
}

/**
 * Recent operations across every tenant of the workspace the caller may see: each row with its
 * tenant name ("Workspace" for tenantless runs), badge and age; above them a summary of what
 * needs attention (counts by freshness and follow-up in the last 24 h, tenants affected).
 *
 * Data: the workspace's active runs (`status=active`, complete set for the freshness counts) and
 * its recent runs (newest 50, or `limit` if larger; the first `limit` are shown). Follow-up is
 * counted from those rows, as a lower bound ("50+") when the page does not reach back 24 h.
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
 * @fires runsight-navigate - Before following a link; cancelable.
 * @fires runsight-error - A new error loading data (`detail: {error}`).
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
  readonly #active = this.createQuery<ListRunsResult>(() =>
    this.workspace
      ? runsSource(
          this.resolvedClient,
          activeWorkspaceRunsQuery(this.workspace),
          this.pollIntervalMs,
        )
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

  // --- lifecycle ---
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const active = this.#active.data;
    const recent = this.#recentRuns.data;
    const workspace = this.workspace;
    if (!active || !recent || !workspace) {
      this.#view = null;
      return;
    }
    const now = this.clock.now();
    const policies = this.resolvedClient.policies;
    // Both queries hold only this workspace's runs (the api-client's scope).
    const merged = mergeRuns(active.runs, recent.runs);
    const byId = new Map(merged.map((r) => [r.id, r]));
    const inScope = currentAndRecent(merged, now, FOLLOW_UP_WINDOW_MS);
    const derivedScope = deriveRuns(inScope, now, policies);
    const affected = new Set<string>();
    for (const d of derivedScope) {
      if (attentionRank(d.state) < 3 && d.run.tenantId) affected.add(d.run.tenantId);
    }
    const activeDerived = derivedScope.filter((d) => d.run.status !== 'completed');
    this.announceStale(activeDerived);
    this.#view = {
      now,
      rows: deriveRuns(
        recent.runs.slice(0, this.#visibleLimit).map((r) => byId.get(r.id) ?? r),
        now,
        policies,
      ),
      summary: summarizeActivity(inScope, { now, policies }),
      followUpPartial: windowPartial(
        { runs: recent.runs, meta: recent.meta },
        now,
        FOLLOW_UP_WINDOW_MS,
      ),
      tenantsAffected: affected.size,
      nextChange: earliestChange(activeDerived),
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
    const queries = [this.#active, this.#recentRuns];
    const view = this.#view;
    // No view while the workspace is missing, the data loads or a query failed.
    if (!view) return this.renderPending(queries, 5);
    const invalidRows = invalidRowsOf(queries);
    return html`
      ${this.renderQueryStatus(queries, { invalidRows })} ${this.#renderSummary(view)}
      ${
        view.rows.length === 0
          ? renderEmpty(this.t('recent.empty'))
          : html`<ul part="list" class="list" aria-labelledby="title">
              ${view.rows.map((d) => this.renderRunRow(d, view.now, { tenant: true, guidance: false }))}
            </ul>`
      }
      <div class="footer">${this.renderLink(this.listLink({}), this.t('recent.open'))}</div>
    `;
  }

  #renderSummary(view: RecentView): TemplateResult {
    const { summary } = view;
    const count = (name: string, iconName: IconName, text: string, link: unknown = null) =>
      html`<li class="count" data-count=${name}>
        ${icon(iconName)}${link ?? html`<span>${text}</span>`}
      </li>`;
    const items: TemplateResult[] = [];
    if (summary.likelyStale > 0) {
      const text = this.t('recent.count_likely_stale', { count: summary.likelyStale });
      items.push(
        count(
          'likely-stale',
          'alert',
          text,
          this.renderLink(this.listLink({ freshness: ['likely_stale'] }), text),
        ),
      );
    }
    if (summary.pastExpected > 0) {
      const text = this.t('recent.count_past_expected', { count: summary.pastExpected });
      items.push(
        count(
          'past-expected',
          'hourglass',
          text,
          this.renderLink(this.listLink({ freshness: ['past_expected'] }), text),
        ),
      );
    }
    if (summary.followUp > 0) {
      items.push(
        count(
          'follow-up',
          'warning',
          this.t('recent.count_follow_up', {
            count: summary.followUp,
            partial: view.followUpPartial,
          }),
        ),
      );
    }
    if (summary.unknown > 0) {
      items.push(
        count('unknown', 'question', this.t('recent.count_unknown', { count: summary.unknown })),
      );
    }
    if (summary.fresh > 0) {
      items.push(count('fresh', 'play', this.t('recent.count_fresh', { count: summary.fresh })));
    }
    if (view.tenantsAffected > 0) {
      items.push(
        count(
          'tenants',
          'info',
          this.t('recent.tenants_affected', { count: view.tenantsAffected }),
        ),
      );
    }
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
